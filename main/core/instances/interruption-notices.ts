import type { InstanceDto } from '../../contract/instances/dto';

/**
 * Tells once per instance when an interruption notice first shows (InstanceDto.interruption: the guard's
 * tag, or EC2's Spot state reason), from whatever lists instances: a sweep, the fleet list, the tracker.
 */
export function createInterruptionNotices(tell: (instance: InstanceDto) => void) {
  const told = new Set<string>();
  return {
    observe(instances: readonly InstanceDto[]): void {
      for (const instance of instances) {
        if (instance.interruption === null || told.has(instance.id)) continue;
        told.add(instance.id);
        tell(instance);
      }
    },
  };
}
