import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../stores/store-context';
import { selectAppInfo } from '../../stores/app-slice';
import {
  selectProjects,
  selectProjectsError,
  selectProjectsLoaded,
  selectProjectsLoading,
} from '../../stores/projects-slice';
import { ProjectDetailPanel } from './ProjectDetailPanel';
import { ProjectTable } from './ProjectTable';
import { ErrorAlert } from '../../components/ErrorAlert';

export function ProjectsPage() {
  const { list, loaded, loading, error, info, load } = useAppStore(
    useShallow((s) => ({
      list: selectProjects(s),
      loaded: selectProjectsLoaded(s),
      loading: selectProjectsLoading(s),
      error: selectProjectsError(s),
      info: selectAppInfo(s),
      load: s.projects.load,
    })),
  );

  // The list stays live through projects.changed; loading on each visit also catches up after a
  // dropped connection.
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Projects</h1>
        {info && (
          <p className="page-sub">
            Launch templates in <code className="mono">{info.projectsDir}</code>
          </p>
        )}
      </div>

      {error && (
        <ErrorAlert title="Could not load the projects." error={error} onRetry={() => void load()} />
      )}

      {!loaded && loading && (
        <p className="status" role="status">
          Loading projects…
        </p>
      )}

      {loaded && list.length === 0 && (
        <div className="empty">
          <h2>No projects yet</h2>
          <p>
            There are no projects in{' '}
            {info ? <code className="mono">{info.projectsDir}</code> : 'the projects folder'}. Add a launch template
            named <code className="mono">&lt;id&gt;.sh</code> or <code className="mono">&lt;id&gt;.sh.njk</code> there and
            it appears here.
          </p>
        </div>
      )}

      {list.length > 0 && (
        <>
          <ProjectTable />
          <ProjectDetailPanel />
        </>
      )}
    </div>
  );
}
