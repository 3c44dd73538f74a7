import { render, screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { ConnectionStatus, SetupChecklist, SetupItem } from '@contract/setup/dto';
import { ok } from '@contract/errors';
import { createSettingsFake } from '../features/settings/settings-fixtures.test-helpers';
import { renderApp } from '../test/render';
import { MessageText } from './MessageText';

const connection: ConnectionStatus = {
  source: { kind: 'environment', environment: { variables: ['AWS_ACCESS_KEY_ID'], keyIdHint: 'AKIA…WXYZ', profile: null } },
  sourceLabel: 'environment (AWS_ACCESS_KEY_ID AKIA…WXYZ)',
  identity: { arn: 'arn:aws:iam::123456789012:user/ada', account: '123456789012' },
  error: null,
  regions: ['us-east-1', 'eu-west-1'],
  defaultRegion: 'us-east-1',
  endpoint: null,
};
const item = (id: SetupItem['id'], done: boolean, extra: Partial<SetupItem> = {}): SetupItem => ({
  id,
  label: { credentials: 'AWS credentials', region: 'Region', key: 'Key pair in us-east-1', ingress: 'Ingress', bucket: 'Revisions bucket' }[id],
  done,
  optional: id === 'bucket',
  detail: `${id} detail`,
  target: ({ credentials: 'aws-accounts', region: 'default-region', key: 'key-pair', ingress: 'ingress-cidr', bucket: 'revisions-bucket' } as const)[id],
  ...extra,
});

function setup(items: SetupItem[]) {
  const s = createSettingsFake();
  const checklist: SetupChecklist = { connection, items };
  const api = { connection: vi.fn(async () => ok(connection)), checklist: vi.fn(async () => ok(checklist)) };
  Object.assign(s.fake.api.setup, api);
  return { ...s, setupApi: api };
}

describe('the header says where Flotilla is connected (issue 14 item 1)', () => {
  test('shows the account, the ARN, the regions and the credentials from the environment', async () => {
    renderApp(setup([]).fake);
    const line = await screen.findByRole('group', { name: 'Connection' });
    await waitFor(() => expect(line).toHaveTextContent('123456789012'));
    expect(line).toHaveTextContent('arn:aws:iam::123456789012:user/ada');
    expect(line).toHaveTextContent('Region us-east-1 +1');
    expect(line).toHaveTextContent('Credentials environment (AWS_ACCESS_KEY_ID AKIA…WXYZ)');
  });
});

describe('the first-run checklist (issue 14 item 2)', () => {
  test('lists what is left, links each line to its Settings field, and goes once the required lines are done', async () => {
    const s = setup([item('credentials', true), item('region', true), item('key', false, { detail: 'No key pair; or add its key with `ssh-add <file>`.' }), item('ingress', false), item('bucket', false)]);
    const { user, fake } = { ...renderApp(s.fake) };
    const list = await screen.findByRole('region', { name: 'Before your first launch' });
    expect(within(list).queryByText('AWS credentials')).not.toBeInTheDocument();
    expect(within(list).getByText('ssh-add <file>').tagName).toBe('CODE');
    expect(within(list).getByText('(optional)')).toBeInTheDocument();

    await user.click(within(list).getByRole('link', { name: 'Fix in Settings → AWS regions: Key pair in us-east-1' }));
    await waitFor(() => expect(screen.getByLabelText('Key pair for us-east-1')).toHaveFocus());

    const done: SetupChecklist = { connection, items: [item('credentials', true), item('region', true), item('key', true), item('ingress', true), item('bucket', false)] };
    s.setupApi.checklist.mockResolvedValue(ok(done));
    fake.emit('settings.changed', (await s.fake.api.settings.get({}) as { ok: true; value: never }).value);
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Before your first launch' })).not.toBeInTheDocument());
  }, 20_000);

  test('can be hidden for the session', async () => {
    const { user } = renderApp(setup([item('credentials', false), item('bucket', false)]).fake);
    const list = await screen.findByRole('region', { name: 'Before your first launch' });
    await user.click(within(list).getByRole('button', { name: 'Hide for now' }));
    expect(screen.queryByRole('region', { name: 'Before your first launch' })).not.toBeInTheDocument();
  }, 20_000);
});

describe('MessageText (issue 14 item 5)', () => {
  test('shows backticked spans as code and keeps a lone backtick', () => {
    const { container } = render(<MessageText text="Run `ssh-keygen -R host` then `ssh-add`; a ` alone stays." />);
    expect([...container.querySelectorAll('code')].map((c) => c.textContent)).toEqual(['ssh-keygen -R host', 'ssh-add']);
    expect(container.textContent).toBe('Run ssh-keygen -R host then ssh-add; a ` alone stays.');
  });
});
