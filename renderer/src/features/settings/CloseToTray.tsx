import type { AppInfo } from '@contract/app/dto';
import { closesToTray } from '@contract/tray';

type Choice = 'auto' | 'tray' | 'quit';
const choiceOf = (value: boolean | null): Choice => (value === null ? 'auto' : value ? 'tray' : 'quit');
const valueOf = (choice: Choice): boolean | null => (choice === 'auto' ? null : choice === 'tray');

const GNOME = 'GNOME needs the “AppIndicator and KStatusNotifierItem Support” extension';

export interface CloseToTrayText {
  /** The Automatic option's label: what automatic means here. */
  automatic: string;
  /** What closing the window will do, and why. */
  hint: string;
  /** The tray finding behind it (app.info's tray detail), when it adds something. */
  detail: string | null;
  /** Close to tray turned on where no tray icon may show. */
  warning: string | null;
}

/** What Settings says about Close to tray for a choice (null = automatic) on this desktop. */
export function closeToTrayText(value: boolean | null, info: Pick<AppInfo, 'mode' | 'tray'> | null): CloseToTrayText {
  if (info === null) return { automatic: 'Automatic', hint: '', detail: null, warning: null };
  const { tray } = info;
  if (info.mode !== 'desktop') return { automatic: 'Automatic (the desktop app decides)', hint: tray.detail, detail: null, warning: null };
  const on = closesToTray(value, tray.status);
  const automaticOn = closesToTray(null, tray.status);
  const automatic = `Automatic: ${automaticOn ? 'keep running in the tray' : 'quit Flotilla'}`;
  const effect = on ? 'Closing the window keeps Flotilla running in the tray.' : 'Closing the window quits Flotilla.';
  const noTray =
    tray.status === 'no-host'
      ? `No system tray was found on this desktop (${GNOME})`
      : tray.status === 'unknown'
        ? 'Flotilla could not tell whether this desktop shows tray icons'
        : 'Flotilla has no tray icon';
  if (tray.status === 'shown') return { automatic, hint: value === null ? `${effect} ${tray.detail}` : effect, detail: null, warning: null };
  if (!on) return { automatic, hint: value === false ? effect : `${noTray}, so closing the window quits Flotilla.`, detail: tray.detail, warning: null };
  return {
    automatic,
    hint: effect,
    detail: tray.detail,
    warning: `${noTray}: a closed window may have no icon to come back through. Start Flotilla again to bring it back, or choose Automatic.`,
  };
}

/** Settings → When the window is closed: automatic (from the tray finding), keep running in the tray, or quit. */
export function CloseToTrayField({ value, onChange, info }: { value: boolean | null; onChange(value: boolean | null): void; info: Pick<AppInfo, 'mode' | 'tray'> | null }) {
  const text = closeToTrayText(value, info);
  const id = 'setting-closeToTray';
  return (
    <div className="field settings-field--wide">
      <label htmlFor={id}>When the window is closed</label>
      <select id={id} name="closeToTray" value={choiceOf(value)} onChange={(e) => onChange(valueOf(e.target.value as Choice))} aria-describedby={`${id}-hint`}>
        <option value="auto">{text.automatic}</option>
        <option value="tray">Keep running in the tray</option>
        <option value="quit">Quit Flotilla</option>
      </select>
      <p id={`${id}-hint`} className="field-hint">
        {text.hint}
      </p>
      {text.detail && <p className="field-hint">Details: {text.detail}</p>}
      {text.warning && (
        <p className="alert alert--warn" role="note">
          {text.warning}
        </p>
      )}
    </div>
  );
}
