import type { PreviewResult, Problem } from '../../contract/projects/dto';
import { FlotillaError } from '../../contract/errors';
import { formatByteCount } from '../../contract/format-bytes';
import { branchProblem, gitUserProblem } from './git-names';
import type { LoadedProject } from './load-project';
import { error, summarize, toProblem, type Finding } from './problems';
import type { TemplateVars } from './template';
import { optionValues } from './template-options';

/** EC2 refuses user-data over 16 KB, counted once base64-encoded. */
export const USER_DATA_LIMIT_BYTES = 16384;

export function base64Size(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

export function measureUserData(userData: string): Omit<PreviewResult, 'userData'> {
  const bytes = Buffer.byteLength(userData, 'utf8');
  return { bytes, base64Bytes: base64Size(bytes), limitBytes: USER_DATA_LIMIT_BYTES };
}

export function userDataSizeFinding(userData: string): Finding | null {
  const { base64Bytes } = measureUserData(userData);
  if (base64Bytes <= USER_DATA_LIMIT_BYTES) return null;
  return error(
    `user-data is ${formatByteCount(base64Bytes)} once base64-encoded; EC2 allows at most ${formatByteCount(USER_DATA_LIMIT_BYTES)}. ` +
      'Move large content into a file the script downloads.',
  );
}

/** What is wrong with the user and branch typed for a launch; problems without a file or line. */
export function gitInputProblems(gitUser: string, gitBranch: string): Problem[] {
  return [gitUserProblem(gitUser), branchProblem(gitBranch)]
    .filter((message): message is string => message !== null)
    .map((message) => toProblem('', error(message)));
}

function refuse(problems: Problem[], message = summarize(problems)): never {
  throw new FlotillaError('invalid-input', message, { problems });
}

/**
 * The user-data a launch of `project` would send: checks the project has no errors and that
 * GIT_USER and GIT_BRANCH are safe BEFORE rendering, then checks the size EC2 accepts.
 * `vars` may carry more variables (ENV, OPTIONS, the revision's); OPTIONS defaults to the options' defaults.
 * Throws FlotillaError('invalid-input', ..., { problems }) when anything is wrong.
 */
export function renderUserData(project: LoadedProject, vars: TemplateVars): PreviewResult {
  const projectErrors = project.detail.problems.filter((p) => p.severity === 'error');
  if (projectErrors.length > 0) refuse(projectErrors);
  const inputProblems = gitInputProblems(vars.GIT_USER, vars.GIT_BRANCH);
  if (inputProblems.length > 0) refuse(inputProblems);
  if (!project.template) {
    refuse([toProblem(project.detail.file, error('the template could not be compiled'))]);
  }
  // Without OPTIONS (a preview), the template sees its options' defaults.
  const rendered = project.template.render(vars.OPTIONS === undefined ? { ...vars, OPTIONS: optionValues(project.detail.options, {}) } : vars);
  if (!rendered.ok) refuse([toProblem(project.detail.file, rendered.finding)]);
  const tooLarge = userDataSizeFinding(rendered.output);
  if (tooLarge) refuse([toProblem(project.detail.file, tooLarge)]);
  return { userData: rendered.output, ...measureUserData(rendered.output) };
}
