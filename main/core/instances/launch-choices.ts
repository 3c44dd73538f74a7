import type { LaunchField, LaunchResolution, LaunchValueSource } from '../../contract/instances/launch-dto';
import type { ProjectDetail } from '../../contract/projects/dto';
import { canonicalOptionValue, optionValueProblem, unknownOptionsProblems } from '../projects/template-options';
import { parseRevisionName } from '../revisions/rev-name';

/** The two pointers a launch may name instead of a revision. */
export const POINTER_REFS = ['current', 'previous'] as const;

/**
 * Why `ref` cannot be deployed by `project`, or null: a template without a package takes no
 * revision; one with a package takes `current`, `previous` or one of ITS package's `<package>.<rev>`.
 */
export function revisionRefProblem(ref: string | null, project: Pick<ProjectDetail, 'id' | 'package'>): string | null {
  if (!ref) return null;
  const pkg = project.package;
  if (!pkg) return `project '${project.id}' declares no package (fleeting-meta:package), so it cannot deploy a revision`;
  if ((POINTER_REFS as readonly string[]).includes(ref)) return null;
  const forms = `current, previous or ${pkg}.<rev> (the Revisions page lists them)`;
  let parsed;
  try {
    parsed = parseRevisionName(ref);
  } catch {
    return `revision '${ref.slice(0, 120)}' is not a revision name; give ${forms}`;
  }
  if (parsed.package !== pkg) return `revision '${parsed.name}' is of package ${parsed.package}, but ${project.id} deploys ${pkg}; give ${forms}`;
  return null;
}

type OptionProblem = { field: LaunchField; message: string };

/**
 * Every declared option's value and where it comes from: the launch's, else the project's launch
 * defaults in Settings, else the template's default; canonical (`4`, `true`) once valid. Problems
 * are by field `option.<name>`: an unknown name (naming the nearest declared one) or a value the
 * type refuses; a stored launch default that no longer fits the template says to fix it in Settings.
 */
export function resolveOptions(
  project: Pick<ProjectDetail, 'id' | 'options'>,
  given: Readonly<Record<string, string>>,
  stored: Readonly<Record<string, string>>,
): { resolved: LaunchResolution['options']; problems: OptionProblem[] } {
  const problems: OptionProblem[] = [];
  const declared = new Set(project.options.map((o) => o.name));
  const inSettings = (them = false) => `in Settings → Launch defaults for ${project.id}; change or remove ${them ? 'them' : 'it'} there`;
  const unknownGiven = Object.keys(given).filter((name) => !declared.has(name));
  for (const { name, message } of unknownOptionsProblems(project.options, unknownGiven)) problems.push({ field: `option.${name}`, message });
  const unknownStored = Object.keys(stored).filter((name) => !declared.has(name) && !Object.hasOwn(given, name));
  for (const { name, message, more } of unknownOptionsProblems(project.options, unknownStored)) {
    problems.push({ field: `option.${name}`, message: `${message} (${inSettings(more)})` });
  }
  const resolved = project.options.map((option) => {
    const [value, source]: [string, LaunchValueSource] = Object.hasOwn(given, option.name)
      ? [given[option.name]!, 'launch']
      : Object.hasOwn(stored, option.name)
        ? [stored[option.name]!, 'launch-defaults']
        : [option.default, 'template'];
    const problem = optionValueProblem(option, value);
    if (problem) {
      problems.push({ field: `option.${option.name}`, message: source === 'launch-defaults' ? `${problem} (${inSettings()})` : problem });
      return { name: option.name, value, source };
    }
    return { name: option.name, value: canonicalOptionValue(option, value), source };
  });
  return { resolved, problems };
}
