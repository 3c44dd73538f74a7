import { MAX_ROOT_VOLUME_GIB, type LaunchField, type LaunchInput, type LaunchProblem, type LaunchValueSource, type ResolvedLaunchValue } from '@contract/instances/launch-dto';
import type { ProjectDetail } from '@contract/projects/dto';
import { MARKET_MODES } from '@contract/instances/dto';
import { errorData, type ContractError } from '@contract/errors';
import { parseEnvLines } from './parse-env-lines';
import { optionShapeProblem, optionUnset, optionValue } from './launch-options';

/** What the launch form holds, as typed. `ttl` is null until the user types one: the resolved default is shown. */
export interface LaunchFormValues {
  project: string;
  gitUser: string;
  branch: string;
  count: string;
  ttl: string | null;
  region: string;
  image: string;
  instanceType: string;
  rootVolumeSize: string;
  keyPair: string;
  securityGroupId: string;
  env: string;
  /** For a project with a package: `current` (also when empty), `previous` or `<package>.<rev>`. */
  revision: string;
  /** Template option values the user changed, by option name; the others get the resolved value. */
  options: Record<string, string>;
  /** `on-demand`, `spot` or `spot-or-on-demand`; empty for the project's. */
  market: string;
}

/** A one-value field of the form. */
export type LaunchFormField = Exclude<keyof LaunchFormValues, 'options'>;

/** A field of the form a problem can point to: one of the fixed ones, or `option.<name>`. */
export type LaunchFormTarget = LaunchFormField | `option.${string}`;

export const emptyLaunchForm: LaunchFormValues = {
  project: '',
  gitUser: '',
  branch: '',
  count: '1',
  ttl: null,
  region: '',
  image: '',
  instanceType: '',
  rootVolumeSize: '',
  keyPair: '',
  securityGroupId: '',
  env: '',
  revision: '',
  options: {},
  market: '',
};

/** Each field as the form labels it: problems are named this way, never by the contract's key. */
export const LAUNCH_LABELS: Record<LaunchFormField, string> = {
  project: 'Project',
  gitUser: 'GitHub user',
  branch: 'Branch',
  count: 'Count',
  ttl: 'Time to live',
  region: 'Region',
  image: 'Image (optional)',
  instanceType: 'Instance type (optional)',
  rootVolumeSize: 'Root volume GiB (optional)',
  keyPair: 'Key pair',
  securityGroupId: 'Security group',
  env: 'Env vars (KEY=VALUE lines)',
  revision: 'Revision',
  market: 'Market',
};

/** The label without its "(optional)" or "(KEY=VALUE lines)" tail, for messages; `Option workers` for an option. */
export function fieldName(field: LaunchFormTarget): string {
  if (field.startsWith('option.')) return `Option ${field.slice('option.'.length)}`;
  return LAUNCH_LABELS[field as LaunchFormField].replace(/ \(.*\)$/, '');
}

/** A problem of a field the form does not show (launch id) is listed under Project. */
export function formFieldOf(field: LaunchField | string): LaunchFormTarget {
  if (/^option\.[a-z][a-z0-9_]*$/.test(field)) return field as `option.${string}`;
  return field in LAUNCH_LABELS ? (field as LaunchFormField) : 'project';
}

/** The id of a field's control: `launch-branch`, `launch-option-workers`. */
export function fieldId(field: LaunchFormTarget): string {
  return `launch-${field.replace('.', '-')}`;
}

/**
 * The input the form's values make (fields left empty are left out, so the core applies the
 * defaults), and the problems only the form can see (a count or size that is not a number, an env
 * line without `=`, an option value of the wrong shape); a field with such a problem is left out of
 * the input. `detail` is the project's, once known: a project with a package gets its revision
 * (`current` unless picked), and only its declared options are sent.
 */
export function launchInputOf(values: LaunchFormValues, project: string, detail: ProjectDetail | null = null): { input: LaunchInput; problems: LaunchProblem[] } {
  const problems: LaunchProblem[] = [];
  const input: LaunchInput = { project, gitUser: values.gitUser.trim(), branch: values.branch.trim() };
  if (!project) problems.push({ field: 'project', message: 'pick a project (there is no launchable project yet)' });
  const count = values.count.trim();
  if (/^\d+$/.test(count) && Number(count) >= 1 && Number(count) <= 20) input.count = Number(count);
  else problems.push({ field: 'count', message: `must be a whole number from 1 to 20${count ? `, not '${count}'` : ''}` });
  const rootVolume = values.rootVolumeSize.trim();
  if (rootVolume) {
    if (/^\d+$/.test(rootVolume) && Number(rootVolume) >= 1 && Number(rootVolume) <= MAX_ROOT_VOLUME_GIB) input.rootVolumeSize = Number(rootVolume);
    else problems.push({ field: 'rootVolumeSize', message: `must be a whole number of GiB from 1 to ${MAX_ROOT_VOLUME_GIB}, or empty for the project's or image's size` });
  }
  const { env, problems: envProblems } = parseEnvLines(values.env);
  problems.push(...envProblems.map((message) => ({ field: 'env' as const, message })));
  if (Object.keys(env).length) input.env = env;
  const optional = { ttl: values.ttl ?? '', region: values.region, image: values.image, instanceType: values.instanceType, keyPair: values.keyPair, securityGroupId: values.securityGroupId };
  for (const [name, value] of Object.entries(optional)) if (value.trim()) input[name as keyof typeof optional] = value.trim();
  if (values.ttl !== null && !values.ttl.trim()) problems.push({ field: 'ttl', message: 'is empty; write one like 90m, 4h or 2d' });
  const known = detail?.id === project ? detail : null;
  if (known?.package) input.revision = values.revision.trim() || 'current';
  const options: Record<string, string> = {};
  for (const [name, value] of Object.entries(values.options)) {
    const option = known?.options.find((o) => o.name === name);
    if (!option || optionUnset(option, value)) continue;
    const problem = optionShapeProblem(option, value);
    if (problem) problems.push({ field: `option.${name}`, message: problem });
    else options[name] = optionValue(option, value);
  }
  if (Object.keys(options).length) input.options = options;
  const market = MARKET_MODES.find((m) => m === values.market);
  if (market) input.market = market;
  return { input, problems };
}

/** The field problems in a failed call: the core's (`data.fields`) or the contract's (`data.issues`); else none. */
export function problemsOfError(error: ContractError): LaunchProblem[] {
  const fields = errorData(error, 'invalid-input')?.fields;
  if (fields) return fields;
  const issues = errorData(error, 'bad-request')?.issues;
  return issues ? issues.map((i) => ({ field: formFieldOf(i.path.split('.')[0] ?? ''), message: i.message })) : [];
}

/** Merges problem lists, one entry per field and message, the form's own first. */
export function mergeProblems(...lists: LaunchProblem[][]): LaunchProblem[] {
  const seen = new Set<string>();
  return lists.flat().filter((p) => {
    const key = `${p.field}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const FROM: Record<LaunchValueSource, string> = {
  launch: 'as entered',
  template: "from the project's template",
  'launch-defaults': "from the project's launch defaults (Settings → Launch defaults)",
  settings: 'Settings',
  'env-file': "from the project's env file",
};

/**
 * Where a value comes from: `Will use eu-west-1, from the project's template.`; for the TTL, which
 * the field shows, `From the project's template.`, or `Default 8h, from …` once the user typed one.
 */
export function sourceHint(what: 'region' | 'ttl' | 'image', resolved: ResolvedLaunchValue | undefined, typed = false): string | null {
  if (!resolved?.value) return null;
  const settingsWord = { region: "Settings' default region", ttl: "Settings' default lifetime", image: 'Settings' }[what];
  const from = resolved.source === 'settings' ? settingsWord : FROM[resolved.source];
  if (what !== 'ttl') return `Will use ${resolved.value}, ${from}.`;
  if (typed) return resolved.source === 'launch' ? null : `Default ${resolved.value}, ${from}.`;
  return `${from.charAt(0).toUpperCase()}${from.slice(1)}.`;
}
