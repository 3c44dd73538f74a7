import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

const SIX_DIGITS = /^\d{6}$/;

/**
 * Asks for the MFA code a role needs, in a modal <dialog> (showModal: focus stays inside, the rest
 * of the page is inert), then hands the code back to test the connection again. Escape or Cancel
 * gives up; either way focus returns to what had it before (the Test button).
 */
export function MfaPrompt({ profile, mfaSerial, onSubmit, onCancel }: { profile: string; mfaSerial: string; onSubmit(code: string): void; onCancel(): void }) {
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    const box = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (box && !box.open) {
      // Guarded for environments without <dialog> support: then it is at least shown.
      if (typeof box.showModal === 'function') box.showModal();
      else box.setAttribute('open', '');
    }
    input.current?.focus();
    return () => {
      if (box?.open && typeof box.close === 'function') box.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!SIX_DIGITS.test(code)) {
      setProblem(code === '' ? 'Enter the 6-digit code your MFA device shows.' : `The code has ${code.length} digit${code.length === 1 ? '' : 's'}; enter all 6 digits your MFA device shows.`);
      input.current?.focus();
      return;
    }
    setCode('');
    onSubmit(code);
  };

  return (
    <dialog
      ref={dialog}
      className="dialog mfa-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        // Escape: the parent closes the dialog by unmounting it.
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>MFA code for {profile}</h2>
      <p id={`${id}-text`}>
        This role needs a code from the MFA device <code className="mono">{mfaSerial}</code>.
      </p>
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-code`}>MFA code</label>
          <input
            ref={input}
            id={`${id}-code`}
            value={code}
            onChange={(e) => {
              setCode(e.target.value.replace(/\D/g, '').slice(0, 6));
              setProblem(null);
            }}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
          />
          {problem && (
            <p id={`${id}-problem`} className="field-error" role="alert">
              {problem}
            </p>
          )}
        </div>
        <button type="submit" className="button button--primary">
          Verify and test
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </form>
    </dialog>
  );
}
