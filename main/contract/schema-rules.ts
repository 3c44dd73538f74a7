import { z } from 'zod';

/**
 * The zod building blocks every service's payload schemas (main/contract/<service>/schemas.ts) use,
 * so a rule means one thing everywhere. Schemas check shape and size; the services check meaning
 * and answer with messages that name the field and the fix. The dispatcher prefixes each message
 * with the channel and the field (`instances.launch: field 'branch': is longer than 255 characters`).
 */

/** Text of at most `max` characters; may be empty (the service says when empty is wrong). */
export const text = (max: number) => z.string().max(max, `is longer than ${max} characters`);

/** Text of 1 to `max` characters. */
export const requiredText = (max: number) => text(max).min(1, 'is empty');

/** `text(max)`, or null (a setting that is cleared). */
export const nullableText = (max: number) => text(max).nullable();

/** The input of a method that takes none: `{}` and nothing else. */
export const noInput = z.strictObject({});
