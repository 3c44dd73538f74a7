import { isSmokeRun, quitIfSmokeRun, SMOKE_TEST_ENV } from './smoke-run';
// The CI script that sets the variable and waits for the log line (checked to agree with the shell).
import { SMOKE_ENV, STARTED_LINE } from '../../scripts/smoke-packaged.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';

function run(env: NodeJS.ProcessEnv) {
  const app = { quit: vi.fn() };
  const lines: string[] = [];
  const quit = quitIfSmokeRun(env, app, { info: (message) => void lines.push(message) });
  return { quit, quits: app.quit.mock.calls.length, lines };
}

describe('smoke run', () => {
  test('FLOTILLA_SMOKE_TEST=1: logs and quits once', () => {
    expect(run({ [SMOKE_TEST_ENV]: '1' })).toEqual({ quit: true, quits: 1, lines: ['smoke run (FLOTILLA_SMOKE_TEST=1): started, quitting'] });
  });

  test.each([{}, { [SMOKE_TEST_ENV]: '' }, { [SMOKE_TEST_ENV]: '0' }, { [SMOKE_TEST_ENV]: 'true' }, { [SMOKE_TEST_ENV]: ' 1' }])(
    'does nothing otherwise (%o)',
    (env) => {
      expect(run(env)).toEqual({ quit: false, quits: 0, lines: [] });
      expect(isSmokeRun(env)).toBe(false);
    },
  );

  test('the shell quits right after the line the smoke script waits for, and sets the variable the script sets', () => {
    expect(SMOKE_ENV).toBe(SMOKE_TEST_ENV);
    const index = readFileSync(path.join(import.meta.dirname, 'index.ts'), 'utf8');
    const started = index.indexOf(`log.info('${STARTED_LINE}'`);
    expect(started).toBeGreaterThan(0);
    expect(index.indexOf('quitIfSmokeRun(process.env, app, log)', started)).toBeGreaterThan(started);
    // The log the script reads: <userData>/logs/main.log (profile.ts puts logs under userData).
    expect(index).toMatch(/file: path\.join\(app\.getPath\('logs'\), 'main\.log'\)/);
  });
});
