import { act, screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { SyncInstanceSnapshot, SyncJobSnapshot, SyncNowInput } from '@contract/agents/dto';
import { fail, ok } from '@contract/errors';
import { createFakeClient, deferred, type FakeClient } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { MAX_LOG_CHARS } from '../../stores/agents-slice';
import { fleetOf, instance } from '../instances/fixtures.test-helpers';

const a = instance({ id: 'i-0aaa0001', project: 'butter', branch: 'main' });
const b = instance({ id: 'i-0bbb0002', project: 'jam', branch: 'feature/x', region: 'eu-west-1' });
const c = instance({ id: 'i-0ccc0003', project: 'toast', branch: 'main' });

function withFleet() {
  const fake = createFakeClient();
  const agents = {
    syncNow: vi.fn(async (input: SyncNowInput) => ok({ jobId: input.jobId!, command: 'flotilla-agent sync', targets: input.instances })),
    cancel: vi.fn(async ({ jobId }: { jobId: string }) => ok({ jobId, cancelled: 1 })),
    jobs: vi.fn(async (_input: Record<string, never>) => ok<SyncJobSnapshot[]>([])),
  };
  Object.assign(fake.api.instances, { list: vi.fn(async () => ok(fleetOf([a, b, c]))) });
  Object.assign(fake.api.agents, agents);
  return { fake, agents };
}

async function openInstances(fake: FakeClient) {
  const view = renderApp(fake);
  await view.user.click(screen.getByRole('button', { name: 'Instances' }));
  await screen.findByRole('grid', { name: 'Instances' });
  return view;
}

const bar = () => within(screen.getByRole('toolbar', { name: 'Selected instances' }));
const panel = () => within(screen.getByRole('region', { name: 'Sync now' }));
const rowOf = (id: string) => screen.getAllByRole('row').find((r) => r.getAttribute('data-id') === id)!;

describe('Sync now', () => {
  test('ticks instances with the mouse and the keyboard, then streams each one’s output live with its status', async () => {
    const { fake, agents } = withFleet();
    const { user } = await openInstances(fake);
    expect(bar().getByText('None selected')).toBeInTheDocument();
    expect(bar().getByRole('button', { name: 'Sync now' })).toBeDisabled();

    await user.click(screen.getByRole('checkbox', { name: 'Select butter/main (i-0aaa0001)' }));
    expect(screen.queryByRole('region', { name: /butter \/ main/ })).not.toBeInTheDocument(); // ticking does not open details
    rowOf('i-0bbb0002').focus();
    await user.keyboard(' ');
    expect(screen.getByRole('checkbox', { name: 'Select jam/feature/x (i-0bbb0002)' })).toBeChecked();
    expect(bar().getByText('2 selected')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select all shown instances' })).toHaveProperty('indeterminate', true);

    await user.click(bar().getByRole('button', { name: 'Sync now' }));
    const input = agents.syncNow.mock.calls[0]![0];
    expect(input.instances).toEqual([
      { id: 'i-0aaa0001', region: 'us-east-1' },
      { id: 'i-0bbb0002', region: 'eu-west-1' },
    ]);
    const jobId = input.jobId!;
    expect(screen.getByRole('heading', { name: 'Sync now', level: 2 })).toHaveFocus();
    expect(bar().getByRole('button', { name: 'Sync now' })).toBeDisabled();
    expect(panel().getByRole('status')).toHaveTextContent('0 of 2 finished');

    act(() => {
      fake.emit('agents.status', { jobId, instanceId: 'i-0aaa0001', phase: 'connecting' });
      fake.emit('agents.status', { jobId, instanceId: 'i-0aaa0001', phase: 'running', target: 'ubuntu@1.2.3.4', hostKey: { fingerprint: 'SHA256:abc', status: 'new' } });
      fake.emit('agents.output', { jobId, instanceId: 'i-0aaa0001', stream: 'stdout', text: 'sync: butter\n', end: 13 });
      fake.emit('agents.output', { jobId, instanceId: 'i-0aaa0001', stream: 'stderr', text: 'warning: slow\n', end: 27 });
      fake.emit('agents.output', { jobId: 'someone-else', instanceId: 'i-0aaa0001', stream: 'stdout', text: 'not mine\n', end: 9 });
    });
    const logA = screen.getByRole('log', { name: 'Output of butter/main (i-0aaa0001)' });
    expect(logA).toHaveAttribute('aria-live', 'polite');
    expect(logA.textContent).toBe('sync: butter\nwarning: slow\n');
    expect(panel().getByText(/ubuntu@1\.2\.3\.4/)).toBeInTheDocument();
    expect(panel().getByText('SHA256:abc')).toBeInTheDocument();
    const itemA = logA.closest('li')!;
    expect(within(itemA).getByText('Running')).toBeInTheDocument();
    const itemB = screen.getByRole('log', { name: 'Output of jam/feature/x (i-0bbb0002)' }).closest('li')!;
    expect(within(itemB).getByText('Queued')).toBeInTheDocument();

    act(() => {
      fake.emit('agents.done', { jobId, instanceId: 'i-0aaa0001', exitCode: 0, durationMs: 900 });
      fake.emit('agents.done', {
        jobId,
        instanceId: 'i-0bbb0002',
        exitCode: null,
        durationMs: 20,
        error: { kind: 'no-key-file', setting: 'regionKeys.eu-west-1.sshKeyFile', message: 'No SSH key file is set for eu-west-1.' },
      });
    });
    expect(within(itemA).getByText('Done (exit 0)')).toBeInTheDocument();
    expect(within(itemB).getByText('Failed')).toBeInTheDocument();
    expect(within(itemB).getByText('No SSH key file is set for eu-west-1.')).toBeInTheDocument();
    expect(panel().getByRole('status')).toHaveTextContent('Finished: 1 succeeded, 1 failed');
    expect(bar().getByRole('button', { name: 'Sync now' })).toBeEnabled();

    // Each log collapses and expands from its heading button.
    const toggle = within(itemA).getByRole('button', { name: /butter\/main/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('log', { name: /butter\/main/ })).not.toBeInTheDocument();

    await user.click(panel().getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('region', { name: 'Sync now' })).not.toBeInTheDocument();
  });

  test('cancels a running sync and shows each instance as cancelled', async () => {
    const { fake, agents } = withFleet();
    const { user, store } = await openInstances(fake);
    await user.click(screen.getByRole('checkbox', { name: 'Select all shown instances' }));
    expect(bar().getByText('3 selected')).toBeInTheDocument();
    await user.click(bar().getByRole('button', { name: 'Sync now' }));
    const { jobId } = store.getState().agents.job!;
    act(() => fake.emit('agents.status', { jobId, instanceId: 'i-0aaa0001', phase: 'running', target: 'ec2-user@1.2.3.4' }));

    const answer = deferred<Awaited<ReturnType<typeof agents.cancel>>>();
    agents.cancel.mockReturnValueOnce(answer.promise);
    await user.click(panel().getByRole('button', { name: 'Cancel' }));
    expect(agents.cancel).toHaveBeenCalledWith({ jobId });
    expect(panel().getByRole('button', { name: 'Cancelling…' })).toBeDisabled();
    await act(async () => {
      for (const id of ['i-0aaa0001', 'i-0bbb0002', 'i-0ccc0003']) {
        fake.emit('agents.done', { jobId, instanceId: id, exitCode: null, durationMs: 5, error: { kind: 'cancelled', message: 'Cancelled from Flotilla.' } });
      }
      answer.resolve(ok({ jobId, cancelled: 3 }));
    });
    expect(panel().getAllByText('Cancelled')).toHaveLength(3);
    expect(panel().getByRole('status')).toHaveTextContent('Finished: 0 succeeded, 0 failed, 3 cancelled');
    expect(panel().getByRole('button', { name: 'Close' })).toBeInTheDocument();
  });

  test('keeps only the newest output of a very chatty server, saying how much was left out', async () => {
    const { fake } = withFleet();
    const { user, store } = await openInstances(fake);
    await user.click(screen.getByRole('checkbox', { name: 'Select toast/main (i-0ccc0003)' }));
    await user.click(bar().getByRole('button', { name: 'Sync now' }));
    const { jobId } = store.getState().agents.job!;
    act(() => {
      fake.emit('agents.output', { jobId, instanceId: 'i-0ccc0003', stream: 'stdout', text: 'x'.repeat(MAX_LOG_CHARS), skipped: 1000, end: 1000 + MAX_LOG_CHARS });
      fake.emit('agents.output', { jobId, instanceId: 'i-0ccc0003', stream: 'stdout', text: 'the end\n', end: 1008 + MAX_LOG_CHARS });
    });
    const log = screen.getByRole('log', { name: /toast\/main/ });
    expect(log).toHaveTextContent('[… 1,008 earlier characters not shown …]');
    expect(log.textContent!.endsWith('the end\n')).toBe(true);
    expect(store.getState().agents.job!.instances[0]!.log).toHaveLength(MAX_LOG_CHARS);
  });

  test('says why when the sync could not start', async () => {
    const { fake, agents } = withFleet();
    agents.syncNow.mockResolvedValueOnce(fail('bad-request', 'instances.0.id is not an instance id'));
    const { user } = await openInstances(fake);
    await user.click(screen.getByRole('checkbox', { name: 'Select butter/main (i-0aaa0001)' }));
    await user.click(bar().getByRole('button', { name: 'Sync now' }));
    expect(await panel().findByRole('alert')).toHaveTextContent('Sync now failed. instances.0.id is not an instance id');
    expect(bar().getByRole('button', { name: 'Sync now' })).toBeEnabled();
  });

  describe('after a reload', () => {
    const snapshotOf = (id: string, change: Partial<SyncInstanceSnapshot> = {}): SyncInstanceSnapshot => ({
      id, region: 'us-east-1', phase: 'queued', exitCode: null, output: '', outputEnd: 0, ...change,
    });
    const jobOf = (jobId: string, instances: SyncInstanceSnapshot[], finishedAt: string | null = null): SyncJobSnapshot => ({
      jobId, command: 'flotilla-agent sync', startedAt: '2026-03-01T10:00:00.000Z', finishedAt, instances,
    });
    const earlier = jobOf('ui-sync-earlier', [snapshotOf('i-0ccc0003', { phase: 'done', exitCode: 0, output: 'old\n', outputEnd: 4 })], '2026-03-01T09:58:00.000Z');
    const running = jobOf('ui-sync-running', [
      snapshotOf('i-0aaa0001', { phase: 'running', target: 'ubuntu@1.2.3.4', hostKey: { fingerprint: 'SHA256:abc', status: 'new' }, output: 'sync: butter\n', outputEnd: 1013 }),
      snapshotOf('i-0bbb0002', { region: 'eu-west-1' }),
    ]);

    test('shows the sync still running, with the output the core kept, and keeps it live', async () => {
      const { fake, agents } = withFleet();
      agents.jobs.mockResolvedValue(ok([earlier, running]));
      const { user, store } = await openInstances(fake);
      expect(agents.jobs).toHaveBeenCalledWith({});
      const logA = await screen.findByRole('log', { name: 'Output of butter/main (i-0aaa0001)' });
      expect(logA.textContent).toBe('[… 1,000 earlier characters not shown …]\nsync: butter\n');
      expect(panel().getByRole('status')).toHaveTextContent('0 of 2 finished');
      expect(within(logA.closest('li')!).getByText('Running')).toBeInTheDocument();
      expect(panel().getByText('SHA256:abc')).toBeInTheDocument();
      expect(screen.getByRole('log', { name: 'Output of jam/feature/x (i-0bbb0002)' }).closest('li')).toHaveTextContent('Queued');
      // Shown again, not started here: the focus stays where it was.
      expect(screen.getByRole('heading', { name: 'Sync now', level: 2 })).not.toHaveFocus();
      await user.click(screen.getByRole('checkbox', { name: 'Select toast/main (i-0ccc0003)' }));
      expect(bar().getByRole('button', { name: 'Sync now' })).toBeDisabled();

      const jobId = 'ui-sync-running';
      act(() => {
        fake.emit('agents.output', { jobId, instanceId: 'i-0aaa0001', stream: 'stdout', text: 'butter\n', end: 1013 }); // already shown
        fake.emit('agents.output', { jobId, instanceId: 'i-0aaa0001', stream: 'stdout', text: 'butter\nmore\n', end: 1018 }); // half new
        fake.emit('agents.status', { jobId, instanceId: 'i-0aaa0001', phase: 'connecting' }); // late: does not move it back
        fake.emit('agents.status', { jobId, instanceId: 'i-0bbb0002', phase: 'running', target: 'ec2-user@5.6.7.8' });
      });
      expect(logA.textContent).toBe('[… 1,000 earlier characters not shown …]\nsync: butter\nmore\n');
      expect(within(logA.closest('li')!).getByText('Running')).toBeInTheDocument();
      act(() => {
        fake.emit('agents.done', { jobId, instanceId: 'i-0aaa0001', exitCode: 0, durationMs: 900 });
        fake.emit('agents.done', { jobId, instanceId: 'i-0bbb0002', exitCode: 2, durationMs: 800 });
      });
      expect(panel().getByRole('status')).toHaveTextContent('Finished: 1 succeeded, 1 failed');

      // Closed, it stays closed when the page comes back (the core still lists the job for a while).
      await user.click(panel().getByRole('button', { name: 'Close' }));
      expect(store.getState().agents.dismissed).toEqual(['ui-sync-running']);
      agents.jobs.mockResolvedValue(ok([earlier, { ...running, finishedAt: '2026-03-01T10:01:00.000Z' }]));
      await user.click(screen.getByRole('button', { name: 'Projects' }));
      await user.click(screen.getByRole('button', { name: 'Instances' }));
      await screen.findByRole('grid', { name: 'Instances' });
      await vi.waitFor(() => expect(agents.jobs).toHaveBeenCalledTimes(2));
      // The newest one not closed is the earlier, finished job.
      expect(await screen.findByRole('log', { name: 'Output of toast/main (i-0ccc0003)' })).toHaveTextContent('old');
      expect(panel().getByRole('status')).toHaveTextContent('Finished: 1 succeeded, 0 failed');
    });

    test('applies events that arrive while it asks the core, each character once', async () => {
      const { fake, agents } = withFleet();
      const answer = deferred<Awaited<ReturnType<typeof agents.jobs>>>();
      agents.jobs.mockReturnValueOnce(answer.promise);
      const { store } = await openInstances(fake);
      const jobId = 'ui-sync-running';
      act(() => {
        fake.emit('agents.output', { jobId, instanceId: 'i-0aaa0001', stream: 'stdout', text: 'sync: butter\n', end: 1013 }); // also in the answer
        fake.emit('agents.output', { jobId, instanceId: 'i-0aaa0001', stream: 'stderr', text: 'second\n', end: 1020 }); // after it
        fake.emit('agents.done', { jobId, instanceId: 'i-0bbb0002', exitCode: null, durationMs: 3, error: { kind: 'refused', message: 'refused' } });
        fake.emit('agents.output', { jobId: 'someone-else', instanceId: 'i-0aaa0001', stream: 'stdout', text: 'not mine\n', end: 9 });
      });
      expect(screen.queryByRole('region', { name: 'Sync now' })).not.toBeInTheDocument();
      await act(async () => answer.resolve(ok([running])));
      const log = await screen.findByRole('log', { name: 'Output of butter/main (i-0aaa0001)' });
      expect(log.textContent).toBe('[… 1,000 earlier characters not shown …]\nsync: butter\nsecond\n');
      expect(store.getState().agents.job!.instances.map((i) => i.status)).toEqual(['running', 'failed']);
      expect(panel().getByText('refused')).toBeInTheDocument();
    });

    test('never replaces a sync started while it asked', async () => {
      const { fake, agents } = withFleet();
      const answer = deferred<Awaited<ReturnType<typeof agents.jobs>>>();
      agents.jobs.mockReturnValueOnce(answer.promise);
      const { user, store } = await openInstances(fake);
      await user.click(screen.getByRole('checkbox', { name: 'Select butter/main (i-0aaa0001)' }));
      await user.click(bar().getByRole('button', { name: 'Sync now' }));
      const mine = store.getState().agents.job!.jobId;
      await act(async () => answer.resolve(ok([running])));
      expect(store.getState().agents.job!.jobId).toBe(mine);
      expect(screen.getByRole('log', { name: /butter\/main/ }).closest('li')).toHaveTextContent('Queued');
    });

    test('leaves the page as it was when the core cannot say', async () => {
      const { fake, agents } = withFleet();
      agents.jobs.mockResolvedValue(fail('unavailable', 'agents.jobs is not there'));
      const { store } = await openInstances(fake);
      await vi.waitFor(() => expect(agents.jobs).toHaveBeenCalled());
      await act(async () => undefined);
      expect(store.getState().agents.job).toBeNull();
      expect(screen.queryByRole('region', { name: 'Sync now' })).not.toBeInTheDocument();
      expect(bar().getByText('None selected')).toBeInTheDocument();
    });
  });
});
