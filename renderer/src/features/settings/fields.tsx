import type { ReactNode } from 'react';
import { MessageText } from '../../components/MessageText';
import type { SettingsProblem } from '@contract/settings/dto';

/** The problems that belong to a field: its key, or a key inside it (`regions.1` for `regions`). */
export function problemsFor(problems: readonly SettingsProblem[], key: string): SettingsProblem[] {
  return problems.filter((p) => {
    const k = p.key === undefined ? undefined : dotted(p.key);
    return k !== undefined && (k === key || k.startsWith(`${key}.`));
  });
}

/** `regions[1]` → `regions.1`: main names array items either way. */
export function dotted(key: string): string {
  return key.replace(/\[(\d+)\]/g, '.$1');
}

/** A stable, valid DOM id for a settings key. */
export function fieldId(key: string): string {
  return `setting-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** What a problem says next to its field: the message and the fix, without the location. */
export function shortText(p: SettingsProblem): string {
  return `${p.message}; ${p.fix}`;
}

export interface TextFieldProps {
  settingKey: string;
  label: string;
  value: string;
  onChange(value: string): void;
  problems: readonly SettingsProblem[];
  hint?: ReactNode;
  type?: 'text' | 'number';
  placeholder?: string;
  list?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'url';
  wide?: boolean;
}

/** A labelled input whose problems show under it and are announced with it. */
export function TextField({ settingKey, label, value, onChange, problems, hint, type = 'text', placeholder, list, inputMode, wide }: TextFieldProps) {
  const id = fieldId(settingKey);
  const mine = problemsFor(problems, settingKey);
  const describedBy = [hint ? `${id}-hint` : null, mine.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={wide ? 'field settings-field--wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={settingKey}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={mine.length > 0 ? true : undefined}
        aria-describedby={describedBy}
        placeholder={placeholder}
        list={list}
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
      />
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {mine.length > 0 && <FieldError id={`${id}-error`} problems={mine} />}
    </div>
  );
}

export function FieldError({ id, problems }: { id: string; problems: readonly SettingsProblem[] }) {
  return (
    <p id={id} className="field-error">
      <MessageText text={problems.map(shortText).join(' · ')} />
    </p>
  );
}
