/**
 * CI's smoke run of the packaged app (scripts/smoke-packaged.mjs): with FLOTILLA_SMOKE_TEST=1 the
 * app quits cleanly (exit code 0) right after it has logged that it started, and a failure to
 * start exits 1 without the error dialog nobody would close. Without the variable, nothing changes.
 * Playwright cannot drive the packaged app (the enableNodeCliInspectArguments fuse is off), so the
 * smoke run reads main.log and the exit code instead.
 */
import type { Logger } from '../core/ports';

export const SMOKE_TEST_ENV = 'FLOTILLA_SMOKE_TEST';

/** True only when FLOTILLA_SMOKE_TEST is exactly "1". */
export function isSmokeRun(env: NodeJS.ProcessEnv): boolean {
  return env[SMOKE_TEST_ENV] === '1';
}

/** After 'Flotilla started': in a smoke run, logs it and quits (the will-quit cleanups still run); answers whether it did. */
export function quitIfSmokeRun(env: NodeJS.ProcessEnv, app: { quit(): void }, logger: Pick<Logger, 'info'>): boolean {
  if (!isSmokeRun(env)) return false;
  logger.info(`smoke run (${SMOKE_TEST_ENV}=1): started, quitting`);
  app.quit();
  return true;
}
