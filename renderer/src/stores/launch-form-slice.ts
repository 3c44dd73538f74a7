import type { LaunchProblem, LaunchResolution } from '../../../main/contract/dto/instances';
import { emptyLaunchForm, launchInputOf, mergeProblems, problemsOfError, type LaunchFormField, type LaunchFormValues } from '../features/instances/launch-fields';
import type { SliceCreator } from './app-store';

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
}

export interface LaunchFormActions {
  /** Changes a field; a check or failed launch for the old input is cleared (it no longer applies). */
  setField(field: LaunchFormField, value: string): void;
  /** Asks the core what a launch of `project` would use (and where each value comes from). */
  resolve(project: string): Promise<void>;
  /** Validates the whole form at once (here, then the core); then runs the pre-flight or the launch. */
  submit(kind: 'check' | 'launch', project: string): Promise<void>;
}

export type LaunchFormSlice = LaunchFormState & LaunchFormActions;

export const createLaunchFormSlice: SliceCreator<'launchForm'> = (set, get, client) => {
  const patch = (changes: Partial<LaunchFormState>) => set((s) => ({ launchForm: { ...s.launchForm, ...changes } }));
  const current = () => get().launchForm;
  let resolveSeq = 0;
  return {
    values: emptyLaunchForm,
    problems: [],
    resolution: null,
    validating: false,
    refusals: 0,
    setField: (field, value) => {
      const { values, problems } = current();
      const changes: Partial<LaunchFormValues> = { [field]: value };
      patch({ values: { ...values, ...changes }, problems: problems.filter((p) => p.field !== field && !(field === 'project' && p.field === 'launchId')) });
      get().instances.clearChecks();
    },
    resolve: async (project) => {
      if (!project) return;
      const seq = ++resolveSeq;
      const result = await client.api.instances.resolveLaunch({ project });
      if (seq !== resolveSeq) return;
      patch({ resolution: result.ok ? result.value : null });
    },
    submit: async (kind, project) => {
      const { values } = current();
      const { input, problems: local } = launchInputOf(values, project);
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
