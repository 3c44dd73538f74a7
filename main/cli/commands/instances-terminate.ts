import type { InstancesApi } from '../../contract/instances/api';
import { UsageError, type Output } from '../context';
import { parseCommandLine } from '../help';
import { runInstancesCommand } from './instances-cli-support';

/** `flotilla terminate <instance-id>... [--region R]` */
export function terminateCommand(service: InstancesApi, argv: string[], io: Output): Promise<number> {
  return runInstancesCommand('terminate', argv, io, async () => {
    const { values, positionals } = parseCommandLine('terminate', argv);
    if (positionals.length === 0) throw new UsageError('terminate needs at least one instance id: flotilla terminate i-0123456789abcdef0');
    const result = await service.terminate({ ids: positionals, ...(values.region ? { region: values.region } : {}) });
    for (const t of result.terminated) io.out(`${t.id} terminating (was ${t.previousState}, ${t.region})`);
    for (const r of result.refused) io.err(`flotilla terminate: ${r.id}: ${r.reason}`);
    for (const g of result.securityGroups) {
      if (g.status === 'scheduled') io.out(`Security group ${g.id} will be deleted once its instances are gone (or by the next sweep).`);
    }
    return result.refused.length > 0 ? 1 : 0;
  });
}
