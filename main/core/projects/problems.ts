import type { Problem, ProjectState, Severity } from '../../contract/projects/dto';

/** A problem found inside one file, before the file's display path is attached. */
export interface Finding {
  severity: Severity;
  line?: number;
  key?: string;
  message: string;
}

export function error(message: string, where: { line?: number; key?: string } = {}): Finding {
  return { severity: 'error', message, ...where };
}

export function warning(message: string, where: { line?: number; key?: string } = {}): Finding {
  return { severity: 'warning', message, ...where };
}

/** Locates a finding in `file` (e.g. `projects/butter.sh`); text is `file:line: message`. */
export function toProblem(file: string, finding: Finding): Problem {
  const location = [file, finding.line].filter((part) => part !== undefined && part !== '').join(':');
  const problem: Problem = {
    severity: finding.severity,
    file,
    message: finding.message,
    text: location ? `${location}: ${finding.message}` : finding.message,
  };
  if (finding.line !== undefined) problem.line = finding.line;
  if (finding.key !== undefined) problem.key = finding.key;
  return problem;
}

/** Problems in line order (those without a line first), keeping the order found within a line. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.index - b.index)
    .map(({ problem }) => problem);
}

export function countProblems(problems: readonly Problem[]): { errorCount: number; warningCount: number } {
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  return { errorCount, warningCount: problems.length - errorCount };
}

export function stateOf(problems: readonly Problem[]): ProjectState {
  if (problems.some((p) => p.severity === 'error')) return 'errors';
  return problems.length > 0 ? 'warnings' : 'valid';
}

/** One line summing up a list of problems: the first one's text, and how many more there are. */
export function summarize(problems: readonly Problem[]): string {
  const [first] = problems;
  if (!first) return 'No problems.';
  const more = problems.length - 1;
  return more === 0 ? first.text : `${first.text} (and ${more} more problem${more === 1 ? '' : 's'})`;
}
