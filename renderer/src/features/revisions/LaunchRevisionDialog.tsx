import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { goToSetting } from '../../components/go-to-setting';
import { useAppStore } from '../../stores/store-context';
import { ConfirmDialog } from '../instances/ConfirmDialog';
import { fieldId } from '../instances/launch-fields';

export interface LaunchRevisionDialogProps {
  pkg: string;
  /** `current`, or the full name of the revision picked. */
  revision: string;
  onClose(): void;
}

/**
 * "Launch this revision": pick a project that deploys the package and a user and branch (as the
 * launch form has them), then the launch form opens with all of it filled in, for its checks.
 */
export function LaunchRevisionDialog({ pkg, revision, onClose }: LaunchRevisionDialogProps) {
  const { list, loaded, loadProjects, known, fetchDetails, form, prefill, showPage } = useAppStore(
    useShallow((s) => ({
      list: s.projects.list,
      loaded: s.projects.loaded,
      loadProjects: s.projects.load,
      known: s.projects.known,
      fetchDetails: s.projects.fetchDetails,
      form: s.launchForm.values,
      prefill: s.launchForm.prefill,
      showPage: s.ui.showPage,
    })),
  );
  const ids = { project: useId(), user: useId(), branch: useId(), hint: useId() };

  useEffect(() => {
    if (!loaded) void loadProjects();
  }, [loaded, loadProjects]);
  const launchable = list.filter((p) => p.state !== 'errors');
  useEffect(() => {
    if (loaded) void fetchDetails(list.filter((p) => p.state !== 'errors').map((p) => p.id));
  }, [loaded, list, known, fetchDetails]);
  const looking = !loaded || launchable.some((p) => !(p.id in known));
  const candidates = launchable.filter((p) => known[p.id]?.detail?.package === pkg);

  const [picked, setPicked] = useState<string | null>(null);
  const [gitUser, setGitUser] = useState(form.gitUser);
  const [branch, setBranch] = useState(form.branch);
  const project = candidates.find((p) => p.id === picked)?.id ?? candidates.find((p) => p.id === form.project)?.id ?? candidates[0]?.id ?? '';

  const open = () => {
    if (!project) return;
    prefill({ project, gitUser: gitUser.trim(), branch: branch.trim(), revision });
    onClose();
    goToSetting(() => showPage('instances'), fieldId('revision'));
  };
  const title = revision === 'current' ? `Launch the current revision of ${pkg}` : `Launch ${revision}`;

  return (
    <ConfirmDialog
      title={title}
      confirmLabel="Open the launch form"
      role="dialog"
      onConfirm={open}
      onCancel={onClose}
      confirmDisabled={!project}
      initialFocus={() => document.getElementById(ids.project)}
    >
      <div
        className="dialog-fields"
        onKeyDown={(event) => {
          if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
            event.preventDefault();
            open();
          }
        }}
      >
        <div className="field">
          <label htmlFor={ids.project}>Project</label>
          <select id={ids.project} value={project} onChange={(e) => setPicked(e.target.value)} aria-describedby={ids.hint}>
            {candidates.length === 0 && <option value="">{looking ? 'Looking for projects…' : `No project deploys ${pkg}`}</option>}
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name ?? p.id}
              </option>
            ))}
          </select>
          <p id={ids.hint} className="field-hint" role={looking ? 'status' : undefined}>
            {looking && candidates.length === 0 ? (
              `Looking for the projects that deploy ${pkg}…`
            ) : candidates.length === 0 ? (
              <>
                No project deploys {pkg}. Declare it in a template in the projects folder with the line{' '}
                <code className="mono">{`# fleeting-meta:package = ${pkg}`}</code>, then try again.
              </>
            ) : (
              `Projects whose template deploys ${pkg} (fleeting-meta:package).`
            )}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.user}>GitHub user</label>
          <input id={ids.user} value={gitUser} onChange={(e) => setGitUser(e.target.value)} autoComplete="off" spellCheck={false} placeholder="octocat" />
        </div>
        <div className="field">
          <label htmlFor={ids.branch}>Branch</label>
          <input id={ids.branch} value={branch} onChange={(e) => setBranch(e.target.value)} autoComplete="off" spellCheck={false} placeholder="feature/login" />
        </div>
        <p className="hint small">The launch form opens with these and the revision filled in; Check and Launch there as usual.</p>
      </div>
    </ConfirmDialog>
  );
}
