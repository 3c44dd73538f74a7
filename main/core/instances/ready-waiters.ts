import type { ReadyOutcome } from '../../contract/instances/dto';

const KEEP_OUTCOMES = 2000;

/** How tracked instances ended (ready or not), and the callers waiting for a set of them. */
export function createReadyWaiters() {
  const outcomes = new Map<string, ReadyOutcome>();
  const waiters = new Set<{ ids: string[]; resolve: (outcomes: ReadyOutcome[]) => void }>();
  const answer = (ids: string[]) => ids.map((id) => outcomes.get(id)!);
  return {
    get: (id: string) => outcomes.get(id),
    forget: (id: string) => outcomes.delete(id),
    /** Records an outcome and resolves every waiter whose ids all have one now. */
    settle(outcome: ReadyOutcome): void {
      outcomes.set(outcome.id, outcome);
      if (outcomes.size > KEEP_OUTCOMES) outcomes.delete(outcomes.keys().next().value!);
      for (const waiter of [...waiters]) {
        if (waiter.ids.every((id) => outcomes.has(id))) {
          waiters.delete(waiter);
          waiter.resolve(answer(waiter.ids));
        }
      }
    },
    /** Ids `isKnown` rejects (neither tracked nor ended) count as `unknown` at once. */
    wait(ids: string[], isKnown: (id: string) => boolean): Promise<ReadyOutcome[]> {
      for (const id of ids) if (!isKnown(id) && !outcomes.has(id)) outcomes.set(id, { id, region: '', readiness: 'unknown', readyUrl: null });
      if (ids.every((id) => outcomes.has(id))) return Promise.resolve(answer(ids));
      return new Promise((resolve) => waiters.add({ ids, resolve }));
    },
  };
}
