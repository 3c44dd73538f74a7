/** What a notification (or the tray) can ask for an instance. */
export type NotificationActionKind = 'open' | 'ssh' | 'extend';

/** How far Extend from a notification or the tray moves the expiry. */
export const QUICK_EXTEND_DURATION = '1h';

/**
 * The actions a notification carries: `open:<region>/<id>` and `ssh:<region>/<id>` (ready),
 * `extend:<region>/<id>` (about to expire). A host that receives one calls openUrl, openSsh or
 * extend (by QUICK_EXTEND_DURATION) with what parseNotificationAction answers.
 */
export function notificationActionId(action: NotificationActionKind, ref: { id: string; region: string }): string {
  return `${action}:${ref.region}/${ref.id}`;
}

export function parseNotificationAction(actionId: string): { action: NotificationActionKind; id: string; region: string } | null {
  const match = /^(open|ssh|extend):([a-z0-9-]+)\/(i-[0-9a-f]+)$/.exec(actionId);
  if (!match) return null;
  return { action: match[1] as NotificationActionKind, region: match[2]!, id: match[3]! };
}
