import type { InstancesApi } from '../../contract/instances/api';
import { parseDuration } from '../../core/instances/duration';
import { UsageError, type Output } from '../context';
import { parseCommandLine } from '../help';
import { runInstancesCommand } from './instances-cli-support';

/** `flotilla extend <instance-id> <duration> [--region R]` */
export function extendCommand(service: InstancesApi, argv: string[], io: Output): Promise<number> {
  return runInstancesCommand('extend', argv, io, async () => {
    const { values, positionals } = parseCommandLine('extend', argv);
    if (positionals.length !== 2) throw new UsageError('extend needs an instance id and a duration: flotilla extend i-0123456789abcdef0 4h');
    const [id, duration] = positionals as [string, string];
    if (parseDuration(duration) === null) throw new UsageError(`'${duration}' is not a duration; write it like 90m, 4h or 2d.`);
    // Typed out on the command line, so it is confirmed: a pinned instance is unpinned (the output says until when).
    const instance = await service.extend({ id, duration, confirm: true, ...(values.region ? { region: values.region } : {}) });
    io.out(`${instance.id} (${instance.name}) now expires at ${instance.expiresAt}.`);
    return 0;
  });
}
