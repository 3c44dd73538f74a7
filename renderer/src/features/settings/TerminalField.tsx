import type { SettingsProblem } from '@contract/settings/dto';
import { CUSTOM_TERMINAL, terminalLaunchersFor } from '@contract/terminals';
import { selectAppInfo } from '../../stores/app-slice';
import { useAppStore } from '../../stores/store-context';
import { FieldError, fieldId, problemsFor } from './fields';

export interface TerminalFieldProps {
  /** The draft's terminal: a launcher id, '' (the usual one) or CUSTOM_TERMINAL. */
  value: string;
  onChange(value: string): void;
  problems: SettingsProblem[];
  /** The program chosen and confirmed in the desktop app, if any. */
  custom: string | null;
  /** The desktop app's chooser stored a program of the user's own (the draft now names it). */
  onChosen(): void;
}

/**
 * Settings → Terminal: a known terminal of this OS, the usual one, or the program chosen (and
 * confirmed) in the desktop app; never a typed program.
 */
export function TerminalField({ value, onChange, problems, custom, onChosen }: TerminalFieldProps) {
  const info = useAppStore(selectAppInfo);
  const chooseTerminal = useAppStore((s) => s.settings.chooseTerminal);
  const terminalId = fieldId('terminal');
  const terminalProblems = [...problemsFor(problems, 'terminal'), ...problemsFor(problems, 'customTerminal')];
  const launchers = terminalLaunchersFor(info?.platform ?? 'linux');
  const unlisted = value !== '' && value !== CUSTOM_TERMINAL && !launchers.some((l) => l.id === value);
  const onChooseTerminal = async () => {
    const after = await chooseTerminal();
    if (after?.settings.terminal === CUSTOM_TERMINAL) onChosen();
  };
  return (
    <fieldset className="settings-group">
      <legend>Terminal</legend>
      <div className="settings-grid">
        <div className="field settings-field--wide">
          <label htmlFor={terminalId}>Terminal program</label>
          <select
            id={terminalId}
            name="terminal"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={terminalProblems.length > 0 ? true : undefined}
            aria-describedby={[`${terminalId}-hint`, terminalProblems.length ? `${terminalId}-error` : null].filter(Boolean).join(' ')}
          >
            <option value="">The usual one (first found)</option>
            {launchers.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
            {custom !== null && <option value={CUSTOM_TERMINAL}>Your program: {custom}</option>}
            {unlisted && <option value={value}>{value} (not available here)</option>}
          </select>
          {info?.mode === 'desktop' && (
            <button type="button" className="button" onClick={() => void onChooseTerminal()}>
              Choose program…
            </button>
          )}
          <p id={`${terminalId}-hint`} className="field-hint">
            Where SSH opens.{' '}
            {info?.mode === 'desktop'
              ? 'Another terminal: Choose program…, then confirm it.'
              : 'Another terminal of your own is chosen in the Flotilla desktop app.'}
          </p>
          {terminalProblems.length > 0 && <FieldError id={`${terminalId}-error`} problems={terminalProblems} />}
        </div>
      </div>
    </fieldset>
  );
}
