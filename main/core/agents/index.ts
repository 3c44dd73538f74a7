/** "Sync now": `flotilla-agent sync` on instances over SSH. */
export { createAgentsService, DEFAULT_AGENTS_TIMINGS, type AgentsDeps, type AgentsService, type AgentsTimings, type SshTargetInfo } from './service';
