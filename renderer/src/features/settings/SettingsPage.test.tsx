import { act, screen, waitFor, within } from '@testing-library/react';
import { fail, ok } from '@contract/errors';
import { renderApp } from '../../test/render';
import { createSettingsFake, settingsProblem } from './settings-fixtures.test-helpers';

async function openSettings(setup = createSettingsFake()) {
  const view = renderApp(setup.fake);
  await view.user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Settings' }));
  await screen.findByRole('table', { name: 'AWS accounts' });
  return { ...view, ...setup };
}

const accounts = () => screen.getByRole('table', { name: 'AWS accounts' });
const accountRow = (name: string) => within(accounts()).getByRole('row', { name: new RegExp(`\\b${name}\\b`) });

describe('Settings page', () => {
  test('lists the AWS profiles with kind and region, and selects one', async () => {
    const { user, credentials } = await openSettings();
    expect(within(accountRow('default')).getByText('Access key')).toBeInTheDocument();
    expect(within(accountRow('default')).getByText('AKIA…ABCD')).toBeInTheDocument();
    expect(within(accountRow('dev-sso')).getByText('SSO')).toBeInTheDocument();
    expect(within(accountRow('dev-sso')).getByText('eu-west-1')).toBeInTheDocument();
    expect(within(accountRow('admin')).getByText('Role')).toBeInTheDocument();
    expect(within(accountRow('admin')).getByText('Needs an MFA code')).toBeInTheDocument();
    expect(screen.getByText('~/.aws/config')).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'Use profile dev-sso' }));
    expect(credentials.select).toHaveBeenCalledWith({ ref: { kind: 'profile', name: 'dev-sso' } });
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Use profile dev-sso' })).toBeChecked());
    expect(accountRow('dev-sso')).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByText('Flotilla now uses dev-sso.')).toBeInTheDocument();
  });

  test('offers Sign in for an SSO profile without a valid token', async () => {
    const { user, credentials } = await openSettings();
    expect(within(accountRow('default')).queryByRole('button', { name: /Sign in/ })).not.toBeInTheDocument();
    expect(within(accountRow('dev-sso')).getByText('Not signed in')).toBeInTheDocument();
    await user.click(within(accountRow('dev-sso')).getByRole('button', { name: 'Sign in to dev-sso' }));
    expect(credentials.ssoLogin).toHaveBeenCalledWith({ profile: 'dev-sso' });
    expect(await within(accountRow('dev-sso')).findByText('Signed in')).toBeInTheDocument();
    expect(within(accountRow('dev-sso')).queryByRole('button', { name: /Sign in/ })).not.toBeInTheDocument();
  });

  test('saving a key sends the secret once, clears it, and shows only the masked key id', async () => {
    const { user, credentials } = await openSettings();
    const form = screen.getByRole('form', { name: 'Add an access key' });
    const secret = within(form).getByLabelText('Secret access key');
    expect(secret).toHaveAttribute('type', 'password');
    expect(secret).toHaveAttribute('autocomplete', 'off');
    await user.type(within(form).getByLabelText('Name'), 'work');
    await user.type(within(form).getByLabelText('Access key id'), 'AKIAIOSFODNN7EXAMPLE');
    await user.type(secret, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await user.click(within(form).getByRole('button', { name: 'Save key' }));

    expect(credentials.saveKey).toHaveBeenCalledWith({ name: 'work', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    expect(await within(accounts()).findByText('AKIA…MPLE')).toBeInTheDocument();
    expect(secret).toHaveValue('');
    expect(within(form).getByLabelText('Access key id')).toHaveValue('');
    expect(document.body.textContent).not.toContain('wJalrXUtnFEMI');
    expect(document.body.textContent).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(screen.getByText('Saved work (AKIA…MPLE) in the OS keychain.')).toBeInTheDocument();
  });

  test('shows the no-keychain error and still clears the secret', async () => {
    const setup = createSettingsFake();
    const message = 'No OS keychain is available (Cannot autolaunch D-Bus). Flotilla needs a Secret Service: install gnome-keyring (`sudo apt install gnome-keyring`).';
    setup.credentials.saveKey.mockResolvedValueOnce(fail('unavailable', message, { reason: 'no-keychain' }));
    const { user } = await openSettings(setup);
    const form = screen.getByRole('form', { name: 'Add an access key' });
    await user.type(within(form).getByLabelText('Name'), 'work');
    await user.type(within(form).getByLabelText('Access key id'), 'AKIAIOSFODNN7EXAMPLE');
    await user.type(within(form).getByLabelText('Secret access key'), 'secret-value');
    await user.click(within(form).getByRole('button', { name: 'Save key' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('install gnome-keyring');
    expect(within(form).getByLabelText('Secret access key')).toHaveValue('');
  });

  test('rotates and deletes (after confirming) a keychain key', async () => {
    const { user, credentials } = await openSettings(createSettingsFake({ keychain: [{ kind: 'keychain', name: 'ci', keyIdHint: 'AKIA…OLD1' }] }));
    await user.click(within(accountRow('ci')).getByRole('button', { name: 'Rotate ci' }));
    const form = screen.getByRole('form', { name: 'Replace the key of ci' });
    expect(within(form).getByLabelText('Name')).toHaveValue('ci');
    await user.type(within(form).getByLabelText('Access key id'), 'AKIANEWKEY000000NEW2');
    await user.type(within(form).getByLabelText('Secret access key'), 's3cr3t');
    await user.click(within(form).getByRole('button', { name: 'Replace key' }));
    expect(credentials.rotateKey).toHaveBeenCalledWith({ name: 'ci', accessKeyId: 'AKIANEWKEY000000NEW2', secretAccessKey: 's3cr3t' });
    expect(await within(accountRow('ci')).findByText('AKIA…NEW2')).toBeInTheDocument();

    await user.click(within(accountRow('ci')).getByRole('button', { name: 'Delete ci' }));
    expect(credentials.deleteKey).not.toHaveBeenCalled();
    const confirm = within(accountRow('ci')).getByRole('group', { name: 'Delete ci?' });
    expect(within(confirm).getByRole('button', { name: 'Delete' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(credentials.deleteKey).toHaveBeenCalledWith({ name: 'ci' });
    await waitFor(() => expect(within(accounts()).queryByText('ci')).not.toBeInTheDocument());
  });

  test('asks for an MFA code when the role needs one and tests again with it', async () => {
    const setup = createSettingsFake();
    setup.credentials.test.mockResolvedValueOnce(
      fail('invalid-input', 'The profile admin needs an MFA code.', { needs: 'mfa-code', profile: 'admin', mfaSerial: 'arn:aws:iam::123456789012:mfa/ada' }),
    );
    const { user, credentials } = await openSettings(setup);
    await user.click(within(accountRow('admin')).getByRole('button', { name: 'Test admin' }));
    const dialog = await screen.findByRole('dialog', { name: 'MFA code for admin' });
    expect(dialog).toHaveTextContent('arn:aws:iam::123456789012:mfa/ada');
    const code = within(dialog).getByLabelText('MFA code');
    expect(code).toHaveFocus();
    await user.type(code, '123456');
    await user.click(within(dialog).getByRole('button', { name: 'Verify and test' }));
    expect(credentials.test).toHaveBeenLastCalledWith({ ref: { kind: 'profile', name: 'admin' }, mfaCode: '123456' });
    const result = await screen.findByRole('region', { name: 'Connection test' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(result).toHaveTextContent('123456789012');
  });

  test('Test connection shows account, ARN and region of the selected credentials', async () => {
    const { user, credentials } = await openSettings();
    const button = screen.getByRole('button', { name: 'Test connection' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription('Pick a profile or stored keys below, then test the connection.');
    await user.click(screen.getByRole('radio', { name: 'Use profile default' }));
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(credentials.test).toHaveBeenCalledWith({});
    const result = await screen.findByRole('region', { name: 'Connection test' });
    expect(within(result).getByText('123456789012')).toBeInTheDocument();
    expect(within(result).getByText('arn:aws:iam::123456789012:user/ada')).toBeInTheDocument();
    expect(within(result).getByText('us-east-1')).toBeInTheDocument();
  });

  test('shows refused values next to their fields and in a summary', async () => {
    const setup = createSettingsFake();
    const problems = [
      settingsProblem('ttl.defaultMinutes', '2000 is more than the maximum (60)', 'lower the default or raise ttl.maxMinutes'),
      settingsProblem('regions.1', "'mars-1' is not a known AWS region", 'use a region code such as us-east-1 or eu-west-1'),
    ];
    setup.settings.update.mockResolvedValueOnce(fail('invalid-input', problems[0]!.text, { problems }));
    const { user } = await openSettings(setup);
    const ttl = await screen.findByLabelText('Default lifetime (minutes)');
    await user.clear(ttl);
    await user.type(ttl, '2000');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    const summary = await screen.findByRole('alert');
    expect(summary).toHaveTextContent('The settings were not saved.');
    // Named as the form labels the fields, not by their keys.
    expect(summary).toHaveTextContent("Regions, item 2: 'mars-1' is not a known AWS region");
    expect(summary).toHaveTextContent('Default lifetime (minutes): 2000 is more than the maximum (60)');
    expect(summary).not.toHaveTextContent(/regions\.1|ttl\.defaultMinutes:/);
    expect(ttl).toHaveAttribute('aria-invalid', 'true');
    expect(ttl).toHaveAccessibleDescription('2000 is more than the maximum (60); lower the default or raise ttl.maxMinutes');
    const regions = screen.getByLabelText('Regions');
    expect(regions).toHaveAttribute('aria-invalid', 'true');
    expect(regions).toHaveAccessibleDescription(expect.stringContaining("'mars-1' is not a known AWS region"));
    expect(screen.getByLabelText('Maximum lifetime (minutes)')).not.toHaveAttribute('aria-invalid');
  });

  test('refuses a number field that is not a number without calling main', async () => {
    const { user, settings } = await openSettings();
    const keep = await screen.findByLabelText('Old revisions kept');
    await user.clear(keep);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Old revisions kept: is empty; enter a number');
    expect(keep).toHaveAttribute('aria-invalid', 'true');
    expect(settings.update).not.toHaveBeenCalled();
  });

  test('saves a good value as a patch and applies the theme to the document', async () => {
    const { user, settings } = await openSettings();
    const user_ = await screen.findByLabelText('Default SSH user');
    await user.clear(user_);
    await user.type(user_, 'ubuntu');
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(settings.update).toHaveBeenCalledWith({ patch: expect.objectContaining({ sshUser: 'ubuntu', theme: 'dark', regions: ['us-east-1', 'eu-west-1'] }) });
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-theme', 'dark'));
  });

  test('SSM output prefix: a typed prefix is saved in revisions, and emptied again it is saved as null (off)', async () => {
    const { user, settings } = await openSettings();
    const prefix = await screen.findByLabelText('SSM output prefix');
    expect(prefix).toHaveAccessibleDescription(expect.stringContaining('24 000 characters'));
    await user.type(prefix, 'flotilla-ssm-output/');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(settings.update).toHaveBeenLastCalledWith({ patch: expect.objectContaining({ revisions: { bucket: null, keep: 5, ssmOutputPrefix: 'flotilla-ssm-output/' } }) });
    await screen.findByText('Settings saved.');
    await user.clear(prefix);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(settings.update).toHaveBeenLastCalledWith({ patch: expect.objectContaining({ revisions: expect.objectContaining({ ssmOutputPrefix: null }) }) }));
  });

  test('has labelled desktop toggles and a Terminal select of known terminals; the usual one is saved as null', async () => {
    const { user, settings } = await openSettings();
    // Never chosen (null): automatic; the fixture's desktop shows the tray icon (app.info tray).
    const closing = await screen.findByRole('combobox', { name: 'When the window is closed' });
    expect(closing).toHaveValue('auto');
    expect(within(closing).getByRole('option', { name: 'Automatic: keep running in the tray' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Start at login' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'An instance is about to expire' })).toBeChecked();
    const terminal = screen.getByRole('combobox', { name: 'Terminal program' });
    // No typed program: only the terminals Flotilla knows on this OS (issue 11 item 3).
    expect(within(terminal).getAllByRole('option').map((o) => (o as HTMLOptionElement).value)).toEqual(
      expect.arrayContaining(['', 'x-terminal-emulator', 'gnome-terminal', 'konsole', 'xterm']),
    );
    expect(within(terminal).queryByRole('option', { name: /iTerm|Windows Terminal/ })).not.toBeInTheDocument();
    await user.selectOptions(terminal, 'konsole');
    await user.click(screen.getByRole('checkbox', { name: 'Start at login' }));
    await user.click(screen.getByRole('checkbox', { name: 'An update is ready to install (desktop app)' }));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(settings.update).toHaveBeenLastCalledWith({
      patch: expect.objectContaining({ terminal: 'konsole', launchAtLogin: true, closeToTray: null, notifications: expect.objectContaining({ updates: false, ready: true }) }),
    });
    await user.selectOptions(closing, 'quit');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(settings.update).toHaveBeenLastCalledWith({ patch: expect.objectContaining({ closeToTray: false }) });
    await user.selectOptions(terminal, '');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(settings.update).toHaveBeenLastCalledWith({ patch: expect.objectContaining({ terminal: null }) });
  });

  test('desktop: Choose program… asks main (dialogs there), then shows the program chosen', async () => {
    const setup = createSettingsFake();
    setup.settings.chooseTerminal.mockImplementation(async () => {
      setup.data.settings = { ...setup.data.settings, terminal: 'custom', customTerminal: '/opt/term/bin/myterm' };
      return ok({ settings: structuredClone(setup.data.settings), file: '~/.config/flotilla/settings.json', warnings: [] });
    });
    const { user } = await openSettings(setup);
    await user.click(await screen.findByRole('button', { name: 'Choose program…' }));
    expect(setup.settings.chooseTerminal).toHaveBeenCalledWith({});
    const terminal = screen.getByRole('combobox', { name: 'Terminal program' });
    await waitFor(() => expect(terminal).toHaveValue('custom'));
    expect(within(terminal).getByRole('option', { name: 'Your program: /opt/term/bin/myterm' })).toBeInTheDocument();
  });

  test('browser mode: no Choose program…, and says where a program of one’s own is chosen', async () => {
    const setup = createSettingsFake();
    setup.fake.state.info = { ...setup.fake.state.info, mode: 'browser' };
    await openSettings(setup);
    const terminal = await screen.findByRole('combobox', { name: 'Terminal program' });
    expect(terminal).toHaveAccessibleDescription(expect.stringContaining('chosen in the Flotilla desktop app'));
    expect(screen.queryByRole('button', { name: 'Choose program…' })).not.toBeInTheDocument();
  });

  test('keeps what is typed while a save is still on its way', async () => {
    const setup = createSettingsFake();
    let answer: (() => void) | null = null;
    const saved = setup.settings.update.getMockImplementation()!;
    setup.settings.update.mockImplementationOnce((input) => new Promise((resolve) => (answer = () => resolve(saved(input)))));
    const { user } = await openSettings(setup);
    const terminal = await screen.findByRole('combobox', { name: 'Terminal program' });
    await user.selectOptions(terminal, 'konsole');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await user.selectOptions(terminal, 'xterm');
    await act(async () => answer!());
    expect(terminal).toHaveValue('xterm');
    expect(screen.queryByText('Settings saved.')).not.toBeInTheDocument();
  });

  test('shows a refused terminal next to its field', async () => {
    const setup = createSettingsFake();
    const problem = settingsProblem('terminal', "'konsole' is not a terminal Flotilla knows here", 'pick a terminal from the list');
    setup.settings.update.mockResolvedValueOnce(fail('invalid-input', problem.text, { problems: [problem] }));
    const { user } = await openSettings(setup);
    const terminal = await screen.findByLabelText('Terminal program');
    await user.selectOptions(terminal, 'konsole');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(terminal).toHaveAttribute('aria-invalid', 'true'));
    expect(terminal).toHaveAccessibleDescription(expect.stringContaining("'konsole' is not a terminal Flotilla knows here"));
  });

  test('shows where the settings live and the warnings from reading them', async () => {
    await openSettings(
      createSettingsFake({ warnings: [settingsProblem('ttl', 'the file was corrupt and was backed up to settings.json.bak', 'check the backup')] }),
    );
    expect(await screen.findByText('~/.config/flotilla/settings.json')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Settings file warnings' })).toHaveTextContent('was backed up to settings.json.bak');
  });

  test('checks an INI file by path and lists its problems', async () => {
    const setup = createSettingsFake();
    setup.settings.validate.mockResolvedValueOnce(ok({ problems: [{ ...settingsProblem('region', "'mars' is not a known AWS region", 'use us-east-1'), file: '~/aws.ini', section: 'EC2', text: "~/aws.ini: [EC2] region: 'mars' is not a known AWS region; use us-east-1" }] }));
    const { user } = await openSettings(setup);
    await user.type(screen.getByLabelText('File path'), '~/aws.ini');
    await user.click(screen.getByRole('button', { name: 'Check' }));
    expect(setup.settings.validate).toHaveBeenCalledWith({ kind: 'aws-settings', path: '~/aws.ini' });
    expect(await screen.findByText("~/aws.ini: [EC2] region: 'mars' is not a known AWS region; use us-east-1")).toBeInTheDocument();
  });
});
