import { ACCESS_MODES, MARKET_MODES, type AccessMode, type MarketMode } from '../../contract/instances/dto';
import type { ProjectDetail, ProjectSummary, TemplateOption } from '../../contract/projects/dto';
import { formatByteCount, formatBytes } from '../../contract/format-bytes';
import { loadEnvFile, type LoadedEnvFile } from './env-file';
import { metaRecord, parseMeta } from './meta';
import { readOptions, validateMeta } from './meta-rules';
import { countProblems, error, sortProblems, stateOf, toProblem, type Finding } from './problems';
import { readProjectFile } from './read-project-file';
import { findUnquotedInsertions } from './template-quoting-lint';
import { compileTemplate, SAMPLE_VARS, type CompiledTemplate } from './template';
import { findFileTags } from './template-errors';
import { optionValues } from './template-options';
import { USER_DATA_LIMIT_BYTES, userDataSizeFinding } from './user-data';

/** A project as the catalog holds it: what the API shows, and the compiled template if any. */
export interface LoadedProject {
  detail: ProjectDetail;
  /** Null when the template does not compile (the detail then has an error saying why). */
  template: CompiledTemplate | null;
  /**
   * The env file's values by key (a reference as written, `ssm:/...`); empty without an env file.
   * For the launch only: never sent to the renderer, logged or shown.
   */
  envValues: Record<string, string>;
}

/** Larger files are refused before parsing: user-data cannot exceed 16 KB anyway. */
export const MAX_PROJECT_FILE_BYTES = 1024 * 1024;

/** Where a project's env file is: its path, and how problems name it (`projects/<id>.env`). */
export interface EnvFileLocation {
  path: string;
  file: string;
}

/**
 * Checks everything that can be checked without a user: metadata, options, template, a sample
 * render (with the options' defaults), and the env file already parsed (`env`).
 */
export function buildProject(id: string, file: string, source: string, extra: Finding[] = [], env: LoadedEnvFile | null = null): LoadedProject {
  const parsed = parseMeta(source);
  const { options, findings: optionFindings } = readOptions(parsed);
  const findings: Finding[] = [...extra, ...parsed.findings, ...validateMeta(parsed), ...optionFindings, ...findFileTags(source)];
  const compiled = compileTemplate(source, file);
  let template: CompiledTemplate | null = null;
  if (compiled.ok) {
    template = compiled.template;
    const sample = template.render({ ...SAMPLE_VARS, OPTIONS: optionValues(options, {}) });
    if (!sample.ok) findings.push(sample.finding);
    else {
      const tooLarge = userDataSizeFinding(sample.output);
      if (tooLarge) findings.push(tooLarge);
    }
  } else {
    findings.push(...compiled.findings);
  }
  findings.push(...findUnquotedInsertions(source));
  return { detail: toDetail(id, file, source, metaRecord(parsed), findings, options, env), template, envValues: env ? env.values : {} };
}

/** A project whose file could not be read: listed, with the reason as an error. */
export function unreadableProject(id: string, file: string, reason: string, env: LoadedEnvFile | null = null): LoadedProject {
  return { detail: toDetail(id, file, '', {}, [error(reason)], [], env), template: null, envValues: env ? env.values : {} };
}

/**
 * Reads a project's template (see readProjectFile: links refused, size limited) and its env file
 * when it has one, then checks both (buildProject).
 */
export async function loadProjectFile(path: string, id: string, file: string, extra: Finding[] = [], envAt: EnvFileLocation | null = null): Promise<LoadedProject> {
  const env = envAt ? await loadEnvFile(envAt.path, envAt.file) : null;
  const read = await readProjectFile(
    path,
    'a project file',
    MAX_PROJECT_FILE_BYTES,
    (size) => `this file is ${formatByteCount(size)}; a project file must be under ${formatBytes(MAX_PROJECT_FILE_BYTES)} (EC2 user-data is limited to ${formatBytes(USER_DATA_LIMIT_BYTES)})`,
  );
  if (!read.ok) return unreadableProject(id, file, read.reason, env);
  return buildProject(id, file, read.bytes.toString('utf8'), extra, env);
}

function unique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.severity}|${f.line ?? ''}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toDetail(
  id: string,
  file: string,
  source: string,
  meta: Record<string, string>,
  findings: Finding[],
  options: TemplateOption[],
  env: LoadedEnvFile | null,
): ProjectDetail {
  // The template's problems in line order, then the env file's.
  const problems = [
    ...sortProblems(unique(findings).map((f) => toProblem(file, f))),
    ...(env ? sortProblems(env.findings.map((f) => toProblem(env.envFile.file, f))) : []),
  ];
  const value = (key: string) => (meta[key] ? meta[key] : null);
  return {
    id,
    file,
    name: value('name'),
    repo: value('repo'),
    imageId: value('image-id'),
    instanceType: value('instance-type'),
    readyUrl: value('ready-url'),
    state: stateOf(problems),
    ...countProblems(problems),
    meta,
    package: value('package'),
    options,
    iamInstanceProfile: value('iam-instance-profile'),
    // An invalid value is a problem above; the launch then behaves as if the key were unset.
    access: (ACCESS_MODES as readonly string[]).includes(meta.access ?? '') ? (meta.access as AccessMode) : 'ssh',
    market: (MARKET_MODES as readonly string[]).includes(meta.market ?? '') ? (meta.market as MarketMode) : 'on-demand',
    envFile: env ? env.envFile : null,
    problems,
    source,
  };
}

export function summaryOf(detail: ProjectDetail): ProjectSummary {
  const { id, file, name, repo, imageId, instanceType, readyUrl, state, errorCount, warningCount } = detail;
  return { id, file, name, repo, imageId, instanceType, readyUrl, state, errorCount, warningCount };
}
