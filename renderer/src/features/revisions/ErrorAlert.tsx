import { errorData, type ContractError } from '@contract/errors';
import { useAppStore } from '../../stores/store-context';
import { MessageText } from '../../components/MessageText';

/** No bucket set (data.setting names it): the message says so; offer the way there. */
export function isNoBucket(error: ContractError): boolean {
  return errorData(error, 'invalid-input')?.setting === 'revisions.bucket';
}

/** A failed call's message, with a way to Settings when the revisions bucket is missing. */
export function ErrorAlert({ error, label }: { error: ContractError; label?: string }) {
  const showPage = useAppStore((s) => s.ui.showPage);
  return (
    <div className="alert alert--error" role="alert" aria-label={label}>
      <p><MessageText text={error.message} /></p>
      {isNoBucket(error) && (
        <button type="button" className="button" onClick={() => showPage('settings')}>
          Open Settings
        </button>
      )}
    </div>
  );
}
