import type { Diagnosis, InstanceDto } from '../../contract/dto/instances';
import { notificationActionId, QUICK_EXTEND_DURATION } from '../../contract/instances-api';
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
    ready(instance: InstanceDto, url: string | null): void {
      const where = url ?? instance.publicDns ?? instance.publicIp ?? instance.id;
      if (deps.notifications().ready) notify({
        title: `${label(instance)} is ready`,
        body: `${where}\n${instance.id} in ${instance.region}`,
        actions: [
          { id: notificationActionId('open', instance), label: 'Open' },
          { id: notificationActionId('ssh', instance), label: 'SSH' },
        ],
      });
      webhook(`:white_check_mark: ${label(instance)} is ready: ${where} (${instance.id}, ${instance.region}, launched by ${instance.gitUser})`);
    },
    failed(instance: InstanceDto, diagnosis: Diagnosis): void {
      if (deps.notifications().failed) notify({ title: `${label(instance)} did not become ready`, body: `${instance.id}: ${diagnosis.summary}` });
      webhook(`:x: ${label(instance)} did not become ready (${instance.id}, ${instance.region}): ${diagnosis.summary}`);
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
