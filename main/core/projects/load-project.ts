import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import type { ProjectDetail, ProjectSummary } from '../../contract/dto/projects';
import { metaRecord, parseMeta } from './meta';
import { validateMeta } from './meta-rules';
import { countProblems, error, sortProblems, stateOf, toProblem, type Finding } from './problems';
import { findUnquotedInsertions } from './shell-quote';
import { compileTemplate, SAMPLE_VARS, type CompiledTemplate } from './template';
import { findFileTags } from './template-errors';
import { userDataSizeFinding } from './user-data';

/** A project as the catalog holds it: what the API shows, and the compiled template if any. */
export interface LoadedProject {
  detail: ProjectDetail;
  /** Null when the template does not compile (the detail then has an error saying why). */
  template: CompiledTemplate | null;
}

/** Larger files are refused before parsing: user-data cannot exceed 16 KB anyway. */
export const MAX_PROJECT_FILE_BYTES = 1024 * 1024;

/** Checks everything that can be checked without a user: metadata, template, sample render. */
export function buildProject(id: string, file: string, source: string, extra: Finding[] = []): LoadedProject {
  const parsed = parseMeta(source);
  const findings: Finding[] = [...extra, ...parsed.findings, ...validateMeta(parsed), ...findFileTags(source)];
  const compiled = compileTemplate(source, file);
  let template: CompiledTemplate | null = null;
  if (compiled.ok) {
    template = compiled.template;
    const sample = template.render(SAMPLE_VARS);
    if (!sample.ok) findings.push(sample.finding);
    else {
      const tooLarge = userDataSizeFinding(sample.output);
      if (tooLarge) findings.push(tooLarge);
    }
  } else {
    findings.push(...compiled.findings);
  }
  findings.push(...findUnquotedInsertions(source));
  return { detail: toDetail(id, file, source, metaRecord(parsed), findings), template };
}

/** A project whose file could not be read: listed, with the reason as an error. */
export function unreadableProject(id: string, file: string, reason: string): LoadedProject {
  return { detail: toDetail(id, file, '', {}, [error(reason)]), template: null };
}

/** Opening flags: never through a symbolic link (where the OS can), never blocking on a FIFO. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a project file. A symbolic link is refused, not followed: a projects folder can come from
 * a pull request, and a link could point at any file of the machine (~/.aws/credentials,
 * /proc/self/environ). What is checked (a regular file, its size) is the file that is read.
 */
export async function loadProjectFile(path: string, id: string, file: string, extra: Finding[] = []): Promise<LoadedProject> {
  try {
    if ((await lstat(path)).isSymbolicLink()) {
      return unreadableProject(id, file, 'this is a symbolic link; a project file must be a regular file in the projects folder');
    }
    const handle = await open(path, OPEN_FLAGS);
    let source: string;
    try {
      const info = await handle.stat();
      if (!info.isFile()) return unreadableProject(id, file, 'this is not a regular file');
      if (info.size > MAX_PROJECT_FILE_BYTES) {
        return unreadableProject(id, file, `this file is ${info.size} bytes; a project file must be under 1 MB (EC2 user-data is limited to 16 KB)`);
      }
      source = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
    return buildProject(id, file, source, extra);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return unreadableProject(id, file, 'this is a symbolic link; a project file must be a regular file in the projects folder');
    const reason = code ?? (err instanceof Error ? err.message : String(err));
    return unreadableProject(id, file, `cannot read this file (${reason})`);
  }
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

function toDetail(id: string, file: string, source: string, meta: Record<string, string>, findings: Finding[]): ProjectDetail {
  const problems = sortProblems(unique(findings).map((f) => toProblem(file, f)));
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
    options: [],
    iamInstanceProfile: value('iam-instance-profile'),
    envFile: null,
    problems,
    source,
  };
}

export function summaryOf(detail: ProjectDetail): ProjectSummary {
  const { id, file, name, repo, imageId, instanceType, readyUrl, state, errorCount, warningCount } = detail;
  return { id, file, name, repo, imageId, instanceType, readyUrl, state, errorCount, warningCount };
}
