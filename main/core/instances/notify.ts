import type { Diagnosis, InstanceDto } from '../../contract/instances/dto';
import { notificationActionId, QUICK_EXTEND_DURATION } from '../../contract/instances/notification-actions';
import { formatDuration } from './duration';
import type { Logger, Notifier } from '../ports';
import type { FetchLike } from './deps';
import { postWebhook } from './webhook';

/** Tells people about ready, failed, soon-expiring and terminated instances: the desktop notification and the webhook. */
export function createAnnouncer(deps: {
  notifier: Notifier;
  logger: Logger;
  fetch: FetchLike;
  webhookUrl: () => string | null;
  notifications: () => { ready: boolean; failed: boolean; expiring: boolean };
}) {
  const pending = new Set<Promise<void>>();
  const webhook = (text: string) => {
    const task = postWebhook(deps.fetch, deps.webhookUrl(), text, deps.logger).finally(() => pending.delete(task));
    pending.add(task);
  };
  const label = (i: InstanceDto) => `${i.project}/${i.branch}`;
  const notify = (notification: Parameters<Notifier['notify']>[0]) => {
    try {
      deps.notifier.notify(notification);
    } catch (error) {
      deps.logger.warn('instances: notification failed', { error: String(error) });
    }
  };
  return {
    /**
     * One launch's outcome, once every instance of it is ready or has failed: ONE notification and
     * one webhook message however many instances it had. Those terminated on purpose are left out.
     */
    settled(launch: { ready: Array<{ instance: InstanceDto; url: string | null }>; failed: Array<{ instance: InstanceDto; diagnosis: Diagnosis }> }): void {
      const { ready, failed } = launch;
      const first = ready[0]?.instance ?? failed[0]?.instance;
      if (!first) return;
      const where = (r: { instance: InstanceDto; url: string | null }) => r.url ?? r.instance.publicDns ?? r.instance.publicIp ?? r.instance.id;
      const total = ready.length + failed.length;
      const wanted = (ready.length > 0 && deps.notifications().ready) || (failed.length > 0 && deps.notifications().failed);
      if (total === 1 && ready[0]) {
        const { instance } = ready[0];
        if (wanted) notify({
          title: `${label(instance)} is ready`,
          body: `${where(ready[0])}\n${instance.id} in ${instance.region}`,
          actions: [
            { id: notificationActionId('open', instance), label: 'Open' },
            { id: notificationActionId('ssh', instance), label: instance.access === 'ssm' ? 'Open shell (SSM)' : 'SSH' },
          ],
        });
        webhook(`:white_check_mark: ${label(instance)} is ready: ${where(ready[0])} (${instance.id}, ${instance.region}, launched by ${instance.gitUser})`);
        return;
      }
      if (total === 1 && failed[0]) {
        const { instance, diagnosis } = failed[0];
        if (wanted) notify({ title: `${label(instance)} did not become ready`, body: `${instance.id}: ${diagnosis.summary}` });
        webhook(`:x: ${label(instance)} did not become ready (${instance.id}, ${instance.region}): ${diagnosis.summary}`);
        return;
      }
      const title = `${label(first)}: ${ready.length} of ${total} ready` + (failed.length > 0 ? `, ${failed.length} did not become ready` : '');
      const lines = [
        ...ready.slice(0, 3).map((r) => `${r.instance.id}: ${where(r)}`),
        ...(ready.length > 3 ? [`and ${ready.length - 3} more ready`] : []),
        ...failed.slice(0, 3).map((f) => `${f.instance.id}: ${f.diagnosis.summary}`),
        ...(failed.length > 3 ? [`and ${failed.length - 3} more not ready`] : []),
      ];
      if (wanted) notify({ title, body: `${lines.join('\n')}\nin ${first.region}` });
      webhook(`${failed.length > 0 ? ':warning:' : ':white_check_mark:'} ${title} (${first.region}, launched by ${first.gitUser}): ${lines.join('; ')}`);
    },
    /** About to expire (desktop only: the team does not need to hear it). */
    expiring(instance: InstanceDto, msLeft: number): void {
      if (!deps.notifications().expiring) return;
      notify({
        title: `${label(instance)} expires in ${formatDuration(msLeft)}`,
        body: `${instance.id} in ${instance.region} will be terminated then. Extend it by ${QUICK_EXTEND_DURATION} to keep it.`,
        actions: [{ id: notificationActionId('extend', instance), label: `Extend by ${QUICK_EXTEND_DURATION}` }],
      });
    },
    /** EC2 announced (or carried out) a Spot interruption: desktop, with the expiry warnings' switch, and the webhook. */
    interrupted(instance: InstanceDto): void {
      const when = instance.interruption ? ` at ${instance.interruption.replace(/\.000Z$/, 'Z')}` : '';
      const text = `${label(instance)} is being interrupted by EC2 Spot${when}`;
      if (deps.notifications().expiring) notify({ title: text, body: `${instance.id} in ${instance.region} will be terminated (Spot interruptions give about two minutes). Launch again, or with market on-demand.` });
      webhook(`:zap: ${text} (${instance.id}, ${instance.region})`);
    },
    terminated(list: Array<{ id: string; region: string; name: string }>, reason: 'requested' | 'expired'): void {
      if (list.length === 0) return;
      const why = reason === 'expired' ? 'expired and was terminated' : 'was terminated';
      const names = list.map((i) => `${i.name || i.id} (${i.id}, ${i.region})`).join(', ');
      webhook(`:wastebasket: ${list.length === 1 ? names : `${list.length} instances: ${names}`} ${list.length === 1 ? why : why.replace('was', 'were')}`);
    },
    /** Waits for webhooks in flight (at most their timeout). */
    async settle(): Promise<void> {
      await Promise.allSettled([...pending]);
    },
  };
}
