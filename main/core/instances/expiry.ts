import { CreateTagsCommand, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { FlotillaError } from '../../contract/errors';
import { withBackoff } from '../shared/retry-policy';
import type { Clock } from '../ports';
import { awsCallError } from './describe';
import { formatDuration } from './duration';
import { stateOf } from './instance-dto';
import { formatExpiry, isFlotillaTagged, parseExpiry, PINNED, TAG, tagMap } from './tags';

/** Refuses instances Flotilla did not launch, and ones that are gone. */
export function requireManaged(instance: Instance, verb: string): void {
  const id = instance.InstanceId ?? '';
  if (!isFlotillaTagged(tagMap(instance.Tags))) {
    throw new FlotillaError('forbidden', `${id} was not launched by Flotilla (it has no ${TAG.project} and ${TAG.launchId} tags), so Flotilla will not ${verb} it.`, { id });
  }
  const state = stateOf(instance);
  if (state === 'terminated' || state === 'shutting-down') {
    throw new FlotillaError('invalid-input', `${id} is ${state}; there is nothing to ${verb}.`, { id, state });
  }
}

/**
 * The new expiry: `durationMs` after the current expiry, or after now if that has passed or the
 * instance is pinned. Refused beyond `maxMs` from now.
 */
export function extendedExpiry(current: string | undefined, now: Date, durationMs: number, maxMs: number): Date {
  const expiry = parseExpiry(current);
  const base = expiry.kind === 'at' && expiry.at > now ? expiry.at : now;
  const next = new Date(Math.floor((base.getTime() + durationMs) / 1000) * 1000);
  if (next.getTime() - now.getTime() > maxMs) {
    throw new FlotillaError(
      'invalid-input',
      `That would expire in ${formatDuration(next.getTime() - now.getTime())}, beyond the maximum of ${formatDuration(maxMs)} (Settings → Instances). ` +
        'Extend by less, or pin the instance to keep it until someone terminates it.',
      { maxMs },
    );
  }
  return next;
}

/** Writes flotilla:expires-at (an ISO time, or `never`); the instance's expiry guard reads it within a minute. */
export async function writeExpiry(ec2: EC2Client, id: string, value: Date | typeof PINNED, clock: Clock): Promise<string> {
  const text = value === PINNED ? PINNED : formatExpiry(value);
  try {
    await withBackoff(() => ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: TAG.expiresAt, Value: text }] })), { clock });
  } catch (error) {
    throw awsCallError(error, `update ${TAG.expiresAt} of ${id}`);
  }
  return text;
}

/** The instance as it is after the tag change, without describing it again. */
export function withTag(instance: Instance, key: string, value: string): Instance {
  return { ...instance, Tags: [...(instance.Tags ?? []).filter((t) => t.Key !== key), { Key: key, Value: value }] };
}
