import { useEffect, useId, useRef, useState, type FormEvent, type InputHTMLAttributes, type Ref } from 'react';
import { useAppStore } from '../../stores/store-context';

/**
 * Adds an access key pair to the OS keychain (or replaces one: `rotating`). The secret lives only
 * in this form's state until the call is made and is cleared right after, whatever the answer.
 */
export function KeyForm({ rotating, onDone }: { rotating: string | null; onDone(): void }) {
  const saveKey = useAppStore((s) => s.credentials.saveKey);
  const busy = useAppStore((s) => s.credentials.busy);
  const [name, setName] = useState('');
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const id = useId();
  const keyInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (rotating) {
      setName(rotating);
      keyInput.current?.focus();
    }
  }, [rotating]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = { name: name.trim(), accessKeyId: accessKeyId.trim(), secretAccessKey: secret };
    setSecret('');
    const saved = await saveKey(input, rotating !== null);
    if (saved) {
      setAccessKeyId('');
      setName('');
      onDone();
    }
  };

  const working = busy === 'save-key' || busy === 'rotate';
  return (
    <form className="key-form" aria-labelledby={`${id}-heading`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${id}-heading`}>{rotating ? `Replace the key of ${rotating}` : 'Add an access key'}</h3>
      <p className="hint">Stored in the OS keychain, never in a file. Only a masked key id is shown afterwards.</p>
      <div className="key-fields">
        <KeyField id={`${id}-name`} label="Name" value={name} onChange={setName} readOnly={rotating !== null} maxLength={64} placeholder="work" />
        <KeyField id={`${id}-key`} label="Access key id" inputRef={keyInput} value={accessKeyId} onChange={setAccessKeyId} maxLength={128} placeholder="AKIA…" />
        <KeyField id={`${id}-secret`} label="Secret access key" type="password" value={secret} onChange={setSecret} maxLength={256} />
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={working || name.trim() === '' || accessKeyId.trim() === '' || secret === ''}
        >
          {working ? 'Saving…' : rotating ? 'Replace key' : 'Save key'}
        </button>
        {rotating && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setName('');
              setAccessKeyId('');
              setSecret('');
              onDone();
            }}
          >
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

type KeyFieldProps = { id: string; label: string; value: string; onChange(value: string): void; inputRef?: Ref<HTMLInputElement> } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange'
>;

/** One field of the key form: never autofilled or spell-checked (its values are credentials). */
function KeyField({ id, label, value, onChange, inputRef, ...input }: KeyFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input ref={inputRef} id={id} value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} {...input} />
    </div>
  );
}
