/** The projects catalog: what other parts of the core (launch, CLI) may use. */
export { createProjectsService, type ProjectsService, type ProjectsServiceOptions } from './service';
export { renderUserData, gitInputProblems, measureUserData, USER_DATA_LIMIT_BYTES } from './user-data';
export type { LoadedProject } from './load-project';
export type { TemplateVars } from './template';
export { KNOWN_META_KEYS, OPTIONAL_META_KEYS, REQUIRED_META_KEYS } from './meta-rules';
export { shq } from './shell-quote';
export { UNTRUSTED_VARIABLES } from './template-quoting-lint';
export { branchProblem, gitBranchProblem, gitUserProblem } from './git-names';
export { loadCatalog, projectIdOf } from './catalog';
export { acceptedValues, canonicalOptionValue, optionProblems, optionValueProblem, optionValues, parseOptionDeclaration } from './template-options';
export { parseEnvReference, type EnvReference } from './env-file';
