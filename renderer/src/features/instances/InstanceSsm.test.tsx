import { screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import { fail, ok } from '@contract/errors';
import { dataRows, grid, openInstances, withInstances } from './page.test-helpers';
import { instance, items, preflightResult } from './fixtures.test-helpers';

/** What a screen reader reads of an element: its text without the parts hidden from it. */
function spoken(element: HTMLElement): string {
  const copy = element.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return copy.textContent ?? '';
}

const SESSION = 'aws ssm start-session --target i-0aaa --region us-east-1';

/** Opens the details of the grid's first row. */
async function openDetails(user: { keyboard(text: string): Promise<void> }) {
  const g = await grid();
  dataRows(g)[0]!.focus();
  await user.keyboard('{Enter}');
  return within(screen.getByRole('region', { name: /butter/ }));
}

describe('SSM access in the fleet and the details', () => {
  test("the fleet shows the SSM agent's status beside the state, whole for screen readers and in the title", async () => {
    const { fake } = withInstances([
      instance({ id: 'i-0aaa', access: 'ssm', ssm: 'online' }),
      instance({ id: 'i-0bbb', access: 'both', ssm: 'connection-lost', launchedAt: '2026-01-15T10:00:00.000Z' }),
      instance({ id: 'i-0ccc', access: 'ssh', launchedAt: '2026-01-15T09:00:00.000Z' }),
    ]);
    await openInstances(fake);
    const rows = dataRows(await grid());
    const state = (row: HTMLElement) => within(row).getAllByRole('gridcell').find((c) => c.getAttribute('data-col') === 'state')!;
    expect(spoken(state(rows[0]!))).toBe('Ready, SSM agent: Online');
    expect(state(rows[0]!)).toHaveTextContent(/^Ready, SSM agent: SSMOnline$/); // "SSM" is what the eye sees
    expect(state(rows[0]!)).toHaveAttribute('title', 'Ready. SSM agent: Online');
    expect(spoken(state(rows[1]!))).toBe('Ready, SSM agent: Connection lost: the agent stopped answering Systems Manager');
    expect(state(rows[2]!)).not.toHaveTextContent('SSM');
  });

  test('an SSM-only instance: "Open shell (SSM)" and "Copy SSM command", no SSH button; the details say the agent’s status', async () => {
    const { fake } = withInstances([instance({ id: 'i-0aaa', access: 'ssm', ssm: 'not-registered', keyName: null })]);
    const openSsh = vi.fn(async () => ok({ command: 'aws' as const, args: ['ssm', 'start-session', '--target', 'i-0aaa', '--region', 'us-east-1'], text: SESSION, user: '', host: 'i-0aaa', keyFile: null }));
    Object.assign(fake.api.instances, { openSsh, sshCommand: openSsh });
    const { user } = await openInstances(fake);
    const detail = await openDetails(user);
    expect(detail.queryByRole('button', { name: 'SSH' })).not.toBeInTheDocument();
    expect(detail.queryByRole('button', { name: 'Copy SSH command' })).not.toBeInTheDocument();
    expect(detail.getByText('SSM (Systems Manager)')).toBeInTheDocument();
    expect(detail.getByText(/^Not registered: .*AmazonSSMManagedInstanceCore/)).toBeInTheDocument();

    await user.click(detail.getByRole('button', { name: 'Open shell (SSM)' }));
    expect(openSsh).toHaveBeenCalledWith({ id: 'i-0aaa', region: 'us-east-1', via: 'ssm' });
    await user.click(detail.getByRole('button', { name: 'Copy SSM command' }));
    expect(await screen.findByLabelText('SSM command')).toHaveValue(SESSION);
  });

  test('access = both offers SSH and SSM', async () => {
    const { fake } = withInstances([instance({ id: 'i-0aaa', access: 'both', ssm: 'online' })]);
    const openSsh = vi.fn(async () => ok({ command: 'ssh' as const, args: [], text: 'ssh ubuntu@1.2.3.4', user: 'ubuntu', host: '1.2.3.4', keyFile: null }));
    Object.assign(fake.api.instances, { openSsh });
    const { user } = await openInstances(fake);
    const detail = await openDetails(user);
    await user.click(detail.getByRole('button', { name: 'SSH' }));
    expect(openSsh).toHaveBeenLastCalledWith({ id: 'i-0aaa', region: 'us-east-1', via: 'ssh' });
    await user.click(detail.getByRole('button', { name: 'Open shell (SSM)' }));
    expect(openSsh).toHaveBeenLastCalledWith({ id: 'i-0aaa', region: 'us-east-1', via: 'ssm' });
    expect(detail.getByRole('button', { name: 'Copy SSH command' })).toBeInTheDocument();
    expect(detail.getByRole('button', { name: 'Copy SSM command' })).toBeInTheDocument();
  });

  test('what to install when the AWS CLI or the plugin is missing is shown under the buttons', async () => {
    const { fake } = withInstances([instance({ id: 'i-0aaa', access: 'ssm', ssm: 'online' })]);
    const message = 'A shell over SSM runs `aws ssm start-session`, which needs the Session Manager plugin for the AWS CLI (`session-manager-plugin`; https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html) on PATH: install it, then try again.';
    Object.assign(fake.api.instances, { openSsh: vi.fn(async () => fail('unavailable', message, { command: 'session-manager-plugin' })) });
    const { user } = await openInstances(fake);
    const detail = await openDetails(user);
    await user.click(detail.getByRole('button', { name: 'Open shell (SSM)' }));
    expect(await screen.findByText(/needs the Session Manager plugin for the AWS CLI/)).toBeInTheDocument();
  });
});

describe('the launch plan says how the instances are reached', () => {
  test.each([
    ['ssm', 'Reached over SSM only: no key pair needed, no port 22.'],
    ['both', 'Reached over SSH and SSM.'],
  ] as const)('access = %s', async (access, words) => {
    const { fake, api } = withInstances([]);
    api.preflight.mockImplementation(async (input) => {
      const result = preflightResult(items(['pass', 'pass']), input.launchId);
      return ok({ ...result, plan: { ...result.plan, access } });
    });
    const { user } = await openInstances(fake);
    await user.type(screen.getByLabelText('GitHub user'), 'ada');
    await user.type(screen.getByLabelText('Branch'), 'feature/x');
    await user.click(screen.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(screen.getByText(words)).toBeInTheDocument());
  });

  test('access = ssh adds nothing', async () => {
    const { fake, api } = withInstances([]);
    const { user } = await openInstances(fake);
    await user.type(screen.getByLabelText('GitHub user'), 'ada');
    await user.type(screen.getByLabelText('Branch'), 'feature/x');
    await user.click(screen.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalled());
    expect(screen.queryByText(/Reached over/)).not.toBeInTheDocument();
  });
});
