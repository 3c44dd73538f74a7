import { act, screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { LaunchInput, PreflightItem, PreflightResult } from '@contract/instances/launch-dto';
import { fail, ok, type Result } from '@contract/errors';
import { createFakeClient } from '../../test/fake-client';
import { butter, details, django, djangoDetail } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { A, B, C, withBucket } from '../revisions/revisions-fixtures.test-helpers';
import { createSettingsFake } from '../settings/settings-fixtures.test-helpers';
import { fleetOf, ME, preflightResult, resolution } from './fixtures.test-helpers';

/** django deploys package `site` (A previous, B current, C newest) and declares workers, debug, site and greeting. */
function withPackagedProject() {
  const fake = createFakeClient({ projects: [django, butter], details: { ...details, django: djangoDetail } });
  const bucket = withBucket(fake);
  const api = {
    list: vi.fn(async () => ok(fleetOf([], ME))),
    resolveLaunch: vi.fn(async (input: Partial<LaunchInput> & { project: string }) =>
      ok(
        input.project === 'django'
          ? resolution('django', {
              revision: { package: 'site', ref: input.revision ?? 'current', source: input.revision ? 'launch' : 'template' },
              options: [
                { name: 'workers', value: '3', source: 'launch-defaults' },
                { name: 'debug', value: 'false', source: 'template' },
                { name: 'site', value: 'main', source: 'template' },
                { name: 'greeting', value: 'hello', source: 'template' },
              ],
              env: [
                { key: 'DATABASE_URL', source: 'env-file', reference: { kind: 'ssm', name: '/django/db-url' } },
                { key: 'MODE', source: 'env-file', reference: null },
              ],
            })
          : resolution(input.project),
      ),
    ),
    preflight: vi.fn(async (input: LaunchInput): Promise<Result<PreflightResult>> => ok(preflightResult(newItems, input.launchId))),
  };
  Object.assign(fake.api.instances, api);
  return { fake, api, bucket };
}

const newItems: PreflightItem[] = [
  { id: 'template', label: 'Template', status: 'pass', message: 'Renders' },
  { id: 'revision', label: 'Revision can be fetched', status: 'pass', message: `${B}, 5 MiB, bucket in eu-west-1` },
  { id: 'instance-profile', label: 'Instance profile', status: 'warn', message: 'Could not check django-app: AccessDenied' },
  { id: 'parameters', label: 'Runtime configuration', status: 'pass', message: 'DATABASE_URL: SSM parameter /django/db-url exists' },
];

async function openForm(setup = withPackagedProject()) {
  const view = renderApp(setup.fake);
  await view.user.click(screen.getByRole('button', { name: 'Instances' }));
  const form = within(await screen.findByRole('region', { name: 'Launch instances' }));
  await view.user.type(form.getByLabelText('GitHub user'), 'ada');
  await view.user.type(form.getByLabelText('Branch'), 'feature/x');
  return { ...view, ...setup, form };
}

const optionLabels = (select: HTMLElement) => within(select).getAllByRole('option').map((o) => o.textContent);

describe('Launch form: revision, options and environment', { timeout: 20_000 }, () => {
  test('lists current first (the default), then previous, then the others newest first, each with age and size', async () => {
    const { form, user, api } = await openForm();
    const picker = await form.findByLabelText('Revision');
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(3));
    expect(optionLabels(picker)).toEqual([
      expect.stringMatching(new RegExp(`^current — ${B} · .* ago · 5 MiB$`)),
      expect.stringMatching(new RegExp(`^previous — ${A} · .* ago · 1 KiB$`)),
      expect.stringMatching(new RegExp(`^${C} · .* ago · 300 B$`)),
    ]);
    expect(picker).toHaveValue('current');

    await user.click(form.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalledTimes(1));
    expect(api.preflight.mock.calls[0]![0]).toMatchObject({ project: 'django', revision: 'current' });
    expect(api.preflight.mock.calls[0]![0]).not.toHaveProperty('options');

    await user.selectOptions(picker, C);
    await user.click(form.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalledTimes(2));
    expect(api.preflight.mock.calls[1]![0]).toMatchObject({ revision: C });
  });

  test('lists the revisions again when the package changes in the bucket (a bless here or in another window)', async () => {
    const { form, fake, bucket } = await openForm();
    const picker = await form.findByLabelText('Revision');
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(3));
    Object.assign(bucket.state, { current: C, previous: B });
    act(() => fake.emit('revisions.changed', { package: 'site', reason: 'jump' }));
    await waitFor(() => expect(within(picker).getAllByRole('option')[0]).toHaveTextContent(`current — ${C}`));
    act(() => fake.emit('revisions.changed', { package: 'docs', reason: 'jump' }));
    expect(bucket.api.revisions).toHaveBeenCalledTimes(2);
  });

  test('renders the new pre-flight items like the others, and names the revision the plan deploys', async () => {
    const { form, user, api } = await openForm();
    api.preflight.mockImplementationOnce(async (input: LaunchInput) => {
      const result = preflightResult(newItems, input.launchId);
      return ok({ ...result, plan: { ...result.plan, revision: B } });
    });
    await user.click(form.getByRole('button', { name: 'Check' }));
    const list = await screen.findByRole('list', { name: 'Pre-flight checks' });
    expect(within(list).getByRole('listitem', { name: 'Revision can be fetched: Passed' })).toHaveTextContent(`${B}, 5 MiB`);
    expect(within(list).getByRole('listitem', { name: 'Instance profile: Warning' })).toHaveTextContent('AccessDenied');
    expect(within(list).getByRole('listitem', { name: 'Runtime configuration: Passed' })).toBeInTheDocument();
    expect(screen.getByText('All checks passed, 1 with a warning')).toBeInTheDocument();
    expect(screen.getByText(`Deploys ${B}.`)).toBeInTheDocument();
  });

  test('shows a field per option by type, with its default and source, and sends only the values changed', async () => {
    const { form, user, api } = await openForm();
    const options = within(await form.findByRole('group', { name: 'Template options' }));
    const workers = options.getByLabelText('workers');
    expect(workers).toHaveAttribute('type', 'number');
    expect(workers).toHaveAttribute('min', '1');
    expect(workers).toHaveAttribute('max', '16');
    await waitFor(() => expect(workers).toHaveValue(3));
    expect(workers).toHaveAccessibleDescription("gunicorn workers. Whole number from 1 to 16. From the project's launch defaults (Settings → Launch defaults).");
    expect(options.getByLabelText('debug')).toHaveAttribute('type', 'checkbox');
    expect(options.getByLabelText('debug')).not.toBeChecked();
    expect(options.getByLabelText('debug')).toHaveAccessibleDescription("True or false. The template's default.");
    expect(optionLabels(options.getByLabelText('site'))).toEqual(['main', 'staging']);
    expect(options.getByLabelText('greeting')).toHaveValue('hello');

    await user.clear(workers);
    await user.type(workers, '4');
    expect(workers).toHaveAccessibleDescription("gunicorn workers. Whole number from 1 to 16. Default 3, from the project's launch defaults (Settings → Launch defaults).");
    await user.click(options.getByLabelText('debug'));
    await user.selectOptions(options.getByLabelText('site'), 'staging');
    await user.click(form.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalledTimes(1));
    expect(api.preflight.mock.calls[0]![0].options).toEqual({ workers: '4', debug: 'true', site: 'staging' });
  });

  test("shows the core's problem with an option beside its field and in the summary, linked to it", async () => {
    const { form, user, api } = await openForm();
    const workers = await form.findByLabelText('workers');
    await user.clear(workers);
    await user.type(workers, '40');
    api.resolveLaunch.mockResolvedValueOnce(
      ok(resolution('django', { problems: [{ field: 'option.workers', message: "option workers must be a whole number from 1 to 16, not '40'" }] })),
    );
    await user.click(form.getByRole('button', { name: 'Check' }));
    const summary = await screen.findByRole('alert');
    expect(api.preflight).not.toHaveBeenCalled();
    expect(summary).toHaveTextContent("Option workers: option workers must be a whole number from 1 to 16, not '40'");
    expect(workers).toHaveAttribute('aria-invalid', 'true');
    expect(workers).toHaveAccessibleDescription(expect.stringContaining("not '40'"));
    await user.click(within(summary).getByRole('link', { name: 'Option workers' }));
    expect(workers).toHaveFocus();
    // Editing the option clears its problem.
    await user.type(workers, '{Backspace}');
    expect(workers).not.toHaveAttribute('aria-invalid');
  });

  test('lists every environment variable with where it comes from, never a value', async () => {
    const { form, user } = await openForm();
    await user.type(form.getByLabelText('Env vars (KEY=VALUE lines)'), 'MODE=debug{Enter}API_TOKEN=secretsmanager:prod/api{Enter}PLAIN=s3cr3t-value');
    const list = await form.findByRole('list', { name: 'Environment variables' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'API_TOKEN — secret prod/api, as entered',
      'DATABASE_URL — SSM parameter /django/db-url, from the env file',
      'MODE — as entered',
      'PLAIN — as entered',
    ]);
    expect(list).toHaveAccessibleDescription(expect.stringContaining('projects/django.env'));
    expect(list.textContent).not.toContain('s3cr3t-value');
    expect(list.textContent).not.toContain('debug');
  });

  test('keeps revision and options across a page switch; another project starts from its own', async () => {
    const { form, user, api } = await openForm();
    const picker = await form.findByLabelText('Revision');
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(picker, 'previous');
    await user.selectOptions(form.getByLabelText('site'), 'staging');

    await user.click(screen.getByRole('button', { name: 'Projects' }));
    await user.click(screen.getByRole('button', { name: 'Instances' }));
    const again = within(await screen.findByRole('region', { name: 'Launch instances' }));
    expect(again.getByLabelText('Revision')).toHaveValue('previous');
    expect(again.getByLabelText('site')).toHaveValue('staging');

    await user.selectOptions(again.getByLabelText('Project'), 'butter');
    expect(again.queryByLabelText('Revision')).not.toBeInTheDocument();
    expect(again.queryByRole('group', { name: 'Template options' })).not.toBeInTheDocument();
    await user.click(again.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalledTimes(1));
    expect(api.preflight.mock.calls[0]![0]).not.toHaveProperty('revision');

    await user.selectOptions(again.getByLabelText('Project'), 'django');
    expect(await again.findByLabelText('Revision')).toHaveValue('current');
    expect(await again.findByLabelText('site')).toHaveValue('main');
  });

  test('says when no bucket is set, with a link to Settings', async () => {
    const setup = withPackagedProject();
    // Settings with its values, so the link can end on the bucket field.
    const settings = createSettingsFake().fake.api;
    Object.assign(setup.fake.api.settings, settings.settings);
    Object.assign(setup.fake.api.credentials, settings.credentials);
    setup.bucket.api.revisions.mockResolvedValue(fail('invalid-input', 'No revisions bucket is set. Set one in Settings → Revisions.', { setting: 'revisions.bucket' }));
    const { form, user } = await openForm(setup);
    const picker = await form.findByLabelText('Revision');
    await waitFor(() => expect(picker).toHaveAccessibleDescription(/No revisions bucket is set, so Flotilla cannot list or deploy site/));
    expect(optionLabels(picker)).toEqual(['current — the bucket names none yet']);
    await user.click(form.getByRole('link', { name: 'Settings' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    // The link ends on the bucket field (goToSetting's retries are over before the test ends).
    await waitFor(() => expect(screen.getByLabelText('Revisions bucket')).toHaveFocus(), { timeout: 3000 });
  });

  test('says when the package has no revision yet, with a link to Revisions; and when the list failed, with Try again', async () => {
    const setup = withPackagedProject();
    setup.bucket.api.revisions.mockResolvedValueOnce(fail('unavailable', 'Could not reach S3.')).mockResolvedValueOnce(ok([]));
    const { form, user } = await openForm(setup);
    const picker = await form.findByLabelText('Revision');
    await waitFor(() => expect(picker).toHaveAccessibleDescription('Could not list the revisions of site: Could not reach S3. Try again'));
    await user.click(form.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(picker).toHaveAccessibleDescription('The bucket has no revision of site yet: spool one on Revisions.'));
    await user.click(form.getByRole('link', { name: 'Revisions' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Revisions' })).toBeInTheDocument();
  });

  test('shows the loading state while the revisions are listed', async () => {
    const setup = withPackagedProject();
    setup.bucket.api.revisions.mockReturnValueOnce(new Promise(() => {}));
    const { form } = await openForm(setup);
    expect(await form.findByLabelText('Revision')).toHaveAccessibleDescription('Loading the revisions of site…');
  });
});
