import { parseNotificationAction, QUICK_EXTEND_DURATION } from '../contract/instances/notification-actions';
import { type InstancesApi } from '../contract/instances/api';
import type { Logger } from '../core/ports';

export interface NotificationActionDeps {
  instances: Pick<InstancesApi, 'openUrl' | 'openSsh' | 'extend'>;
  logger: Pick<Logger, 'warn'>;
  /** Shows what went wrong (the action ran from a notification, so nothing else would). */
  onError(title: string, error: unknown): void;
}

/**
 * Runs a notification's action id (`open:`, `ssh:` or `extend:<region>/<id>`) against the core:
 * openUrl, openSsh, or extend by QUICK_EXTEND_DURATION. Unknown ids are logged and ignored.
 */
export function createNotificationActionHandler(deps: NotificationActionDeps): (actionId: string) => Promise<void> {
  return async (actionId) => {
    const action = parseNotificationAction(actionId);
    if (!action) {
      deps.logger.warn('ignored an unknown notification action', { actionId });
      return;
    }
    const ref = { id: action.id, region: action.region };
    try {
      if (action.action === 'open') await deps.instances.openUrl(ref);
      else if (action.action === 'ssh') await deps.instances.openSsh(ref);
      else await deps.instances.extend({ ...ref, duration: QUICK_EXTEND_DURATION });
    } catch (error) {
      const verb = action.action === 'open' ? 'open' : action.action === 'ssh' ? 'open an SSH terminal to' : `extend`;
      deps.onError(`Could not ${verb} ${action.id}`, error);
    }
  };
}
