import { useId } from 'react';
import type { SetupTarget } from '../../../main/contract/dto/setup';
import { pendingSetup } from '../stores/setup-slice';
import { useAppStore } from '../stores/store-context';
import { goToSetting, settingTargetId } from './go-to-setting';
import { MessageText } from './MessageText';

const fixPlaces: Record<SetupTarget, string> = {
  'aws-accounts': 'Settings → AWS accounts',
  'default-region': 'Settings → AWS regions',
  'key-pair': 'Settings → AWS regions',
  'ingress-cidr': 'Settings → Instances',
  'revisions-bucket': 'Settings → Revisions',
};

/**
 * First run: what an install still lacks before a launch works. Shown while a required line is
 * open; each line links to the Settings field that fixes it and goes away once it is done.
 */
export function SetupChecklist() {
  const checklist = useAppStore((s) => s.setup.checklist);
  const hidden = useAppStore((s) => s.setup.checklistHidden);
  const hide = useAppStore((s) => s.setup.hideChecklist);
  const showPage = useAppStore((s) => s.ui.showPage);
  const id = useId();
  const pending = pendingSetup(checklist);
  if (!checklist || hidden || pending.length === 0) return null;
  const region = checklist.connection.defaultRegion;
  return (
    <section className="setup-checklist" aria-labelledby={`${id}-heading`}>
      <div className="setup-head">
        <h2 id={`${id}-heading`}>Before your first launch</h2>
        <button type="button" className="button button--small" onClick={hide}>
          Hide for now
        </button>
      </div>
      <ul className="setup-items">
        {pending.map((item) => {
          const target = settingTargetId(item.target, region);
          return (
            <li key={item.id} className="setup-item" data-item={item.id}>
              <span className="setup-label">
                {item.label}
                {item.optional && <span className="muted"> (optional)</span>}
              </span>
              <span className="setup-detail">
                <MessageText text={item.detail} />
              </span>
              <a
                href={`#${target}`}
                className="setup-fix"
                onClick={(e) => {
                  e.preventDefault();
                  goToSetting(() => showPage('settings'), target);
                }}
              >
                Fix in {fixPlaces[item.target]}
                <span className="visually-hidden">: {item.label}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
