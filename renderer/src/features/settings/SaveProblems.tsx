import type { Ref } from 'react';
import type { SettingsProblem } from '@contract/settings/dto';
import type { ContractError } from '@contract/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FieldLink } from '../../components/FieldLink';
import { MessageText } from '../../components/MessageText';
import { dotted, fieldId } from './fields';

// A problem links to its field when one shows it (`regions.1` is shown by `regions`).
function fieldOf(key: string): string | null {
  for (let k = dotted(key); k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
    if (document.getElementById(fieldId(k))) return fieldId(k);
  }
  return null;
}

// A problem is named as the form labels its field (`Regions, item 2`), not by its key (`regions[1]`).
function labelOf(key: string, id: string): string {
  const label = document.querySelector(`label[for="${id}"]`)?.textContent?.trim() || key;
  const item = /\.(\d+)$/.exec(dotted(key));
  return item && fieldId(dotted(key)) !== id ? `${label}, item ${Number(item[1]) + 1}` : label;
}

/** Why the Preferences were not saved: each refused value, a link to its field, with its fix. */
export function SaveProblems({ error, problems, focusRef }: { error: ContractError; problems: SettingsProblem[]; focusRef: Ref<HTMLDivElement> }) {
  return (
    <ErrorAlert
      title="The settings were not saved."
      message={problems.length > 0 ? `Fix ${problems.length === 1 ? 'this value' : `these ${problems.length} values`}:` : error.message}
      focusRef={focusRef}
    >
      {problems.length > 0 && (
        <ul className="alert-list">
          {problems.map((p, i) => (
            <li key={i}>
              {p.key && fieldOf(p.key) ? <FieldLink field={fieldOf(p.key)!}>{labelOf(p.key, fieldOf(p.key)!)}</FieldLink> : p.key}
              {p.key ? ': ' : ''}
              <MessageText text={`${p.message}; ${p.fix}`} />
            </li>
          ))}
        </ul>
      )}
    </ErrorAlert>
  );
}
