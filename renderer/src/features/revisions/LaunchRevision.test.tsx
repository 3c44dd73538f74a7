import { screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { LaunchInput } from '@contract/instances/launch-dto';
import { ok } from '@contract/errors';
import { createFakeClient } from '../../test/fake-client';
import { butter, details, django, djangoDetail } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { fleetOf, ME, items, preflightResult, resolution } from '../instances/fixtures.test-helpers';
import { B, C, withBucket } from './revisions-fixtures.test-helpers';

/** django deploys `site`; docs-site deploys another package; butter none. */
function setup(withProjects = true) {
  const docs = { ...django, id: 'docs-site', name: 'Docs', file: 'projects/docs-site.sh.njk' };
  const fake = withProjects
    ? createFakeClient({
        projects: [butter, docs, django],
        details: { ...details, django: djangoDetail, 'docs-site': { ...djangoDetail, ...docs, package: 'docs', options: [] } },
      })
    : createFakeClient();
  const bucket = withBucket(fake);
  const instances = {
    list: vi.fn(async () => ok(fleetOf([], ME))),
    resolveLaunch: vi.fn(async (input: Partial<LaunchInput> & { project: string }) => ok(resolution(input.project))),
    preflight: vi.fn(async (input: LaunchInput) => ok(preflightResult(items(['pass']), input.launchId))),
  };
  Object.assign(fake.api.instances, instances);
  const view = renderApp(fake);
  return { ...view, ...bucket, instances };
}

async function openSite(user: ReturnType<typeof renderApp>['user']) {
  await user.click(screen.getByRole('button', { name: 'Revisions' }));
  await user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
  await screen.findByRole('table', { name: 'Revisions of site' });
}

describe('Launch this revision', { timeout: 20_000 }, () => {
  test('picks a project of the package and a user and branch, then opens the launch form with them and the revision', async () => {
    const { user, store, instances } = setup();
    store.getState().launchForm.setField('gitUser', 'ada');
    store.getState().launchForm.setField('branch', 'main');
    await openSite(user);
    await user.click(screen.getByRole('button', { name: `Launch ${C}` }));

    const dialog = screen.getByRole('dialog', { name: `Launch ${C}` });
    const project = within(dialog).getByLabelText('Project');
    expect(project).toHaveFocus();
    await waitFor(() => expect(within(project).getAllByRole('option').map((o) => o.textContent)).toEqual(['Django app']));
    expect(project).toHaveAccessibleDescription('Projects whose template deploys site (fleeting-meta:package).');
    expect(within(dialog).getByLabelText('GitHub user')).toHaveValue('ada');
    const branch = within(dialog).getByLabelText('Branch');
    expect(branch).toHaveValue('main');
    await user.clear(branch);
    await user.type(branch, 'feature/x');
    await user.click(within(dialog).getByRole('button', { name: 'Open the launch form' }));

    const form = within(await screen.findByRole('region', { name: 'Launch instances' }));
    expect(form.getByLabelText('Project')).toHaveValue('django');
    expect(form.getByLabelText('GitHub user')).toHaveValue('ada');
    expect(form.getByLabelText('Branch')).toHaveValue('feature/x');
    const revision = await form.findByLabelText('Revision');
    await waitFor(() => expect(revision).toHaveFocus());
    await waitFor(() => expect(revision).toHaveValue(C));
    await user.click(form.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(instances.preflight).toHaveBeenCalledTimes(1));
    expect(instances.preflight.mock.calls[0]![0]).toMatchObject({ project: 'django', gitUser: 'ada', branch: 'feature/x', revision: C });
  });

  test("launches the package's current revision as `current`, so the form deploys whatever is current then", async () => {
    const { user } = setup();
    await openSite(user);
    await user.click(screen.getByRole('button', { name: 'Launch current…' }));
    const dialog = screen.getByRole('dialog', { name: 'Launch the current revision of site' });
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Open the launch form' })).toBeEnabled());
    await user.click(within(dialog).getByRole('button', { name: 'Open the launch form' }));
    const revision = await within(await screen.findByRole('region', { name: 'Launch instances' })).findByLabelText('Revision');
    await waitFor(() => expect(revision).toHaveValue('current'));
    expect(revision).toHaveDisplayValue(new RegExp(`^current — ${B}`));
  });

  test('says how to declare the package when no project deploys it; Escape puts focus back on its button', async () => {
    const { user } = setup(false);
    await openSite(user);
    const opener = screen.getByRole('button', { name: `Launch ${C}` });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: `Launch ${C}` });
    await waitFor(() => expect(within(dialog).getByLabelText('Project')).toHaveAccessibleDescription(/^No project deploys site\./));
    expect(within(dialog).getByText('# fleeting-meta:package = site')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Open the launch form' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(opener).toHaveFocus());
  });

  test('keeps Tab inside the dialog, through its fields and buttons', async () => {
    const { user } = setup();
    await openSite(user);
    await user.click(screen.getByRole('button', { name: `Launch ${C}` }));
    const dialog = screen.getByRole('dialog');
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Open the launch form' })).toBeEnabled());
    await user.tab();
    expect(within(dialog).getByLabelText('GitHub user')).toHaveFocus();
    await user.tab();
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.tab();
    await user.tab();
    expect(within(dialog).getByLabelText('Project')).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog).getByRole('button', { name: 'Open the launch form' })).toHaveFocus();
  });
});
