import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SettingsView, Theme } from '@contract/settings/dto';
import { CUSTOM_TERMINAL } from '@contract/terminals';
import { selectAppInfo } from '../../stores/app-slice';
import { useAppStore } from '../../stores/store-context';
import { CloseToTrayField } from './CloseToTray';
import { regionList, toDraft, toPatch, type Draft } from './draft';
import { problemsFor, TextField } from './fields';
import { SaveProblems } from './SaveProblems';
import { TerminalField } from './TerminalField';

const KNOWN_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-north-1', 'eu-south-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1',
  'ap-southeast-2', 'sa-east-1',
];

const themes: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Preferences (`settings.get` / `settings.update`); refused values show next to their fields. */
export function SettingsForm({ view }: { view: SettingsView }) {
  const save = useAppStore((s) => s.settings.save);
  const update = useAppStore((s) => s.settings.update);
  const refuseLocally = useAppStore((s) => s.settings.refuseLocally);
  const info = useAppStore(selectAppInfo);
  const keepDraft = useAppStore((s) => s.settings.keepDraft);
  // Unsaved edits survive a visit to another page: the store keeps them until saved or discarded.
  const kept = useAppStore((s) => s.settings.unsavedDraft);
  const [draft, setDraft] = useState<Draft>(() => kept ?? toDraft(view.settings));
  const [dirty, setDirty] = useState(kept !== null);
  const summary = useRef<HTMLDivElement>(null);
  // Counts edits, so a save that ends after further typing does not throw that typing away.
  const edits = useRef(0);
  const id = useId();

  // Follow changes made elsewhere (another window, an import) unless the user is editing.
  useEffect(() => {
    if (!dirty) setDraft(toDraft(view.settings));
  }, [view.settings, dirty]);

  useEffect(() => {
    keepDraft(dirty ? draft : null);
  }, [draft, dirty, keepDraft]);

  useEffect(() => {
    if (save.status === 'error') summary.current?.focus();
  }, [save]);

  const problems = save.status === 'error' ? save.problems : [];
  const change = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    edits.current += 1;
    setDirty(true);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const field = (settingKey: string, label: string, key: keyof Draft, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      settingKey={settingKey}
      label={label}
      value={draft[key] as string}
      onChange={(v) => change(key, v as never)}
      problems={problems}
      {...extra}
    />
  );

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { patch, problems: local } = toPatch(draft, view.file);
    if (local.length > 0) {
      refuseLocally(local);
      return;
    }
    const editsAtSave = edits.current;
    if ((await update(patch)) && edits.current === editsAtSave) setDirty(false);
  };

  const regions = regionList(draft.regions);
  const notificationProblems = problemsFor(problems, 'notifications');

  return (
    <form className="settings-form" aria-labelledby={`${id}-heading`} onSubmit={(e) => void onSubmit(e)} noValidate>
      <h2 id={`${id}-heading`}>Preferences</h2>

      {save.status === 'error' && <SaveProblems error={save.error} problems={problems} focusRef={summary} />}

      <fieldset className="settings-group">
        <legend>AWS regions</legend>
        <datalist id={`${id}-regions`}>
          {KNOWN_REGIONS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <div className="settings-grid">
          {field('regions', 'Regions', 'regions', { hint: 'Region codes, separated by commas (us-east-1, eu-west-1).', wide: true })}
          {field('defaultRegion', 'Default region', 'defaultRegion', { list: `${id}-regions`, hint: 'One of the regions above.' })}
        </div>
        {regions.length > 0 && (
          <table className="settings-table region-keys">
            <caption>Key pair and SSH key file per region</caption>
            <thead>
              <tr>
                <th scope="col">Region</th>
                <th scope="col">EC2 key pair</th>
                <th scope="col">SSH private key file</th>
              </tr>
            </thead>
            <tbody>
              {regions.map((region) => {
                const keys = draft.regionKeys[region] ?? { keyPair: '', sshKeyFile: '' };
                const set = (k: 'keyPair' | 'sshKeyFile', v: string) =>
                  change('regionKeys', { ...draft.regionKeys, [region]: { ...keys, [k]: v } });
                return (
                  <tr key={region}>
                    <th scope="row" className="mono">
                      {region}
                    </th>
                    <td>
                      <TextField
                        settingKey={`regionKeys.${region}.keyPair`}
                        label={`Key pair for ${region}`}
                        value={keys.keyPair}
                        onChange={(v) => set('keyPair', v)}
                        problems={problems}
                        placeholder="my-key-pair"
                      />
                    </td>
                    <td>
                      <TextField
                        settingKey={`regionKeys.${region}.sshKeyFile`}
                        label={`SSH key file for ${region}`}
                        value={keys.sshKeyFile}
                        onChange={(v) => set('sshKeyFile', v)}
                        problems={problems}
                        placeholder="~/.ssh/my-key.pem"
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </fieldset>

      <fieldset className="settings-group">
        <legend>Instances</legend>
        <div className="settings-grid">
          {field('sshUser', 'Default SSH user', 'sshUser', { hint: 'Used when a project sets no ssh-user.' })}
          {field('ttl.defaultMinutes', 'Default lifetime (minutes)', 'ttlDefault', { type: 'number', inputMode: 'numeric' })}
          {field('ttl.maxMinutes', 'Maximum lifetime (minutes)', 'ttlMax', { type: 'number', inputMode: 'numeric' })}
          {field('budgetCapUsd', 'Monthly budget cap (USD)', 'budget', { type: 'number', inputMode: 'decimal', hint: 'Empty for no cap.' })}
          {field('hookTimeoutSeconds', 'Hook timeout (seconds)', 'hookTimeout', { type: 'number', inputMode: 'numeric' })}
          {field('ingressCidr', 'Ingress CIDR', 'ingressCidr', { hint: 'Empty for your own address.', placeholder: '203.0.113.0/24' })}
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Revisions</legend>
        <div className="settings-grid">
          {field('revisions.bucket', 'Revisions bucket', 'bucket', { hint: 'The S3 bucket holding releases; empty for none.' })}
          {field('revisions.keep', 'Old revisions kept', 'keep', { type: 'number', inputMode: 'numeric' })}
          {field('revisions.ssmOutputPrefix', 'SSM output prefix', 'ssmOutputPrefix', {
            hint: 'Sync now over SSM: SSM also writes the whole output under this prefix of the revisions bucket, so the log is not cut at 24 000 characters. Empty for off.',
            placeholder: 'flotilla-ssm-output/',
          })}
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Notifications</legend>
        <div className="settings-check-row">
          {(
            [
              ['ready', 'An instance is ready'],
              ['failed', 'An instance failed'],
              ['expiring', 'An instance is about to expire'],
              ['updates', 'An update is ready to install (desktop app)'],
            ] as const
          ).map(([key, label]) => (
            <label key={key} className="settings-check">
              <input
                type="checkbox"
                checked={draft.notifications[key]}
                onChange={(e) => change('notifications', { ...draft.notifications, [key]: e.target.checked })}
              />
              {label}
            </label>
          ))}
        </div>
        {notificationProblems.length > 0 && <p className="field-error">{notificationProblems.map((p) => p.text).join(' · ')}</p>}
        <div className="settings-grid">
          {field('webhookUrl', 'Webhook URL', 'webhookUrl', { hint: 'Receives a POST on instance events; empty for none.', inputMode: 'url', wide: true })}
        </div>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Appearance and desktop</legend>
        <div className="settings-check-row" role="radiogroup" aria-label="Theme">
          {themes.map((t) => (
            <label key={t.value} className="settings-check">
              <input type="radio" name="theme" value={t.value} checked={draft.theme === t.value} onChange={() => change('theme', t.value)} />
              {t.label}
            </label>
          ))}
        </div>
        <div className="settings-grid">
          <CloseToTrayField value={draft.closeToTray} onChange={(v) => change('closeToTray', v)} info={info} />
        </div>
        <div className="settings-check-row">
          {(
            [
              ['launchAtLogin', 'Start at login'],
              ['autoUpdate', 'Update automatically'],
            ] as const
          ).map(([key, label]) => (
            <label key={key} className="settings-check">
              <input type="checkbox" checked={draft[key]} onChange={(e) => change(key, e.target.checked)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>

      <TerminalField
        value={draft.terminal}
        onChange={(value) => change('terminal', value)}
        problems={problems}
        custom={view.settings.customTerminal}
        onChosen={() => setDraft((d) => ({ ...d, terminal: CUSTOM_TERMINAL }))}
      />

      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.status === 'saving'}>
          {save.status === 'saving' ? 'Saving…' : 'Save settings'}
        </button>
        {dirty && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setDirty(false);
              setDraft(toDraft(view.settings));
            }}
          >
            Discard changes
          </button>
        )}
        <span role="status" className={dirty ? 'muted' : 'ok-line'}>
          {save.status === 'saved' && !dirty ? 'Settings saved.' : dirty ? 'Unsaved changes: kept while you visit other pages, until you save or discard them.' : ''}
        </span>
      </div>
    </form>
  );
}
