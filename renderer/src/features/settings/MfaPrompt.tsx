import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

/** Asks for the MFA code a role needs, then hands it back to test the connection again. */
export function MfaPrompt({ profile, mfaSerial, onSubmit, onCancel }: { profile: string; mfaSerial: string; onSubmit(code: string): void; onCancel(): void }) {
  const [code, setCode] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => {
    input.current?.focus();
  }, []);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = code.trim();
    setCode('');
    onSubmit(value);
  };
  return (
    <div
      className="settings-dialog"
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h3 id={`${id}-title`}>MFA code for {profile}</h3>
      <p id={`${id}-text`}>
        This role needs a code from the MFA device <code className="mono">{mfaSerial}</code>.
      </p>
      <form className="inline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-code`}>MFA code</label>
          <input
            ref={input}
            id={`${id}-code`}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={8}
            required
          />
        </div>
        <button type="submit" className="button button--primary" disabled={code.trim() === ''}>
          Verify and test
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </form>
    </div>
  );
}
