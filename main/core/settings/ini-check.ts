import type { SettingsProblem } from '../../contract/settings/dto';
import { nearest } from '../projects/edit-distance';
import type { IniDocument } from './ini-text';
import { settingsProblem, type Check } from './problems';
import type { Rule } from './rules';

export interface IniKeySpec {
  required: boolean;
  /** Shown in the fix when the key is missing. */
  example: string;
  rule?: Rule;
}

export interface IniFileSpec {
  section: string;
  keys: Record<string, IniKeySpec>;
}

/** A template's placeholder: the whole value, or one path segment, in angle brackets (`<insert ...>`, `/home/<user>/k.pem`). */
const PLACEHOLDER = /^<[^<>]*>$|(?:^|[\\/])<[^<>\\/]*>(?:[\\/]|$)/;

export interface IniCheck {
  /** The known keys found (under their proper names, even when misspelled in the file). */
  values: Record<string, string>;
  problems: SettingsProblem[];
}

/**
 * Checks the structure and values of an INI file against a spec: the section, unknown keys (with
 * the nearest known name for a misspelling), missing required keys, empty values and each rule.
 */
export function checkIni(doc: IniDocument, spec: IniFileSpec, file: string): IniCheck {
  const problems: SettingsProblem[] = [];
  const add = (where: { section?: string; key?: string }, check: Check, severity: 'error' | 'warning' = 'error') =>
    problems.push(settingsProblem(file, where, check, severity));
  const { section } = spec;
  const known = Object.keys(spec.keys);

  for (const key of Object.keys(doc.topLevel)) {
    add({ key }, { message: 'this key is outside any section', fix: `put it under a [${section}] line` });
  }

  const names = Object.keys(doc.sections);
  let found = names.includes(section) ? section : null;
  if (!found) {
    const near = names.find((n) => n.toLowerCase() === section.toLowerCase()) ?? nearest(section, names);
    if (near !== null && near !== undefined) {
      add({ section: near }, { message: `missing section [${section}]`, fix: `did you mean [${section}]? rename [${near}] to [${section}]` });
      found = near;
    } else {
      add({ section }, { message: `missing section [${section}]`, fix: `add a line [${section}] above the settings` });
    }
  }
  for (const other of names) {
    if (other === found) continue;
    add({ section: other }, { message: 'unknown section', fix: `remove it; Flotilla reads only [${section}]` }, 'warning');
  }

  const entries = found ? doc.sections[found]! : {};
  const where = (key: string) => ({ section: found ?? section, key });
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (known.includes(key)) {
      values[key] = value;
      continue;
    }
    const byCase = known.find((k) => k.toLowerCase() === key.toLowerCase());
    if (byCase && !(byCase in entries)) {
      // Python's ConfigParser (launch.py's reader) folds key names to lowercase, so their case never mattered there.
      add(where(key), { message: 'key names are read in any case, as launch.py does', fix: `write it ${byCase}` }, 'warning');
      values[byCase] = value;
      continue;
    }
    const guess = byCase ?? nearest(key.toLowerCase(), known.map((k) => k.toLowerCase()));
    const proper = guess ? known.find((k) => k.toLowerCase() === guess.toLowerCase())! : null;
    if (proper && !(proper in entries)) {
      add(where(key), { message: 'unknown key', fix: `did you mean ${proper}? rename ${key} to ${proper}` });
      values[proper] = value;
    } else {
      add(where(key), { message: 'unknown key', fix: `remove it; the known keys are ${known.join(', ')}` }, 'warning');
    }
  }

  for (const [key, keySpec] of Object.entries(spec.keys)) {
    const value = values[key];
    if (value === undefined) {
      if (keySpec.required) add(where(key), { message: 'missing key', fix: `add a line ${key} = ${keySpec.example}` });
      continue;
    }
    if (value.trim() === '') {
      add(where(key), { message: 'the value is empty', fix: `set it, e.g. ${key} = ${keySpec.example}` });
      continue;
    }
    if (PLACEHOLDER.test(value.trim())) {
      add(where(key), { message: "the value is still the template's placeholder", fix: `replace it with your own, e.g. ${key} = ${keySpec.example}` });
      continue;
    }
    const check = keySpec.rule?.(value);
    if (check) add(where(key), check, check.severity ?? 'error');
  }
  return { values, problems };
}
