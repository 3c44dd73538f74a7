import type { FlotillaApi } from '../../contract/api';
import type { ProjectDetail, ProjectSummary } from '../../contract/projects/dto';
import type { Output } from '../context';

export async function loadDetails(api: FlotillaApi): Promise<ProjectDetail[]> {
  const list = await api.projects.list({});
  return Promise.all(list.map((p) => api.projects.get({ id: p.id })));
}

export function stateLabel(p: ProjectSummary): string {
  if (p.state === 'valid') return 'valid';
  const parts = [];
  if (p.errorCount) parts.push(`${p.errorCount} error${p.errorCount === 1 ? '' : 's'}`);
  if (p.warningCount) parts.push(`${p.warningCount} warning${p.warningCount === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** `flotilla projects`: a table, or `--json` with every field and problem. */
export async function projectsCommand(api: FlotillaApi, dir: string, json: boolean, io: Output): Promise<number> {
  const details = await loadDetails(api);
  if (json) {
    io.out(JSON.stringify(details.map(({ source: _source, ...rest }) => rest), null, 2));
    return 0;
  }
  if (details.length === 0) {
    io.out(`No projects in ${dir} (files named <id>.sh or <id>.sh.njk).`);
    return 0;
  }
  const rows = [
    ['ID', 'NAME', 'STATE', 'REPO', 'IMAGE', 'TYPE', 'READY URL'],
    ...details.map((p) => [p.id, p.name ?? '-', stateLabel(p), p.repo ?? '-', p.imageId ?? '-', p.instanceType ?? '-', p.readyUrl ?? '-']),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) io.out(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
  return 0;
}
