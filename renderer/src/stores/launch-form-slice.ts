import type { LaunchProblem, LaunchResolution } from '@contract/instances/launch-dto';
import type { RevisionInfo } from '@contract/revisions/dto';
import type { ContractError } from '@contract/errors';
import { emptyLaunchForm, launchInputOf, mergeProblems, problemsOfError, type LaunchFormField, type LaunchFormValues } from '../features/instances/launch-fields';
import type { SliceCreator } from './app-store';
import { latestAnswer, slicePatch } from './slice-kit';

/** The revisions of the launch project's package, for the revision picker. */
export type RevisionListState =
  | { status: 'idle' }
  | { status: 'loading'; package: string }
  | { status: 'done'; package: string; revisions: RevisionInfo[] }
  | { status: 'error'; package: string; error: ContractError };

/** What "Launch this revision" on Revisions puts in the form. */
export interface LaunchPrefill {
  project: string;
  gitUser: string;
  branch: string;
  revision: string;
}

/**
 * The launch form's values live here, not in the component, so they survive a page switch;
 * so do its problems and what the core resolved for the project (region, TTL, image and why).
 */
export interface LaunchFormState {
  values: LaunchFormValues;
  /** Every problem of the last Check or Launch, by field; cleared field by field as they are edited. */
  problems: LaunchProblem[];
  resolution: LaunchResolution | null;
  /** Checking the input with the core before the pre-flight or launch. */
  validating: boolean;
  /** Counts the Checks and Launches refused for problems: the summary takes focus then, not while fields are edited. */
  refusals: number;
  revisionList: RevisionListState;
}

export interface LaunchFormActions {
  /**
   * Changes a field; a check or failed launch for the old input is cleared (it no longer applies).
   * Another project starts again from its own revision and options.
   */
  setField(field: LaunchFormField, value: string): void;
  /** Changes one template option's value (by option name), like setField. */
  setOption(name: string, value: string): void;
  /** Fills in project, user, branch and revision (from Revisions), the options back to the project's. */
  prefill(values: LaunchPrefill): void;
  /** Lists the package's revisions for the picker (again when asked, e.g. after a bless). */
  loadRevisionList(pkg: string): Promise<void>;
  /** Asks the core what a launch of `project` would use (and where each value comes from). */
  resolve(project: string): Promise<void>;
  /** Validates the whole form at once (here, then the core); then runs the pre-flight or the launch. */
  submit(kind: 'check' | 'launch', project: string): Promise<void>;
}

export type LaunchFormSlice = LaunchFormState & LaunchFormActions;

export const createLaunchFormSlice: SliceCreator<'launchForm'> = (set, get, client) => {
  const patch = slicePatch(set, 'launchForm');
  const current = () => get().launchForm;
  const resolveAnswer = latestAnswer();
  const revisionsAnswer = latestAnswer();
  /** A problem that no longer applies once `field` changed. */
  const stale = (field: string, project: boolean) => (p: LaunchProblem) =>
    p.field === field || (project && (p.field === 'launchId' || p.field === 'revision' || p.field.startsWith('option.')));
  return {
    values: emptyLaunchForm,
    problems: [],
    resolution: null,
    validating: false,
    refusals: 0,
    revisionList: { status: 'idle' },
    setField: (field, value) => {
      const { values, problems } = current();
      const changes: Partial<LaunchFormValues> = field === 'project' ? { project: value, revision: '', options: {} } : { [field]: value };
      const gone = stale(field, field === 'project');
      patch({ values: { ...values, ...changes }, problems: problems.filter((p) => !gone(p)) });
      get().instances.clearChecks();
    },
    setOption: (name, value) => {
      const { values, problems } = current();
      const gone = stale(`option.${name}`, false);
      patch({ values: { ...values, options: { ...values.options, [name]: value } }, problems: problems.filter((p) => !gone(p)) });
      get().instances.clearChecks();
    },
    prefill: ({ project, gitUser, branch, revision }) => {
      const { values, problems } = current();
      const gone = (p: LaunchProblem) => ['project', 'gitUser', 'branch'].some((f) => stale(f, true)(p));
      patch({ values: { ...values, project, gitUser, branch, revision, options: {} }, problems: problems.filter((p) => !gone(p)) });
      get().instances.clearChecks();
    },
    loadRevisionList: async (pkg) => {
      const isLatest = revisionsAnswer.begin();
      patch({ revisionList: { status: 'loading', package: pkg } });
      const result = await client.api.revisions.revisions({ package: pkg });
      if (!isLatest()) return;
      patch({ revisionList: result.ok ? { status: 'done', package: pkg, revisions: result.value } : { status: 'error', package: pkg, error: result.error } });
    },
    resolve: async (project) => {
      if (!project) return;
      const isLatest = resolveAnswer.begin();
      const result = await client.api.instances.resolveLaunch({ project });
      if (!isLatest()) return;
      patch({ resolution: result.ok ? result.value : null });
    },
    submit: async (kind, project) => {
      const { values } = current();
      const detail = get().projects.known[project]?.detail ?? null;
      const { input, problems: local } = launchInputOf(values, project, detail);
      patch({ validating: true });
      const checked = project ? await client.api.instances.resolveLaunch(input) : null;
      const fromCore = checked === null ? [] : checked.ok ? checked.value.problems : problemsOfError(checked.error);
      // The form's own problem for a field wins over the core's guess at the value left out.
      const localFields = new Set(local.map((p) => p.field));
      const problems = mergeProblems(local, fromCore.filter((p) => !localFields.has(p.field)));
      // `resolution` stays the project's own (what the hints name), not this input's.
      patch({ validating: false, problems, refusals: current().refusals + (problems.length > 0 ? 1 : 0) });
      // A failure that names no field (the project is gone, say) is left to the pre-flight to report.
      if (problems.length > 0) return;
      if (kind === 'check') await get().instances.runPreflight(input);
      else await get().instances.runLaunch(input);
    },
  };
};
