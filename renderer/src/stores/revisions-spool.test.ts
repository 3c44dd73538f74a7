import type { SpoolResult } from '@contract/revisions/dto';
import { KEPT_FINISHED, spoolCancelling, spoolFinished, spoolProgressed, spoolStarted, type SpoolJob } from './revisions-spool';

const result: SpoolResult = { name: 'site.2026010400001Dd', package: 'site', rev: '2026010400001Dd', key: 'k', size: 3, sha256: 's' };
const progress = { phase: 'uploading' as const, bytes: 1, totalBytes: 3, rateBytesPerSec: 1, etaSeconds: 2 };

describe('spool jobs in the store', () => {
  test('keeps a job whose events came before its start answer, and marks it mine afterwards', () => {
    let jobs: SpoolJob[] = [];
    jobs = spoolProgressed(jobs, { spoolId: 's1', path: '/a/site.tgz', ...progress });
    jobs = spoolFinished(jobs, { spoolId: 's1', path: '/a/site.tgz', ok: true, result });
    jobs = spoolStarted(jobs, 's1', '/a/site.tgz');
    expect(jobs).toEqual([{ spoolId: 's1', path: '/a/site.tgz', mine: true, status: 'done', progress, result, error: null }]);
    // A late progress event does not bring a finished job back to life.
    expect(spoolProgressed(jobs, { spoolId: 's1', path: '/a/site.tgz', ...progress, bytes: 2 })[0]!.status).toBe('done');
  });

  test('shows spools of other windows too, and keeps only the last finished ones', () => {
    let jobs: SpoolJob[] = [];
    for (let i = 0; i < KEPT_FINISHED + 3; i++) {
      jobs = spoolStarted(jobs, `s${i}`, `/a/p${i}.tgz`);
      jobs = spoolFinished(jobs, { spoolId: `s${i}`, path: `/a/p${i}.tgz`, ok: false, cancelled: true, error: { code: 'unavailable', message: 'cancelled' } });
    }
    jobs = spoolProgressed(jobs, { spoolId: 'other', path: '/b/q.tgz', ...progress });
    expect(jobs[0]).toMatchObject({ spoolId: 'other', mine: false, status: 'running' });
    expect(jobs.filter((j) => j.status === 'cancelled')).toHaveLength(KEPT_FINISHED);
    expect(spoolCancelling(jobs, 'other')[0]!.status).toBe('cancelling');
  });
});
