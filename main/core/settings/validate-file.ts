import type { SettingsProblem, ValidateSettingsInput } from '../../contract/settings/dto';
import { redact } from '../credentials/redact';
import { checkSettingsFiles, checkSettingsValue } from './check-settings';
import { readText } from './file-checks';
import { checkAwsSettingsIni, checkInstanceConfigIni } from './ini-files';
import { migrateSettings } from './migrate';
import { displayPath, expandHome } from './paths';
import { settingsProblem } from './problems';

/** Every problem of Flotilla's JSON settings text: syntax, version, each value, SSH key files. */
export async function checkSettingsText(text: string, file: string, home: string): Promise<SettingsProblem[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const detail = redact(error instanceof Error ? error.message : String(error));
    return [settingsProblem(file, {}, { message: `the file is not valid JSON (${detail})`, fix: 'correct the syntax, or restore a backup' })];
  }
  const migrated = migrateSettings(raw);
  if (!migrated.ok) return [settingsProblem(file, {}, { message: migrated.message, fix: migrated.fix })];
  const check = checkSettingsValue(migrated.value, file);
  if (!check.settings) return check.problems;
  return [...check.problems, ...(await checkSettingsFiles(check.settings, file, home, 'error'))];
}

/** Checks one file of any kind Flotilla reads; problems are located by file, section and key. */
export async function validateSettingsFile(input: ValidateSettingsInput & { path: string }, home: string): Promise<SettingsProblem[]> {
  const source = { path: input.path, home, ...(input.content !== undefined ? { content: input.content } : {}) };
  if (input.kind === 'aws-settings') return (await checkAwsSettingsIni(source)).problems;
  if (input.kind === 'instance-config') return (await checkInstanceConfigIni(source)).problems;
  const full = expandHome(input.path, home);
  const file = displayPath(full, home);
  if (input.content !== undefined) return checkSettingsText(input.content, file, home);
  const read = await readText(full, file);
  if ('check' in read) return [settingsProblem(file, {}, read.check)];
  return checkSettingsText(read.text, file, home);
}
