import { screen, waitFor, within } from '@testing-library/react';
import type { ImportIniInput, LaunchDefaults } from '@contract/settings/dto';
import { ok } from '@contract/errors';
import { renderApp } from '../../test/render';
import { folderOf } from './ImportPanel';
import { createSettingsFake } from './settings-fixtures.test-helpers';

const BUTTER: LaunchDefaults = {
  imageId: 'ami-0fedcba9876543210',
  instanceType: 't3.large',
  region: 'eu-west-1',
  count: 2,
  securityGroupId: null,
  source: '~/work/butter/instance.config',
};

/** Settings with an importIni that stores the file's values for the project, as main does. */
async function openSettings() {
  const setup = createSettingsFake();
  setup.settings.importIni.mockImplementation(async ({ project }: ImportIniInput) => {
    const name = project ?? 'butter';
    setup.data.settings = { ...setup.data.settings, launchDefaults: { ...setup.data.settings.launchDefaults, [name]: BUTTER } };
    const instanceConfig = { imageId: BUTTER.imageId!, instanceType: 't3.large', instanceCount: 2, securityGroup: null, subnetId: null, region: 'eu-west-1' };
    return ok({ changed: ['launchDefaults'], credential: null, instanceConfig, project: name, problems: [], settings: structuredClone(setup.data.settings) });
  });
  const view = renderApp(setup.fake);
  await view.user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Settings' }));
  await screen.findByRole('heading', { name: 'Launch defaults' });
  return { ...view, ...setup };
}

async function importConfig(user: ReturnType<typeof renderApp>['user'], path: string) {
  await user.selectOptions(screen.getByLabelText('File kind'), 'instance-config');
  await user.type(screen.getByLabelText('File path'), path);
}

describe('Launch defaults', () => {
  test("imports an instance.config for the project named like its folder, and lists what it stored", async () => {
    const { user, settings } = await openSettings();
    expect(screen.getByText('No launch defaults yet. Import an instance.config below, or set template option values, to add some.')).toBeInTheDocument();
    await importConfig(user, '~/work/butter/instance.config');
    expect(await screen.findByRole('option', { name: 'jam' })).toBeInTheDocument();
    expect(screen.getByLabelText('Project')).toHaveValue('butter');
    await user.click(screen.getByRole('button', { name: 'Import' }));

    expect(settings.importIni).toHaveBeenCalledWith({ kind: 'instance-config', path: '~/work/butter/instance.config', project: 'butter' });
    expect(await screen.findByText(/Stored as the launch defaults of butter\./)).toBeInTheDocument();
    const row = within(screen.getByRole('table', { name: 'Launch defaults' })).getByRole('row', { name: /butter/ });
    expect(row).toHaveTextContent('ami-0fedcba9876543210');
    expect(row).toHaveTextContent('t3.large');
    expect(row).toHaveTextContent('eu-west-1');
    expect(row).toHaveTextContent('~/work/butter/instance.config');
  });

  test('the project picked wins over the folder name', async () => {
    const { user, settings } = await openSettings();
    await importConfig(user, '/srv/checkout/instance.config');
    await screen.findByRole('option', { name: 'jam' });
    expect(screen.getByLabelText('Project')).toHaveValue('');
    await user.selectOptions(screen.getByLabelText('Project'), 'jam');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(settings.importIni).toHaveBeenCalledWith({ kind: 'instance-config', path: '/srv/checkout/instance.config', project: 'jam' });
  });

  test('removes one project\'s defaults with a patch of the rest, and keeps the focus in the card', async () => {
    const setup = createSettingsFake();
    setup.data.settings.launchDefaults = { butter: BUTTER, jam: { ...BUTTER, source: '~/work/jam/instance.config' } };
    const { user, settings } = await (async () => {
      const view = renderApp(setup.fake);
      await view.user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Settings' }));
      await screen.findByRole('table', { name: 'Launch defaults' });
      return { ...view, ...setup };
    })();
    await user.click(screen.getByRole('button', { name: 'Remove the launch defaults of butter' }));
    expect(settings.update).toHaveBeenCalledWith({ patch: { launchDefaults: { jam: { ...BUTTER, source: '~/work/jam/instance.config' } } } });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove the launch defaults of butter' })).not.toBeInTheDocument());
    expect(screen.getByText("Removed the launch defaults of butter; its launches use the template's values again.")).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Launch defaults' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Remove the launch defaults of jam' })).toBeInTheDocument();
  });

  test('takes the folder from a path', () => {
    expect(folderOf('~/work/butter/instance.config')).toBe('butter');
    expect(folderOf('C:\\work\\jam\\instance.config')).toBe('jam');
    expect(folderOf('instance.config')).toBe('');
  });
});
