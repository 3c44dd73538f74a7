import { createDispatcher } from '../dispatch';
import { agentsEventNames } from './events';
import { eventNames } from '../events';
import { fakeApi } from '../../../test/support/fake-api';

describe('agents contract', () => {
  const syncNow = vi.fn(async (input: { instances: Array<{ id: string; region: string }>; jobId?: string }) => ({ jobId: input.jobId ?? 'j', command: 'flotilla-agent sync', targets: input.instances }));
  const dispatch = createDispatcher(fakeApi({ agents: { syncNow } }), { onUnexpectedError: () => undefined });

  test('syncNow takes instances with their regions, and an optional job id', async () => {
    const value = { instances: [{ id: 'i-0123456789abcdef0', region: 'eu-west-1' }], jobId: 'ui-sync-1' };
    expect(await dispatch('agents.syncNow', value)).toEqual({ ok: true, value: { jobId: 'ui-sync-1', command: 'flotilla-agent sync', targets: value.instances } });
  });

  test('names what is wrong in a bad payload, before the core sees it', async () => {
    syncNow.mockClear();
    expect(await dispatch('agents.syncNow', { instances: [] })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('names no instance') } });
    expect(await dispatch('agents.syncNow', { instances: [{ id: 'i-0123456789abcdef0' }] })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await dispatch('agents.syncNow', { instances: [{ id: 'i-1', region: 'eu-west-1' }] })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('not an instance id') } });
    expect(await dispatch('agents.syncNow', { instances: [{ id: 'i-0123456789abcdef0', region: 'eu-west-1' }], command: 'rm -rf /' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await dispatch('agents.cancel', { jobId: '../x' })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('not a job id') } });
    expect(syncNow).not.toHaveBeenCalled();
  });

  test('jobs takes no input', async () => {
    const jobs = vi.fn(async () => []);
    const withJobs = createDispatcher(fakeApi({ agents: { jobs } }), { onUnexpectedError: () => undefined });
    expect(await withJobs('agents.jobs', {})).toEqual({ ok: true, value: [] });
    expect(await withJobs('agents.jobs', { jobId: 'x' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(jobs).toHaveBeenCalledTimes(1);
  });

  test('its events are forwarded like every other', () => {
    for (const name of agentsEventNames) expect(eventNames).toContain(name);
  });
});
