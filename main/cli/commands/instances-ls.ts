import type { InstanceDto } from '../../contract/instances/dto';
import type { InstancesApi } from '../../contract/instances/api';
import { formatDuration } from '../../core/instances/duration';
import { filterInstances } from '../../contract/fleet-filter';
import { priceSourcesOf, priceSourceText } from '../../contract/instances/price-source';
import { UsageError, type Output } from '../context';
import { parseCommandLine } from '../help';
import { runInstancesCommand, table, usd } from './instances-cli-support';

function expiry(instance: InstanceDto, now: number): string {
  if (instance.pinned) return 'pinned';
  if (!instance.expiresAt) return '-';
  const left = Date.parse(instance.expiresAt) - now;
  return left <= 0 ? 'expired' : `in ${formatDuration(left)}`;
}

/** `flotilla ls [--json] [--mine] [--project P] [--region R]...` */
export function lsCommand(service: InstancesApi, argv: string[], io: Output): Promise<number> {
  return runInstancesCommand('ls', argv, io, async () => {
    const { values, positionals } = parseCommandLine('ls', argv);
    if (positionals.length > 0) throw new UsageError('ls takes no arguments. See flotilla ls --help.');
    const fleet = await service.list(values.region ? { regions: values.region } : {});
    const instances = filterInstances(fleet.instances, { ...(values.mine ? { owner: 'mine' } : {}), ...(values.project ? { project: values.project } : {}) }, fleet.me);
    const failed = fleet.regions.filter((r) => !r.ok);
    for (const region of failed) io.err(`flotilla ls: ${region.error}`);
    if (values.mine && !fleet.me) io.err('flotilla ls: --mine needs your AWS identity, which could not be found; showing none.');
    if (values.json) {
      io.out(JSON.stringify({ ...fleet, instances }, null, 2));
      return failed.length ? 1 : 0;
    }
    if (instances.length === 0) {
      const listed = fleet.regions.filter((r) => r.ok).map((r) => r.region);
      if (listed.length) io.out(`No Flotilla instances in ${listed.join(', ')}${values.mine || values.project ? ' matching that' : ''}.`);
      return failed.length ? 1 : 0;
    }
    const now = Date.parse(fleet.fetchedAt);
    const rows = [
      ['ID', 'REGION', 'PROJECT', 'BRANCH', 'USER', 'STATE', 'READY', 'EXPIRES', 'COST', 'URL'],
      ...instances.map((i) => [i.id, i.region, i.project, i.branch, i.gitUser, i.state, i.readiness, expiry(i, now), usd(i.costSoFar), i.readyUrl ?? i.publicDns ?? '-']),
    ];
    for (const line of table(rows)) io.out(line);
    for (const i of instances.filter((x) => x.interruption !== null)) io.out(`${i.id}: Spot interruption${i.interruption ? ` at ${i.interruption}` : ''}; EC2 is reclaiming it.`);
    const shown = instances.length === fleet.instances.length ? fleet.totals : null;
    if (shown) {
      io.out(`${instances.length} instance${instances.length === 1 ? '' : 's'}: ${usd(shown.hourly, 4)}/h now, ${usd(shown.soFar)} so far, ${usd(shown.projected)} to expiry (approximate; prices: ${priceSources(instances, fleet.pricesTakenAt)}).`);
    }
    return failed.length ? 1 : 0;
  });
}

/** Where the prices shown come from (`AWS price list, 2 Dec 2026; ...`); the shipped table's date when none is priced. */
function priceSources(instances: readonly InstanceDto[], shippedAsOf: string): string {
  const sources = priceSourcesOf(instances);
  return sources.length > 0 ? sources.join('; ') : priceSourceText({ source: 'shipped', asOf: shippedAsOf });
}
