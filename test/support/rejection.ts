import { FlotillaError } from '../../main/contract/errors';

/** The FlotillaError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<FlotillaError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof FlotillaError) return error;
  throw new Error(`expected a FlotillaError, got ${String(error)}`);
}
