import path from 'node:path';
import type { FlotillaApi } from '../contract/api';
import type { AppMode } from '../contract/app/dto';
import type { TrayStatus } from '../contract/tray';
import type { EventSource } from '../contract/events';
import { createAppService } from './app/service';
import { createSelectedClients } from './aws/selected-clients';
import type { CoreService } from './core-service';
import { createAgentsService } from './agents/service';
import { findSshAgent } from './agents/ssh-agent';
import { createCredentialsService } from './credentials/service';
import { createEventBus } from './event-bus';
import type { CommandRunner, InstancesTimings, PublicIpLookup } from './instances/deps';
import { checkIpLookup, nodeCommandRunner } from './instances/node-adapters';
import { projectsLookup } from './instances/projects-lookup';
import { createInstancesService } from './instances/service';
import { followInstancesSettings } from './instances/settings-adapter';
import type { Ports } from './ports';
import { createWhich } from './terminal/which';
import { openPriceBook, type PriceBook } from './prices/price-book';
import { createProjectsService } from './projects/service';
import { createRevisionsAppService, liveFleetOf, revisionsSettings } from './revisions/app-service';
import { createSettingsService } from './settings/service';
import { createSetupService } from './setup/service';

/** What only tests set: shorter timings, and answers without the network. */
export interface CoreTestingOptions {
  /** Shorter polls and probes. */
  instancesTimings?: Partial<InstancesTimings>;
  /** Runs `git ls-remote` for the branch check without the network. */
  instancesRunner?: CommandRunner;
  /** The SSH port Sync now connects to, on every instance (end-to-end tests reach a local SSH server on a free port); unset: 22. */
  agentsSshPort?: number;
  /** Finds the caller's public IP without the network; default: AWS's checkip. */
  publicIp?: PublicIpLookup;
}

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
  /** The desktop app's tray icon, as the shell found it (app.info); unset: none (browser mode, CLI). */
  trayStatus?: () => TrayStatus;
  /**
   * Live prices (AWS Price List, Spot price history), kept in `cacheFile` (a JSON file in the app's
   * cache folder; null: in memory only). Unset: the shipped price table only, and no price calls (tests).
   */
  prices?: { cacheFile: string | null };
  /** Tests only; unset in the app, browser mode and the CLI. */
  testing?: CoreTestingOptions;
}

export interface Core {
  api: FlotillaApi;
  events: EventSource;
  close(): Promise<void>;
}

/**
 * Builds every service by constructor injection; the one place the core is wired. Each service is
 * created from what it needs, in dependency order; their apis make the FlotillaApi; the app and
 * browser mode start them in that order, and close stops them in the reverse one.
 */
export async function createCore(ports: Ports, options: CoreOptions): Promise<Core> {
  const { logger } = ports;
  const testing = options.testing ?? {};
  const events = createEventBus((event, error) => logger.error(`listener for ${event} threw`, { error: String(error) }));
  const publicIp = testing.publicIp ?? checkIpLookup(fetch);

  const app = createAppService(options);
  const projects = await createProjectsService({
    dir: options.projectsDir,
    logger,
    watch: options.watch,
    onChange: (list) => events.emit('projects.changed', { projects: list }),
  });
  const settings = await createSettingsService({
    store: ports.settings,
    logger,
    home: options.home,
    secrets: ports.secrets,
    projectIds: async () => (await projects.api.list({})).map((p) => p.id),
    emit: events.emit,
    ...(ports.terminalPicker ? { terminalPicker: ports.terminalPicker } : {}),
  });
  const credentials = createCredentialsService({
    secrets: ports.secrets,
    settings,
    home: options.home,
    env: options.env,
    logger,
    opener: ports.opener,
    clock: ports.clock,
    emit: events.emit,
    // Nothing selected: the test asks STS through the clients the app uses then (Setup's connection).
    unselectedConnection: () => setup.api.connection({}),
  });
  // The AWS clients for the selected credentials (else the SDK's default chain), shared by the services below.
  const aws = createSelectedClients({
    env: options.env,
    selectionKey: () => JSON.stringify(settings.current().credential),
    provider: () => (settings.current().credential ? credentials.credentialProvider() : undefined),
  });
  const setup = createSetupService({
    settings: () => settings.current(),
    env: options.env,
    aws,
    publicIp,
    sshAgent: () => findSshAgent({ env: options.env, platform: process.platform }),
    redact: credentials.redact,
  });
  const instancesSettings = followInstancesSettings(settings);
  // The fleet, the launch plan and the budget cap price instances from this one book.
  const prices: PriceBook | undefined = options.prices
    ? await openPriceBook({
        clock: ports.clock,
        logger,
        cacheFile: options.prices.cacheFile,
        live: { pricing: () => aws.pricing(), ec2: (region) => aws.ec2(region) },
        // A one-shot command never waits at exit for a background refresh (a launch's pre-flight still waits for its price).
        ...(options.mode === 'cli' ? { timings: { closeGraceMs: 0 } } : {}),
      })
    : undefined;
  const instances = createInstancesService({
    clients: aws,
    projects: projectsLookup(projects),
    settings: instancesSettings.current,
    ports,
    events,
    runner: testing.instancesRunner ?? nodeCommandRunner,
    ...(testing.instancesTimings ? { timings: testing.instancesTimings } : {}),
    publicIp,
    fetch,
    which: createWhich({ env: options.env, platform: process.platform }),
    ...(prices ? { prices } : {}),
  });
  const revisions = createRevisionsAppService({
    ...revisionsSettings(() => settings.current(), (region) => aws.s3(region)),
    logger,
    emit: events.emit,
    home: options.home,
    clock: ports.clock,
    // Drift compares the agents' reports with the live fleet, as the Instances page lists it.
    liveInstances: liveFleetOf(instances.api),
  });
  // "Sync now" reaches instances as the SSH button does: the Instances service names host, user and key file;
  // instances tagged flotilla:access=ssm are synced over Systems Manager instead.
  const agents = createAgentsService({
    // Over SSH (access ssh or both); an SSM-only instance goes over Systems Manager (`access`), never here.
    target: (ref) => instances.api.sshCommand({ ...ref, via: 'ssh' }),
    access: async (ref) => (await instances.api.get(ref)).access,
    ssm: (region) => aws.ssm(region),
    // Settings → Revisions → SSM output prefix: SSM also writes the whole output to the revisions bucket.
    ssmOutput: () => {
      const { revisions: r, defaultRegion } = settings.current();
      return r.bucket && r.ssmOutputPrefix ? { bucket: r.bucket, prefix: r.ssmOutputPrefix, s3: aws.s3(defaultRegion) } : null;
    },
    // Beside the settings file: SSM commands still running when the app closed are followed again at start.
    ...(ports.settings.location ? { inflightFile: path.join(path.dirname(ports.settings.location), 'sync-ssm-commands.json') } : {}),
    ...(testing.agentsSshPort !== undefined ? { sshPort: testing.agentsSshPort } : {}),
    emit: events.emit,
    clock: ports.clock,
    logger,
    home: options.home,
    env: options.env,
  });

  const api: FlotillaApi = {
    app: app.api,
    projects: projects.api,
    settings: settings.api,
    credentials: credentials.api,
    instances: instances.api,
    revisions: revisions.api,
    agents: agents.api,
    setup: setup.api,
  };
  /** In the order they were created: each is started after, and closed before, what it uses. */
  const lifecycle: Array<[name: string, service: Omit<CoreService<unknown>, 'api'>]> = [
    ['app', app],
    ['projects', projects],
    ['settings', settings],
    ['credentials', credentials],
    ['aws clients', { close: async () => aws.destroy() }],
    ['setup', setup],
    ['instances settings', { close: async () => instancesSettings.close() }],
    ['prices', { close: async () => prices?.close() }],
    ['instances', instances],
    ['revisions', revisions],
    ['agents', agents],
  ];
  // The app and browser mode sweep expired instances and track booting ones; one-shot CLI commands don't.
  // Background work: createCore answers without waiting for it.
  if (options.mode !== 'cli') {
    for (const [name, service] of lifecycle) {
      void service.start?.().catch((error: unknown) => logger.warn(`${name}: could not start its background work`, { error: String(error) }));
    }
  }
  return {
    api,
    events,
    close: async () => {
      for (const [, service] of [...lifecycle].reverse()) await service.close?.();
    },
  };
}
