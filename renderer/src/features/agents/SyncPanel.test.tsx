import { act, screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { SyncNowInput } from '../../../../main/contract/dto/agents';
import { fail, ok } from '../../../../main/contract/errors';
import { createFakeClient, deferred, type FakeClient } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { MAX_LOG_CHARS } from '../../stores/agents-slice';
import { fleetOf, instance } from '../instances/fixtures';

const a = instance({ id: 'i-0aaa0001', project: 'butter', branch: 'main' });
const b = instance({ id: 'i-0bbb0002', project: 'jam', branch: 'feature/x', region: 'eu-west-1' });
const c = instance({ id: 'i-0ccc0003', project: 'toast', branch: 'main' });

function withFleet() {
  const fake = createFakeClient();
  const agents = {
    syncNow: vi.fn(async (input: SyncNowInput) => ok({ jobId: input.jobId!, command: 'flotilla-agent sync', targets: input.instances })),
    cancel: vi.fn(async ({ jobId }: { jobId: string }) => ok({ jobId, cancelled: 1 })),
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
  it('ticks instances with the mouse and the keyboard, then streams each one’s output live with its status', async () => {
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
      fake.emit('agents.output', { jobId, instanceId: 'i-0aaa0001', stream: 'stdout', text: 'sync: butter\n' });
      fake.emit('agents.output', { jobId, instanceId: 'i-0aaa0001', stream: 'stderr', text: 'warning: slow\n' });
      fake.emit('agents.output', { jobId: 'someone-else', instanceId: 'i-0aaa0001', stream: 'stdout', text: 'not mine\n' });
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

  it('cancels a running sync and shows each instance as cancelled', async () => {
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

  it('keeps only the newest output of a very chatty server, saying how much was left out', async () => {
    const { fake } = withFleet();
    const { user, store } = await openInstances(fake);
    await user.click(screen.getByRole('checkbox', { name: 'Select toast/main (i-0ccc0003)' }));
    await user.click(bar().getByRole('button', { name: 'Sync now' }));
    const { jobId } = store.getState().agents.job!;
    act(() => {
      fake.emit('agents.output', { jobId, instanceId: 'i-0ccc0003', stream: 'stdout', text: 'x'.repeat(MAX_LOG_CHARS), skipped: 1000 });
      fake.emit('agents.output', { jobId, instanceId: 'i-0ccc0003', stream: 'stdout', text: 'the end\n' });
    });
    const log = screen.getByRole('log', { name: /toast\/main/ });
    expect(log).toHaveTextContent('[… 1,008 earlier characters not shown …]');
    expect(log.textContent!.endsWith('the end\n')).toBe(true);
    expect(store.getState().agents.job!.instances[0]!.log).toHaveLength(MAX_LOG_CHARS);
  });

  it('says why when the sync could not start', async () => {
    const { fake, agents } = withFleet();
    agents.syncNow.mockResolvedValueOnce(fail('bad-request', 'instances.0.id is not an instance id'));
    const { user } = await openInstances(fake);
    await user.click(screen.getByRole('checkbox', { name: 'Select butter/main (i-0aaa0001)' }));
    await user.click(bar().getByRole('button', { name: 'Sync now' }));
    expect(await panel().findByRole('alert')).toHaveTextContent('Sync now failed. instances.0.id is not an instance id');
    expect(bar().getByRole('button', { name: 'Sync now' })).toBeEnabled();
  });
});
