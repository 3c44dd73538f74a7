/** The Instances capability: what the rest of the app (createCore, CLI, hosts) may use. */
export { createInstancesService, type InstancesService } from './service';
export { DEFAULT_TIMINGS, type CommandRunner, type FetchLike, type InstancesDeps, type InstancesTimings, type ProjectsLookup, type PublicIpLookup, type RunResult } from './deps';
export { DEFAULT_INSTANCES_SETTINGS, withDefaults, type InstancesSettings } from './settings';
export { instancesSettingsFrom } from './settings-adapter';
export { projectsLookup } from './projects-lookup';
export { checkIpLookup, nodeCommandRunner } from './node-adapters';
export { filterInstances, instanceMatcher } from '../../contract/fleet-filter';
export { formatDuration, parseDuration } from './duration';
export { parseEnvAssignments } from './env-vars';
export { hourlyPrice, shippedPrices } from './cost';
