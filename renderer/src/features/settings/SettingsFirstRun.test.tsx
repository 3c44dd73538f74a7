import { screen, waitFor, within } from '@testing-library/react';
import { fail, ok } from '@contract/errors';
import { renderApp } from '../../test/render';
import { createSettingsFake } from './settings-fixtures.test-helpers';

const ENVIRONMENT = { variables: ['AWS_ACCESS_KEY_ID'], keyIdHint: 'AKIA…WXYZ', profile: null };
const nav = () => within(screen.getByRole('navigation', { name: 'Main' }));

async function openSettings(setup = createSettingsFake()) {
  const view = renderApp(setup.fake);
  await view.user.click(nav().getByRole('button', { name: 'Settings' }));
  await screen.findByRole('table', { name: 'AWS accounts' });
  return { ...view, ...setup };
}

describe('Settings with credentials from the environment (issue 14 item 1)', () => {
  test('says the environment is in use, and Test connection tests it', async () => {
    const setup = createSettingsFake({ profiles: [], environment: ENVIRONMENT });
    setup.credentials.test.mockResolvedValueOnce(
      ok({ account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ada', userId: '', region: 'us-east-1', credential: null, source: 'environment (AWS_ACCESS_KEY_ID AKIA…WXYZ)' }),
    );
    const { user, credentials } = await openSettings(setup);
    const button = screen.getByRole('button', { name: 'Test connection' });
    expect(button).toBeEnabled();
    expect(button).toHaveAccessibleDescription(/uses the credentials from the environment \(AWS_ACCESS_KEY_ID AKIA…WXYZ\)/);
    const table = screen.getByRole('table', { name: 'AWS accounts' });
    expect(within(table).getByRole('radio', { name: "Use the environment's credentials" })).toBeChecked();
    expect(table).not.toHaveTextContent('no access keys are stored yet');
    expect(table).toHaveTextContent('the environment’s credentials above are used');

    await user.click(button);
    expect(credentials.test).toHaveBeenCalledWith({});
    const result = await screen.findByRole('region', { name: 'Connection test' });
    expect(result).toHaveTextContent('Connected with environment (AWS_ACCESS_KEY_ID AKIA…WXYZ).');
  }, 20_000);

  test('without environment credentials or a pick, Test connection stays disabled and says why', async () => {
    await openSettings(createSettingsFake({ profiles: [] }));
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeDisabled();
    expect(screen.getByRole('table', { name: 'AWS accounts' })).toHaveTextContent('No AWS profiles were found, and no access keys are stored yet.');
  });
});

describe('messages show commands as code (issue 14 item 5)', () => {
  test('a backticked command in a failed connection test is code, with no raw backticks', async () => {
    const setup = createSettingsFake({ environment: ENVIRONMENT });
    setup.credentials.test.mockResolvedValueOnce(fail('forbidden', 'The SSO session expired; run `aws sso login --profile dev` and test again.'));
    const { user } = await openSettings(setup);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const alert = await screen.findByText(/The connection test failed/);
    const box = alert.closest('[role="alert"]') as HTMLElement;
    expect(within(box).getByText('aws sso login --profile dev').tagName).toBe('CODE');
    expect(box.textContent).not.toContain('`');
  });
});

describe('unsaved Settings edits (issue 14 item 9)', () => {
  test('are kept across a visit to another page, until discarded', async () => {
    const { user } = await openSettings();
    const sshUser = await screen.findByLabelText('Default SSH user');
    await user.clear(sshUser);
    await user.type(sshUser, 'ubuntu');
    expect(screen.getByText(/Unsaved changes: kept while you visit other pages/)).toBeInTheDocument();
    // Closing or reloading the window asks first.
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);

    await user.click(nav().getByRole('button', { name: 'Projects' }));
    await waitFor(() => expect(screen.queryByLabelText('Default SSH user')).not.toBeInTheDocument());
    await user.click(nav().getByRole('button', { name: 'Settings' }));
    expect(await screen.findByLabelText('Default SSH user')).toHaveValue('ubuntu');

    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(screen.getByLabelText('Default SSH user')).toHaveValue('ec2-user');
    const after = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
    await user.click(nav().getByRole('button', { name: 'Projects' }));
    await user.click(nav().getByRole('button', { name: 'Settings' }));
    expect(await screen.findByLabelText('Default SSH user')).toHaveValue('ec2-user');
  }, 20_000);
});
