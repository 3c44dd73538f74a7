import { errorData, type ContractError } from '@contract/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAppStore } from '../../stores/store-context';

/** No bucket set (data.setting names it): the message says so; offer the way there. */
export function isNoBucket(error: ContractError): boolean {
  return errorData(error, 'invalid-input')?.setting === 'revisions.bucket';
}

/** A failed revisions call's message, with a way to Settings when the revisions bucket is missing. */
export function RevisionsErrorAlert({ error, label }: { error: ContractError; label?: string }) {
  const showPage = useAppStore((s) => s.ui.showPage);
  return (
    <ErrorAlert error={error} label={label}>
      {isNoBucket(error) && (
        <button type="button" className="button" onClick={() => showPage('settings')}>
          Open Settings
        </button>
      )}
    </ErrorAlert>
  );
}
