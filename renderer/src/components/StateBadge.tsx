import type { ProjectSummary } from '@contract/projects/dto';
import { stateLabel } from './format';
import { Icon } from './Icon';

/** The project's state in words, with an icon and colour as extra cues. */
export function StateBadge({ project }: { project: Pick<ProjectSummary, 'state' | 'errorCount' | 'warningCount'> }) {
  const icon = project.state === 'errors' ? 'error' : project.state === 'warnings' ? 'warning' : 'valid';
  return (
    <span className={`badge badge--${project.state}`}>
      <Icon name={icon} />
      {stateLabel(project)}
    </span>
  );
}
