import type { SyncErrorKind } from '../../contract/agents/dto';

/** Why a run did not end with an exit code; the message says what is wrong and how to fix it. */
export class SyncFailure extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly setting?: string,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}
