import path from 'node:path';
import type { KeychainCredentialRef } from '../../contract/credentials/dto';
import type { ImportIniInput, InstanceConfig, Settings, SettingsProblem } from '../../contract/settings/dto';
import { FlotillaError } from '../../contract/errors';
import { writeKey } from '../credentials/keychain';
import type { SecretStore } from '../ports';
import { checkAwsSettingsIni, checkInstanceConfigIni } from './ini-files';
import { launchDefaultsOf, projectForConfig } from './launch-defaults';
import { displayPath, expandHome } from './paths';
import { hasErrors, settingsProblem, summarizeProblems } from './problems';

export interface ImportPlan {
  next: Settings;
  credential: KeychainCredentialRef | null;
  instanceConfig: InstanceConfig | null;
  /** The project whose launch defaults an instance.config set. */
  project: string | null;
  problems: SettingsProblem[];
  /** Takes back what the import already did outside the settings (the keychain entry). */
  undo(): Promise<void>;
}

/** `~/work/aws-settings.ini` → `aws-settings`: the keychain name for an imported key. */
export function importedCredentialName(file: string): string {
  const base = path.basename(file).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (base || 'imported').slice(0, 64);
}

function refuse(problems: SettingsProblem[], file: string): never {
  throw new FlotillaError('invalid-input', `Nothing was imported from ${file}: ${summarizeProblems(problems.filter((p) => p.severity === 'error'))}`, { problems });
}

/**
 * Works out an import: an INI user settings file sets the region, its key pair and SSH key file,
 * and puts the access key (if any) in the keychain; an instance.config becomes the launch defaults
 * of a project (`projectIds`: the known ones, when the caller knows them).
 */
export async function planIniImport(
  input: ImportIniInput,
  current: Settings,
  home: string,
  secrets: SecretStore | undefined,
  projectIds: readonly string[] | null = null,
): Promise<ImportPlan> {
  const source = { path: input.path, home, ...(input.content !== undefined ? { content: input.content } : {}) };
  if (input.kind === 'instance-config') {
    const result = await checkInstanceConfigIni(source);
    if (!result.values || hasErrors(result.problems)) refuse(result.problems, result.file);
    const project = projectForConfig(input.project, expandHome(input.path, home), result.file, projectIds);
    const { defaults, notes } = launchDefaultsOf(result.values, result.file);
    const next = structuredClone(current);
    // Option values chosen in Settings are not in an instance.config: a re-import keeps them.
    const options = current.launchDefaults[project]?.options;
    next.launchDefaults = { ...next.launchDefaults, [project]: options ? { ...defaults, options } : defaults };
    const problems = [...result.problems, ...notes.map(({ key, ...check }) => settingsProblem(result.file, { section: 'EC2', key }, check, 'warning'))];
    return { next, credential: null, instanceConfig: result.values, project, problems, undo: async () => {} };
  }
  const result = await checkAwsSettingsIni(source);
  const values = result.values;
  if (!values || hasErrors(result.problems)) refuse(result.problems, result.file);

  const next = structuredClone(current);
  if (!next.regions.includes(values.region)) next.regions.push(values.region);
  next.regionKeys[values.region] = { keyPair: values.keyPair, sshKeyFile: displayPath(values.sshKeyFile, home) };

  let credential: KeychainCredentialRef | null = null;
  let undo = async () => {};
  if (values.accessKeyId && values.secretAccessKey) {
    if (!secrets) {
      throw new FlotillaError('unavailable', `${result.file} holds an access key, and Flotilla keeps keys only in the OS keychain, which is not available here.`);
    }
    const name = importedCredentialName(input.path);
    const previous = await secrets.get(name);
    credential = await writeKey(secrets, name, { accessKeyId: values.accessKeyId, secretAccessKey: values.secretAccessKey });
    undo = async () => {
      if (previous === null) await secrets.delete(name);
      else await secrets.set(name, previous);
    };
    next.keychainCredentials = [...next.keychainCredentials.filter((c) => c.name !== name), credential];
    if (!next.credential || (next.credential.kind === 'keychain' && next.credential.name === name)) next.credential = credential;
  }
  return { next, credential, instanceConfig: null, project: null, problems: result.problems, undo };
}
