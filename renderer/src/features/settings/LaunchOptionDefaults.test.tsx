import { screen, waitFor, within } from '@testing-library/react';
import type { LaunchDefaults } from '@contract/settings/dto';
import { fail } from '@contract/errors';
import { butter, django, djangoDetail } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { createSettingsFake } from './settings-fixtures.test-helpers';

const IMPORTED: LaunchDefaults = { imageId: 'ami-0fedcba9876543210', instanceType: 't3.large', region: null, count: null, securityGroupId: null, source: '~/work/django/instance.config' };

async function openSettings(launchDefaults: Record<string, LaunchDefaults> = {}) {
  const setup = createSettingsFake();
  setup.fake.state.projects = [butter, django];
  setup.fake.state.details = { ...setup.fake.state.details, django: djangoDetail };
  setup.data.settings.launchDefaults = launchDefaults;
  const view = renderApp(setup.fake);
  await view.user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Settings' }));
  const group = within(await screen.findByRole('group', { name: 'Django app (django)' }));
  return { ...view, ...setup, group };
}

describe('Launch defaults: template option values', { timeout: 20_000 }, () => {
  test('offers a field per declared option, only for projects that declare some, with the template default', async () => {
    const { group } = await openSettings();
    expect(screen.queryByRole('group', { name: /butter/i })).not.toBeInTheDocument();
    const workers = group.getByLabelText('workers');
    expect(workers).toHaveValue(null);
    expect(workers).toHaveAttribute('placeholder', '2');
    expect(workers).toHaveAccessibleDescription("gunicorn workers. Whole number from 1 to 16; the template's default is 2.");
    expect(within(group.getByLabelText('debug')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Template default (false)', 'true', 'false']);
    expect(within(group.getByLabelText('site')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Template default (main)', 'main', 'staging']);
  });

  test('stores the values set in the project\'s launch defaults, keeping what was imported, and lists them', async () => {
    const { group, user, settings } = await openSettings({ django: IMPORTED });
    await user.type(group.getByLabelText('workers'), '4');
    await user.selectOptions(group.getByLabelText('site'), 'staging');
    const save = group.getByRole('button', { name: 'Save the option values of django' });
    await user.click(save);
    expect(settings.update).toHaveBeenCalledWith({ patch: { launchDefaults: { django: { ...IMPORTED, options: { workers: '4', site: 'staging' } } } } });
    expect(await group.findByRole('status')).toHaveTextContent('Saved; launches of django use these unless the launch form changes them.');
    await waitFor(() => expect(save).toHaveFocus());
    const row = within(screen.getByRole('table', { name: 'Launch defaults' })).getByRole('row', { name: /django/ });
    expect(row).toHaveTextContent('workers=4, site=staging');
    expect(group.getByLabelText('workers')).toHaveValue(4);
  });

  test('refuses a value of the wrong shape beside its field, before saving; Enter in a field saves', async () => {
    const { group, user, settings } = await openSettings();
    const workers = group.getByLabelText('workers');
    await user.type(workers, '4.5');
    await user.click(group.getByRole('button', { name: 'Save the option values of django' }));
    expect(settings.update).not.toHaveBeenCalled();
    expect(workers).toHaveAttribute('aria-invalid', 'true');
    expect(workers).toHaveAccessibleDescription(expect.stringContaining("workers must be a whole number, not '4.5'"));
    expect(workers).toHaveFocus();

    await user.clear(workers);
    expect(workers).not.toHaveAttribute('aria-invalid');
    await user.type(group.getByLabelText('greeting'), 'hi there{Enter}');
    await waitFor(() => expect(settings.update).toHaveBeenCalledTimes(1));
    expect(settings.update).toHaveBeenLastCalledWith({
      patch: { launchDefaults: { django: { imageId: null, instanceType: null, region: null, count: null, securityGroupId: null, source: null, options: { greeting: 'hi there' } } } },
    });
  });

  test('clearing every value removes a project that has nothing else stored; a refused save says why', async () => {
    const { group, user, settings } = await openSettings({ django: { imageId: null, instanceType: null, region: null, count: null, securityGroupId: null, source: null, options: { workers: '3' } } });
    const workers = group.getByLabelText('workers');
    expect(workers).toHaveValue(3);
    await user.clear(workers);
    settings.update.mockResolvedValueOnce(fail('unavailable', 'The settings file is read-only.'));
    await user.click(group.getByRole('button', { name: 'Save the option values of django' }));
    expect(await group.findByRole('alert')).toHaveTextContent('Could not save the option values of django. The settings file is read-only.');
    await user.click(group.getByRole('button', { name: 'Save the option values of django' }));
    expect(settings.update).toHaveBeenLastCalledWith({ patch: { launchDefaults: {} } });
    await waitFor(() => expect(screen.queryByRole('table', { name: 'Launch defaults' })).not.toBeInTheDocument());
  });
});
