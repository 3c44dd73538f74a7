import type { InstancesApi } from '../../contract/instances/api';
import { UsageError, type Output } from '../context';
import { parseCommandLine } from '../help';
import { runInstancesCommand } from './instances-cli-support';

/** `flotilla sweep`: terminate every expired Flotilla instance in the selected regions. */
export function sweepCommand(service: InstancesApi, argv: string[], io: Output): Promise<number> {
  return runInstancesCommand('sweep', argv, io, async () => {
    const { positionals } = parseCommandLine('sweep', argv);
    if (positionals.length > 0) throw new UsageError('sweep takes no arguments. See flotilla sweep --help.');
    const result = await service.sweep({});
    for (const t of result.terminated) io.out(`${t.id} (${t.project}/${t.branch}, ${t.region}) expired at ${t.expiresAt}: terminating`);
    for (const g of result.securityGroupsDeleted) io.out(`Deleted security group ${g}, left over from a finished launch.`);
    const failed = result.regions.filter((r) => !r.ok);
    for (const r of failed) io.err(`flotilla sweep: ${r.error}`);
    const checked = result.regions.filter((r) => r.ok).map((r) => r.region);
    io.out(`Swept ${checked.join(', ') || 'no region'}: ${result.terminated.length} expired instance${result.terminated.length === 1 ? '' : 's'} terminated.`);
    return failed.length ? 1 : 0;
  });
}
