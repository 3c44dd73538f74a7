import { act, screen, within } from '@testing-library/react';
import type { AwsProfile } from '@contract/credentials/dto';
import { fail, ok, type Result } from '@contract/errors';
import { deferred } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { createSettingsFake, profiles } from './settings-fixtures.test-helpers';

const PENDING = {
  profile: 'dev-sso',
  startUrl: 'https://ada.awsapps.com/start',
  userCode: 'BCDF-GHJK',
  verificationUri: 'https://device.sso.eu-west-1.amazonaws.com/?user_code=BCDF-GHJK',
  expiresAt: '2030-01-01T12:10:00.000Z',
  browserOpened: true,
};

async function startSignIn() {
  const setup = createSettingsFake();
  const answer = deferred<Result<AwsProfile>>();
  setup.credentials.ssoLogin.mockImplementationOnce(() => answer.promise);
  const view = renderApp(setup.fake);
  await view.user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Settings' }));
  const row = within(await screen.findByRole('table', { name: 'AWS accounts' })).getByRole('row', { name: /\bdev-sso\b/ });
  await view.user.click(within(row).getByRole('button', { name: 'Sign in to dev-sso' }));
  return { ...view, ...setup, answer, row };
}

describe('SSO sign-in', () => {
  test('shows the code to check and waits for the browser, then shows the profile signed in', async () => {
    const { fake, credentials, answer, row } = await startSignIn();
    expect(credentials.ssoLogin).toHaveBeenCalledWith({ profile: 'dev-sso' });
    const panel = screen.getByRole('region', { name: 'Signing in to dev-sso' });
    expect(panel).toHaveTextContent('Starting the sign-in to dev-sso…');
    act(() => fake.emit('credentials.ssoPending', PENDING));
    expect(within(panel).getByText('BCDF-GHJK')).toBeInTheDocument();
    expect(within(panel).getByRole('status')).toHaveTextContent('Waiting for you to approve in the browser…');
    expect(within(panel).getByRole('link', { name: 'Open the sign-in page again' })).toHaveAttribute('href', PENDING.verificationUri);
    expect(within(row).getByRole('button', { name: 'Sign in to dev-sso' })).toBeDisabled();

    await act(async () => answer.resolve(ok({ ...profiles[1]!, sso: { ...profiles[1]!.sso!, tokenValid: true, expiresAt: '2030-01-01T20:00:00Z' } })));
    expect(screen.queryByRole('region', { name: 'Signing in to dev-sso' })).not.toBeInTheDocument();
    expect(within(row).getByText('Signed in')).toBeInTheDocument();
    expect(screen.getByText('Signed in to dev-sso.')).toBeInTheDocument();
  });

  test('Cancel stops the sign-in; when the browser did not open, the page is offered as a link', async () => {
    const { fake, user, credentials, answer } = await startSignIn();
    act(() => fake.emit('credentials.ssoPending', { ...PENDING, browserOpened: false }));
    const panel = screen.getByRole('region', { name: 'Signing in to dev-sso' });
    expect(panel).toHaveTextContent('Open the AWS sign-in page to approve.');
    expect(within(panel).getByRole('link', { name: 'Open the sign-in page' })).toHaveAttribute('target', '_blank');
    await user.click(within(panel).getByRole('button', { name: 'Cancel sign-in' }));
    expect(credentials.cancelSsoLogin).toHaveBeenCalledWith({ profile: 'dev-sso' });
    await act(async () => answer.resolve(fail('unavailable', "The SSO sign-in for profile 'dev-sso' was cancelled.", { cancelled: true, profile: 'dev-sso' })));
    expect(screen.queryByRole('region', { name: 'Signing in to dev-sso' })).not.toBeInTheDocument();
    expect(screen.getByText('The sign-in to dev-sso was cancelled.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  test('a denied sign-in is shown as an error', async () => {
    const { answer } = await startSignIn();
    await act(async () => answer.resolve(fail('forbidden', "The SSO sign-in for profile 'dev-sso' was denied in the browser; sign in again and choose Allow.")));
    expect(screen.getByRole('alert')).toHaveTextContent('was denied in the browser');
  });
});
