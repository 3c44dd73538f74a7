import type { ProjectSummary } from '../../../main/contract/dto/projects';

/** 1234567 → "1 234 567" (plain spaces, so the same text reads well and can be searched for). */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${groupDigits(n)} ${n === 1 ? one : many}`;
}

/** "1 234 bytes, 1 648 base64 of 16 384" */
export function previewSize(bytes: number, base64Bytes: number, limitBytes: number): string {
  return `${groupDigits(bytes)} bytes, ${groupDigits(base64Bytes)} base64 of ${groupDigits(limitBytes)}`;
}

/** "Valid", "2 warnings", "1 error", "1 error, 2 warnings" */
export function stateLabel(project: Pick<ProjectSummary, 'errorCount' | 'warningCount'>): string {
  const parts: string[] = [];
  if (project.errorCount > 0) parts.push(plural(project.errorCount, 'error'));
  if (project.warningCount > 0) parts.push(plural(project.warningCount, 'warning'));
  return parts.length ? parts.join(', ') : 'Valid';
}

export function displayName(project: Pick<ProjectSummary, 'id' | 'name'>): string {
  return project.name?.trim() ? project.name : project.id;
}
