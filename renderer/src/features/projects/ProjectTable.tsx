import { useRef, type KeyboardEvent } from 'react';
import { StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../stores/store-context';
import { selectProjects, selectSelectedId } from '../../stores/projects-slice';
import { rowKeyAction } from '../../components/row-keys';

const none = <span className="muted">—</span>;

/**
 * The projects as a grid with single selection. One row is in the Tab order (the selected one, or
 * the first); arrow keys, Home and End move the selection; Enter or Space selects the focused row.
 */
export function ProjectTable() {
  const list = useAppStore(selectProjects);
  const selectedId = useAppStore(selectSelectedId);
  const select = useAppStore((s) => s.projects.select);
  const rows = useRef(new Map<string, HTMLTableRowElement>());

  const selectedIndex = list.findIndex((p) => p.id === selectedId);
  const tabbableIndex = selectedIndex >= 0 ? selectedIndex : 0;

  const moveTo = (index: number) => {
    const project = list[Math.max(0, Math.min(list.length - 1, index))];
    if (!project) return;
    rows.current.get(project.id)?.focus();
    void select(project.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, id: string) => {
    const action = rowKeyAction(event.key, index, list.length);
    if (!action) return;
    if (action.kind === 'move') moveTo(action.index);
    else void select(id);
    event.preventDefault();
  };

  return (
    <div className="table-wrap">
      <table role="grid" aria-label="Projects" aria-readonly="true" className="projects-table">
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">State</th>
            <th scope="col">Repository</th>
            <th scope="col" className="col-ami">AMI</th>
            <th scope="col">Type</th>
            <th scope="col">Ready URL</th>
          </tr>
        </thead>
        <tbody>
          {list.map((project, index) => (
            <tr
              key={project.id}
              ref={(row) => {
                if (row) rows.current.set(project.id, row);
                else rows.current.delete(project.id);
              }}
              aria-selected={project.id === selectedId}
              tabIndex={index === tabbableIndex ? 0 : -1}
              className="project-row"
              onClick={() => void select(project.id)}
              onKeyDown={(event) => onKeyDown(event, index, project.id)}
            >
              <td className="cell-project">
                <span className={project.name ? 'project-name' : 'project-name muted'}>{project.name ?? '(no name)'}</span>
                <span className="project-id mono">{project.id}</span>
              </td>
              <td>
                <StateBadge project={project} />
              </td>
              <td className="mono cell-clip" title={project.repo ?? undefined}>
                {project.repo ?? none}
              </td>
              <td className="mono nowrap col-ami">{project.imageId ?? none}</td>
              <td className="mono nowrap">{project.instanceType ?? none}</td>
              <td className="mono cell-clip" title={project.readyUrl ?? undefined}>
                {project.readyUrl ?? none}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
