import type { SettingsProblem } from '../../contract/settings/dto';

/** What is wrong with one value, and how to fix it; rules answer this or null. */
export interface Check {
  message: string;
  fix: string;
  /** A rule's answer is an error unless it says it is only a warning (the value is used). */
  severity?: 'error' | 'warning';
}

export interface Where {
  section?: string;
  key?: string;
}

/** A located problem; its text is `file: [section] key: message; fix`. */
export function settingsProblem(file: string, where: Where, check: Check, severity: 'error' | 'warning' = 'error'): SettingsProblem {
  const location = [file + ':', where.section !== undefined ? `[${where.section}]` : '', where.key !== undefined ? `${where.key}:` : '']
    .filter(Boolean)
    .join(' ');
  const problem: SettingsProblem = { severity, file, message: check.message, fix: check.fix, text: `${location} ${check.message}; ${check.fix}` };
  if (where.section !== undefined) problem.section = where.section;
  if (where.key !== undefined) problem.key = where.key;
  return problem;
}

export function hasErrors(problems: readonly SettingsProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** One line for an error message: the first problem's text and how many more there are. */
export function summarizeProblems(problems: readonly SettingsProblem[]): string {
  const [first] = problems;
  if (!first) return 'No problems.';
  const more = problems.length - 1;
  return more === 0 ? first.text : `${first.text} (and ${more} more problem${more === 1 ? '' : 's'})`;
}
