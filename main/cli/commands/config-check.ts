import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import type { SettingsFileKind, SettingsProblem } from '../../contract/dto/settings';
import { redact } from '../../core/credentials/redact';
import { validateSettingsFile } from '../../core/settings/validate-file';
import { settingsProblem } from '../../core/settings/problems';
import { displayPath } from '../../core/settings/paths';
import { adoptEarlierSettings, resolveSettingsLocation } from '../../node/settings-location';
import type { Output } from '../context';

export interface ConfigCheckOptions {
  /** Flotilla's JSON settings file (default: the one in the user's config folder, if there is one). */
  settings?: string;
  /** An INI user settings file (`[EC2]` AccessKeyId, SecretAccessKey, AvailabilityZone, SSHKeyPair, SSHKeyPairFile). */
  awsSettings?: string;
  /** A product's instance.config (`[EC2]` ImageID, InstanceType, ...). */
  instanceConfig?: string;
  /** For tests: the home folder (`~`) and the environment (FLOTILLA_CONFIG_DIR, ...; default process.env). */
  home?: string;
  env?: Partial<Record<string, string>>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `flotilla config check [--settings FILE] [--aws-settings FILE] [--instance-config FILE]`: prints
 * every problem as `FILE: [EC2] KEY: message; fix` and answers 1 if any is an error, 0 when there are
 * only warnings (a launch.py region in AvailabilityZone) or none. Two settings files that differ are an
 * error here: the user must choose one.
 * Values that look like secrets are redacted, so the output is safe in a CI log.
 */
export async function configCheckCommand(options: ConfigCheckOptions, io: Output): Promise<number> {
  const home = options.home ?? homedir();
  const files: { kind: SettingsFileKind; path: string }[] = [];
  if (options.settings) files.push({ kind: 'settings', path: options.settings });
  if (options.awsSettings) files.push({ kind: 'aws-settings', path: options.awsSettings });
  if (options.instanceConfig) files.push({ kind: 'instance-config', path: options.instanceConfig });
  const problems: SettingsProblem[] = [];
  if (files.length === 0) {
    // The one settings file the app and browser mode use too, and any other that differs from it.
    const adopted = adoptEarlierSettings(resolveSettingsLocation({ env: options.env ?? process.env, home, platform: process.platform }), { home });
    problems.push(...adopted.notices.map((notice) => settingsProblem(displayPath(adopted.file, home), {}, notice, 'error')));
    if (!existsSync(adopted.file)) {
      io.out(`No settings file at ${adopted.file} (Flotilla uses its defaults). Pass --settings, --aws-settings or --instance-config to check a file.`);
      return 0;
    }
    files.push({ kind: 'settings', path: adopted.file });
  }
  for (const file of files) problems.push(...(await validateSettingsFile(file, home)));
  for (const problem of problems) io.err(redact(problem.text) + (problem.severity === 'warning' ? ' (warning)' : ''));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const summary =
    problems.length === 0
      ? 'no problems'
      : `${plural(problems.length, 'problem')} (${plural(errors, 'error')}, ${plural(problems.length - errors, 'warning')})`;
  io.out(`${plural(files.length, 'file')} checked: ${summary}.`);
  return errors > 0 ? 1 : 0;
}
