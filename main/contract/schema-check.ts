import type { z } from 'zod';
import type { ChannelOf, InputIn } from './service-channels';

/**
 * The compile-time check that every payload schema parses to exactly its method's input, both
 * ways: a field the interface has and the schema lacks (or the reverse), a different type, a field
 * optional on one side only, are all errors naming the channel. Optional fields compare alike
 * whether written `?: T` or `?: T | undefined` (zod writes the latter). Types only: no zod at runtime.
 */

/** `T` with every object type rebuilt field by field, so `A & B` and `?: T` compare as their flat, `| undefined` forms. */
type Normal<T> = T extends (...args: never[]) => unknown ? T : T extends object ? { [K in keyof T]: Normal<T[K]> } : T;

/** True only when A and B are the same type once normalised (not merely assignable: extra optional fields count). */
export type Same<A, B> = (<T>() => T extends Normal<A> ? 1 : 2) extends <T>() => T extends Normal<B> ? 1 : 2 ? true : false;

/** The channels whose schema does not parse to exactly their method's input (never when all agree). */
export type SchemaMismatch<Api, Schemas extends { [C in ChannelOf<Api>]: z.ZodType }> = {
  [C in ChannelOf<Api>]: Same<z.output<Schemas[C]>, InputIn<Api, C>> extends true ? (Same<z.input<Schemas[C]>, InputIn<Api, C>> extends true ? never : C) : C;
}[ChannelOf<Api>];

/**
 * `true` when every schema agrees with its method; otherwise the mismatched channels' names, so
 * `const check: SchemasAgree<Api, typeof schemas> = true` fails with "Type 'true' is not
 * assignable to type '"instances.terminate"'".
 */
export type SchemasAgree<Api, Schemas extends { [C in ChannelOf<Api>]: z.ZodType }> = [SchemaMismatch<Api, Schemas>] extends [never] ? true : SchemaMismatch<Api, Schemas>;
