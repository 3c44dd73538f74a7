import type { Instance } from '@aws-sdk/client-ec2';
import type { InstanceDto, InstanceRef } from '../../contract/instances/dto';
import { FlotillaError } from '../../contract/errors';
import type { InstancesApi } from '../../contract/instances/api';
import type { InstancesDeps, InstancesTimings } from './deps';
import { describeInstances, fleetFilters, locateOne } from './describe';
import { buildDiagnosis, consoleOutput, statusChecks } from './diagnose';
import { requireDuration } from './duration';
import { extendedExpiry, requireManaged, withTag, writeExpiry } from './expiry';
import { localReadyUrl, probeReadyUrl, publicHost, readyUrlFor } from './ready-url';
import type { InstancesSettings } from './settings';
import { createWhich } from '../terminal/which';
import { sshCommand } from './ssh';
import { requireSsmTools, shellVia, ssmSessionCommand } from './ssm-shell';
import type { SsmStatusCache } from './ssm-status';
import { parseExpiry, PINNED, TAG, tagMap } from './tags';
import type { Tracker } from './tracker';

export interface ActionsContext {
  deps: InstancesDeps;
  timings: InstancesTimings;
  settings: () => InstancesSettings;
  regionsFor(region?: string): string[];
  toDto(instance: Instance, region: string): InstanceDto;
  tracker: Tracker;
  ssmStatus: SsmStatusCache;
}

type Actions = Pick<InstancesApi, 'get' | 'extend' | 'pin' | 'unpin' | 'sshCommand' | 'openSsh' | 'openUrl' | 'consoleOutput' | 'diagnose'>;

export interface InstanceActions {
  /** The per-instance methods of InstancesApi. */
  actions: Actions;
  /** The caller's ARN (STS), for the fleet's "mine" and the expiry warnings; not part of the api. */
  me(): Promise<string | null>;
  /** After a restart: tracks the caller's instances that are still booting (not ready, within the ready timeout). */
  resumeTracking(deadline: (from: Date) => number): Promise<void>;
}

/** The per-instance methods of InstancesApi: each finds the instance by id (in one region or all selected). */
export function createInstanceActions(c: ActionsContext): InstanceActions {
  const { deps } = c;
  const { clock } = deps.ports;
  const ctx = { clock, ...(deps.random ? { random: deps.random } : {}) };
  const locate = (ref: InstanceRef) => locateOne(deps.clients, c.regionsFor(ref.region), ref.id, ctx);
  const changed = (dto: InstanceDto) => deps.events.emit('instances.changed', { upserted: [dto], removed: [] });

  async function sshUserFor(instance: Instance): Promise<string> {
    const project = tagMap(instance.Tags)[TAG.project];
    if (project) {
      try {
        const meta = (await deps.projects.getProject(project)).meta;
        if (meta['ssh-user']) return meta['ssh-user'];
      } catch {
        // A teammate's project this catalog does not have: the default user.
      }
    }
    return c.settings().sshUser;
  }

  /** The instance's ready-url: its tag (or the local project's), its host checked by readyUrlFor. */
  async function readyUrlOf(instance: Instance): Promise<string | null> {
    const local = await localReadyUrl(deps.projects, instance);
    return readyUrlFor(tagMap(instance.Tags)[TAG.readyUrl] ?? local, publicHost(instance), local);
  }

  const actions: Actions = {
    get: async (ref) => {
      const { instance, region } = await locate(ref);
      await c.ssmStatus.refresh(region, [instance]);
      return c.toDto(instance, region);
    },
    async extend({ id, region: where, duration, confirm }) {
      const ms = requireDuration(duration, 'Duration');
      const { instance, region } = await locate({ id, region: where });
      requireManaged(instance, 'extend');
      if (confirm !== true && parseExpiry(tagMap(instance.Tags)[TAG.expiresAt]).kind === 'pinned') {
        throw new FlotillaError(
          'invalid-input',
          `${id} is pinned: extending it by ${duration} unpins it, so it is terminated ${duration} from now. Confirm to unpin it, or leave it pinned.`,
          { id, needsConfirm: true, pinned: true },
        );
      }
      const next = extendedExpiry(tagMap(instance.Tags)[TAG.expiresAt], clock.now(), ms, c.settings().ttlMaxMs);
      const text = await writeExpiry(deps.clients.ec2(region), id, next, clock);
      const dto = c.toDto(withTag(instance, TAG.expiresAt, text), region);
      changed(dto);
      return dto;
    },
    async pin({ id, region: where, confirm }) {
      const { instance, region } = await locate({ id, region: where });
      requireManaged(instance, 'pin');
      if (confirm !== true) {
        const dto = c.toDto(instance, region);
        const cost = dto.hourlyPrice !== null ? ` (about $${dto.hourlyPrice.toFixed(4)} an hour, $${(dto.hourlyPrice * 24 * 30).toFixed(2)} a month)` : '';
        throw new FlotillaError(
          'invalid-input',
          `Pinning keeps ${id} running until someone terminates it${cost}; the sweeper and its own expiry guard leave it alone. Confirm to pin it.`,
          { id, needsConfirm: true },
        );
      }
      await writeExpiry(deps.clients.ec2(region), id, PINNED, clock);
      const dto = c.toDto(withTag(instance, TAG.expiresAt, PINNED), region);
      changed(dto);
      return dto;
    },
    async unpin({ id, region: where, duration }) {
      const ms = duration === undefined ? c.settings().ttlDefaultMs : requireDuration(duration, 'Duration');
      const { instance, region } = await locate({ id, region: where });
      requireManaged(instance, 'unpin');
      if (parseExpiry(tagMap(instance.Tags)[TAG.expiresAt]).kind !== 'pinned') {
        throw new FlotillaError('invalid-input', `${id} is not pinned; it already expires. Extend it to keep it longer.`, { id });
      }
      const next = extendedExpiry(undefined, clock.now(), ms, c.settings().ttlMaxMs);
      const text = await writeExpiry(deps.clients.ec2(region), id, next, clock);
      const dto = c.toDto(withTag(instance, TAG.expiresAt, text), region);
      changed(dto);
      return dto;
    },
    async sshCommand({ via, ...ref }) {
      const { instance, region } = await locate(ref);
      if (shellVia(instance.Tags, ref.id, via) === 'ssm') return ssmSessionCommand(instance.InstanceId ?? ref.id, region);
      return sshCommand({ instance, user: await sshUserFor(instance), keyFile: c.settings().sshKeyFile[region] ?? null });
    },
    async openSsh(ref) {
      const command = await actions.sshCommand(ref);
      if (command.command === 'aws') await requireSsmTools(deps.which ?? createWhich({ env: process.env, platform: process.platform }));
      const { terminal, customTerminal } = c.settings();
      await deps.ports.terminal.run(command.command, command.args, { choice: terminal, custom: customTerminal ?? null });
      return command;
    },
    async openUrl(ref) {
      const { instance, region } = await locate(ref);
      const host = publicHost(instance);
      const url = (await readyUrlOf(instance)) ?? (host ? `http://${host}/` : null);
      if (!url) throw new FlotillaError('invalid-input', `${ref.id} has no public address yet; wait until it is running.`, { id: ref.id });
      await deps.ports.opener.openUrl(url);
      return { url };
    },
    async consoleOutput(ref) {
      const { region } = await locate(ref);
      return consoleOutput(deps.clients.ec2(region), ref.id, region, ctx);
    },
    async diagnose(ref) {
      const { instance, region } = await locate(ref);
      const ec2 = deps.clients.ec2(region);
      const url = await readyUrlOf(instance);
      const [statuses, console, probe] = await Promise.all([
        statusChecks(ec2, [ref.id], ctx).catch(() => new Map()),
        consoleOutput(ec2, ref.id, region, ctx).then((o) => o.output, () => null),
        url ? probeReadyUrl(deps.fetch, url, c.timings.probeTimeoutMs, () => clock.now()) : Promise.resolve(c.tracker.lastProbeOf(ref.id)),
      ]);
      return buildDiagnosis({ instance, region, status: statuses.get(ref.id) ?? null, readyUrl: url, lastProbe: probe, console });
    },
  };

  return {
    actions,
    me: () => deps.clients.identity(c.settings().defaultRegion).then((i) => i.arn),
    async resumeTracking(deadline) {
      const me = await deps.clients.identity(c.settings().defaultRegion).then((i) => i.arn, () => null);
      if (!me) return;
      for (const region of c.settings().regions) {
        const instances = await describeInstances(deps.clients.ec2(region), fleetFilters(['pending', 'running']), ctx);
        const booting = instances.filter((i) => {
          const tags = tagMap(i.Tags);
          return tags[TAG.owner] === me && !tags[TAG.readyAt] && i.LaunchTime && deadline(new Date(i.LaunchTime)) > clock.now().getTime();
        });
        const requests = await Promise.all(
          booting.map(async (instance) => ({
            instance,
            region,
            readyUrlTemplate: tagMap(instance.Tags)[TAG.readyUrl] ?? null,
            projectReadyUrl: await localReadyUrl(deps.projects, instance),
            deadline: deadline(new Date(instance.LaunchTime!)),
          })),
        );
        c.tracker.track(requests);
      }
    },
  };
}
