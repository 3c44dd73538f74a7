/**
 * The one shape of a core service's factory: `create<Feature>Service(ctx)` answers its contract api
 * and, when it has background work or resources, how to start and close them. createCore starts
 * them in the order it created them and closes them in reverse.
 */
export interface CoreService<Api> {
  /** Exactly the contract's methods of this service: hosts serve every key of it. */
  api: Api;
  /** Background work the app and browser mode run (one-shot CLI commands don't). */
  start?(): Promise<void>;
  /** Stops timers and background work and releases what the service holds. */
  close?(): Promise<void>;
}
