import { createJobRecords, DEFAULT_JOB_RECORDS_LIMITS, type JobRecordsLimits } from './job-records';

function setup(limits: Partial<JobRecordsLimits> = {}) {
  let now = Date.parse('2026-03-01T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const records = createJobRecords(clock, { ...DEFAULT_JOB_RECORDS_LIMITS, ...limits });
  const out = (jobId: string, instanceId: string, text: string, skipped?: number) =>
    records.output({ jobId, instanceId, stream: 'stdout', text, ...(skipped ? { skipped } : {}) });
  const finish = (jobId: string, ...ids: string[]) => ids.forEach((instanceId) => records.done({ jobId, instanceId, exitCode: 0, durationMs: 5 }));
  return { records, out, finish, advance: (ms: number) => (now += ms) };
}

const targets = (...ids: string[]) => ids.map((id) => ({ id, region: 'eu-west-1' }));

describe('what the agents service remembers of its jobs', () => {
  test('keeps each instance’s phase, result and newest output, and counts every character it was sent', () => {
    const { records, out, advance } = setup({ tailChars: 10 });
    records.start('j1', 'flotilla-agent sync', targets('i-1', 'i-2'));
    records.status({ jobId: 'j1', instanceId: 'i-1', phase: 'connecting' });
    records.status({ jobId: 'j1', instanceId: 'i-1', phase: 'running', target: 'ubuntu@1.2.3.4', hostKey: { fingerprint: 'SHA256:x', status: 'new' } });
    expect(out('j1', 'i-1', 'hello\n')).toBe(6);
    expect(out('j1', 'i-1', 'world\n', 4)).toBe(16); // 4 characters the batcher dropped count too
    expect(out('nope', 'i-1', 'x')).toBe(0);
    advance(1500);
    records.done({ jobId: 'j1', instanceId: 'i-2', exitCode: null, durationMs: 3, error: { kind: 'refused', message: 'refused' } });
    records.status({ jobId: 'j1', instanceId: 'i-2', phase: 'running' }); // late: ignored
    expect(records.list()).toEqual([
      {
        jobId: 'j1',
        command: 'flotilla-agent sync',
        startedAt: '2026-03-01T10:00:00.000Z',
        finishedAt: null,
        instances: [
          { id: 'i-1', region: 'eu-west-1', phase: 'running', target: 'ubuntu@1.2.3.4', hostKey: { fingerprint: 'SHA256:x', status: 'new' }, exitCode: null, output: 'llo\nworld\n', outputEnd: 16 },
          { id: 'i-2', region: 'eu-west-1', phase: 'done', exitCode: null, error: { kind: 'refused', message: 'refused' }, durationMs: 3, output: '', outputEnd: 0 },
        ],
      },
    ]);
    records.done({ jobId: 'j1', instanceId: 'i-1', exitCode: 0, durationMs: 9 });
    expect(records.list()[0]!.finishedAt).toBe('2026-03-01T10:00:01.500Z');
  });

  test('forgets finished jobs after keepFinishedMs, and beyond keepFinishedJobs; running ones stay', () => {
    const { records, finish, advance } = setup({ keepFinishedMs: 60_000, keepFinishedJobs: 2 });
    records.start('running', 'c', targets('i-1'));
    for (const id of ['a', 'b', 'c']) {
      records.start(id, 'c', targets('i-1'));
      finish(id, 'i-1');
      advance(10_000);
    }
    expect(records.list().map((j) => j.jobId)).toEqual(['running', 'b', 'c']);
    advance(25_000); // b finished 45 s ago, c 35 s ago
    expect(records.list().map((j) => j.jobId)).toEqual(['running', 'b', 'c']);
    advance(20_000); // b 65 s ago, c 55 s ago
    expect(records.list().map((j) => j.jobId)).toEqual(['running', 'c']);
    advance(10_000 * 60);
    expect(records.list().map((j) => j.jobId)).toEqual(['running']);
    // A job id used again starts afresh.
    records.start('running', 'c', targets('i-9'));
    expect(records.list()[0]!.instances.map((i) => i.id)).toEqual(['i-9']);
  });

  test('keeps all output within the budget: finished jobs lose theirs first, then running tails share it', () => {
    const { records, out, finish } = setup({ tailChars: 200, budgetChars: 250 });
    records.start('old', 'c', targets('i-1', 'i-2'));
    out('old', 'i-1', 'a'.repeat(100));
    out('old', 'i-2', 'b'.repeat(100));
    finish('old', 'i-1', 'i-2');
    records.start('new', 'c', targets('i-3', 'i-4'));
    out('new', 'i-3', 'c'.repeat(100));
    // 300 > 250: the finished job's output goes; what it had sent is still counted.
    expect(records.keptChars()).toBe(100);
    expect(records.list()[0]!.instances.map((i) => [i.output, i.outputEnd])).toEqual([
      ['', 100],
      ['', 100],
    ]);
    out('new', 'i-4', 'd'.repeat(100));
    expect(records.keptChars()).toBe(200);
    out('new', 'i-3', 'e'.repeat(100));
    out('new', 'i-4', 'f'.repeat(100));
    // Two running tails of 200 would be 400: each keeps its newest 125.
    expect(records.keptChars()).toBe(250);
    const [i3, i4] = records.list()[1]!.instances;
    expect(i3).toMatchObject({ output: 'c'.repeat(25) + 'e'.repeat(100), outputEnd: 200 });
    expect(i4).toMatchObject({ output: 'd'.repeat(25) + 'f'.repeat(100), outputEnd: 200 });
    for (let i = 0; i < 20; i++) out('new', `i-${3 + (i % 2)}`, 'g'.repeat(60));
    expect(records.keptChars()).toBeLessThanOrEqual(250);
    expect(records.list()[1]!.instances.map((i) => i.outputEnd)).toEqual([800, 800]);
  });
});
