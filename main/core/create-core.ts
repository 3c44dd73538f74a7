import type { FlotillaApi } from '../contract/api';
import type { AppMode } from '../contract/dto/app';
import type { TrayStatus } from '../contract/tray';
import type { EventSource } from '../contract/events';
import { createEventBus } from './event-bus';
import type { Ports } from './ports';
import { createProjectsService } from './projects/service';
import { createSettingsService } from './settings/service';
import { createCredentialsService } from './credentials/service';
import { createSelectedClients } from './aws/selected-clients';
import { createInstancesService } from './instances/service';
import { instancesSettingsFrom } from './instances/settings-adapter';
import { projectsLookup } from './instances/projects-lookup';
import { checkIpLookup, nodeCommandRunner } from './instances/node-adapters';
import type { CommandRunner, InstancesTimings } from './instances/deps';
import { createRevisionsApi } from './revisions/desktop-api';
import { createAgentsService } from './agents';
import { FlotillaError } from '../contract/errors';
import { createSetupService } from './setup/service';
import { findSshAgent } from './agents/ssh-agent';
import type { PublicIpLookup } from './instances/deps';

export interface CoreOptions {
  /** Folder holding the `<id>.sh` / `<id>.sh.njk` launch templates. */
  projectsDir: string;
  mode: AppMode;
  version: string;
  /** Reload the catalog when files change (off for one-shot CLI commands). */
  watch: boolean;
  /** The user's home folder (~/.aws lives there). */
  home: string;
  /** The environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL*, ...). */
  env: Record<string, string | undefined>;
  /** Shorter polls and probes (tests). */
  instancesTimings?: Partial<InstancesTimings>;
  /** Runs `git ls-remote` for the branch check (tests answer without the network). */
  instancesRunner?: CommandRunner;
  /**
   * The SSH port Sync now connects to, on every instance. Tests only (end-to-end tests reach a
   * local SSH server on a free port); unset in the app and browser mode: port 22.
   */
  agentsSshPort?: number;
  /** The desktop app's tray icon, as the shell found it (app.info); unset: none (browser mode, CLI). */
  trayStatus?: () => TrayStatus;
  /** Finds the caller's public IP (tests answer without the network); default: AWS's checkip. */
  publicIp?: PublicIpLookup;
}

const NO_TRAY: Record<AppMode, TrayStatus> = {
  desktop: { status: 'none', detail: 'The desktop app has no tray icon.' },
  browser: { status: 'none', detail: 'Browser mode has no tray icon; Close to tray applies to the desktop app.' },
  cli: { status: 'none', detail: 'The command line has no tray icon.' },
};

export interface Core {
  api: FlotillaApi;
  events: EventSource;
  close(): Promise<void>;
}

/** Builds every service by constructor injection; the one place the core is wired. */
export async function createCore(ports: Ports, options: CoreOptions): Promise<Core> {
  const events = createEventBus((event, error) => ports.logger.error(`listener for ${event} threw`, { error: String(error) }));
  const projects = await createProjectsService({
    dir: options.projectsDir,
    logger: ports.logger,
    watch: options.watch,
    onChange: (list) => events.emit('projects.changed', { projects: list }),
  });
  const settings = await createSettingsService({
    store: ports.settings,
    logger: ports.logger,
    home: options.home,
    secrets: ports.secrets,
    projectIds: async () => (await projects.api.list({})).map((p) => p.id),
    ...(ports.terminalPicker ? { terminalPicker: ports.terminalPicker } : {}),
  });
  const credentials = createCredentialsService({
    secrets: ports.secrets,
    settings,
    home: options.home,
    env: options.env,
    logger: ports.logger,
    opener: ports.opener,
    clock: ports.clock,
    emit: (event, payload) => events.emit(event, payload),
  });
  const aws = createSelectedClients({
    env: options.env,
    selectionKey: () => JSON.stringify(settings.current().credential),
    provider: () => (settings.current().credential ? credentials.credentialProvider() : undefined),
  });
  const publicIp = options.publicIp ?? checkIpLookup(fetch);
  const setup = createSetupService({
    settings: () => settings.current(),
    env: options.env,
    aws,
    publicIp,
    sshAgent: () => findSshAgent({ env: options.env, platform: process.platform }),
    redact: credentials.redact,
  });
  const instances = createInstancesService({
    clients: aws,
    projects: projectsLookup(projects),
    settings: () => instancesSettingsFrom(settings.current()),
    ports,
    emit: (event, payload) => events.emit(event, payload as never),
    runner: options.instancesRunner ?? nodeCommandRunner,
    ...(options.instancesTimings ? { timings: options.instancesTimings } : {}),
    publicIp,
    fetch,
  });
  // The app and browser mode sweep expired instances and track booting ones; one-shot CLI commands don't.
  if (options.mode !== 'cli') {
    void instances.start().catch((error: unknown) => ports.logger.warn('instances: could not start tracking', { error: String(error) }));
  }
  const stopRevisions = new AbortController();
  const revisions = createRevisionsApi({
    s3: () => aws.s3(settings.current().defaultRegion),
    bucket: () => {
      const bucket = settings.current().revisions.bucket;
      if (!bucket) {
        throw new FlotillaError(
          'invalid-input',
          'No revisions bucket is set. Choose one in Settings → Revisions (revisions.bucket), the S3 bucket your releases are spooled to.',
          { setting: 'revisions.bucket' },
        );
      }
      return bucket;
    },
    logger: ports.logger,
    options: () => ({ keep: settings.current().revisions.keep, hookTimeoutMs: settings.current().hookTimeoutSeconds * 1000 }),
    emit: (event, payload) => events.emit(event, payload as never),
    home: options.home,
    signal: stopRevisions.signal,
    clock: ports.clock,
    // Drift compares the agents' reports with the live fleet, as the Instances page lists it.
    liveInstances: async () => {
      const fleet = await instances.api.list({});
      const failed = fleet.regions.filter((r) => !r.ok);
      return { instances: fleet.instances, error: failed.length ? failed.map((r) => `${r.region}: ${r.error ?? 'not listed'}`).join('; ') : null };
    },
  });
  // "Sync now" reaches instances as the SSH button does: the Instances service names host, user and key file.
  const sshPort = options.agentsSshPort;
  const agents = createAgentsService({
    target: async (ref) => ({ ...(await instances.api.sshCommand(ref)), ...(sshPort !== undefined ? { port: sshPort } : {}) }),
    emit: (event, payload) => events.emit(event, payload as never),
    clock: ports.clock,
    logger: ports.logger,
    home: options.home,
    env: options.env,
  });
  // Nothing selected: the test asks STS through the clients the app uses then (the environment's credentials).
  const testConnection: FlotillaApi['credentials']['test'] = async (input) => {
    if (input.ref || settings.current().credential) return credentials.api.test(input);
    const status = await setup.api.connection({});
    if (!status.identity) throw new FlotillaError('forbidden', `The connection test failed for ${status.sourceLabel}: ${status.error}`, { needs: 'credential' });
    return { ...status.identity, userId: '', region: status.defaultRegion, credential: null, source: status.sourceLabel };
  };
  const stopSettingsEvents = settings.onChange(() => {
    void settings.api.get({}).then((view) => events.emit('settings.changed', view));
  });
  const api: FlotillaApi = {
    app: {
      info: async () => ({
        name: 'Flotilla',
        version: options.version,
        mode: options.mode,
        projectsDir: options.projectsDir,
        platform: process.platform,
        tray: options.trayStatus?.() ?? NO_TRAY[options.mode],
      }),
    },
    projects: projects.api,
    settings: settings.api,
    credentials: { ...credentials.api, test: (input) => testConnection(input) },
    instances: instances.api,
    revisions,
    agents: agents.api,
    setup: setup.api,
  };
  return {
    api,
    events,
    close: async () => {
      stopSettingsEvents();
      stopRevisions.abort();
      await agents.close();
      await instances.stop();
      aws.destroy();
      await projects.close();
    },
  };
}
