/** FTL-compatible release revisions: what the app, the agent and the benchmarks may use. */
export { createRevisionsService, REVISION_DEFAULTS, type RevisionsService, type RevisionsServiceOptions, type SpoolRequest } from './service';
export { describeHookFailure } from './hooks';
export { HookFailed } from './local-jump';
export { RefusedArchive, isTarball } from './safe-extract';
export { FTL_ALPHABET, hashPrefix, revTimestamp, revisionId, parseRevisionName, splitFileName } from './rev-name';
export { statusKey } from './status';
export { DEFAULT_LIMITS, LIMIT_VARIABLES, BYTE_SIZE_FORM, parseByteSize, type RevisionLimits } from './limits';
