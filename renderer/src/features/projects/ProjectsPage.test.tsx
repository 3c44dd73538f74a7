import { act, screen, waitFor, within } from '@testing-library/react';
import { fail, ok } from '@contract/errors';
import { createFakeClient, deferred } from '../../test/fake-client';
import { butter, details, jam, previewOf, problem, toast } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const grid = () => screen.findByRole('grid', { name: 'Projects' });
const row = (name: RegExp) => within(screen.getByRole('grid', { name: 'Projects' })).getByRole('row', { name });

describe('Projects page', () => {
  test('lists the projects with their metadata and state in words', async () => {
    renderApp();
    const table = await grid();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);

    const first = within(rows[0]!);
    expect(first.getByText('Butter')).toBeInTheDocument();
    expect(first.getByText('butter')).toBeInTheDocument();
    expect(first.getByText('git@github.com:ada/butter.git')).toBeInTheDocument();
    expect(first.getByText('ami-0123456789abcdef0')).toBeInTheDocument();
    expect(first.getByText('t3.small')).toBeInTheDocument();
    expect(first.getByText('https://butter.example.com/health')).toBeInTheDocument();
    expect(first.getByText('Valid')).toBeInTheDocument();

    expect(within(rows[1]!).getByText('2 warnings')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('1 error, 1 warning')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('(no name)')).toBeInTheDocument();
    for (const r of rows) expect(r).toHaveAttribute('aria-selected', 'false');
    expect(screen.getByText('/home/ada/flotilla/projects')).toBeInTheDocument();
  });

  test('shows a loading state, then an error with a way to try again', async () => {
    const fake = createFakeClient();
    const answer = deferred<Awaited<ReturnType<typeof fake.api.projects.list>>>();
    fake.api.projects.list.mockReturnValueOnce(answer.promise);
    const { user } = renderApp(fake);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading projects…');

    await act(async () => answer.resolve(fail('unavailable', 'The projects folder could not be read.')));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the projects. The projects folder could not be read.');

    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await grid()).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  test('says which folder is empty when there are no projects', async () => {
    renderApp(createFakeClient({ projects: [] }));
    expect(await screen.findByRole('heading', { name: 'No projects yet' })).toBeInTheDocument();
    expect(screen.getByText(/There are no projects in/)).toHaveTextContent(
      'There are no projects in /home/ada/flotilla/projects.',
    );
    expect(screen.queryByRole('grid')).not.toBeInTheDocument();
  });

  test('selecting a project shows its details and problems as file:line: message', async () => {
    const { user } = renderApp();
    await grid();
    await user.click(row(/toast/));
    expect(row(/toast/)).toHaveAttribute('aria-selected', 'true');
    expect(row(/Butter/)).toHaveAttribute('aria-selected', 'false');

    const detail = await screen.findByRole('region', { name: 'toast' });
    expect(within(detail).getByRole('heading', { level: 2, name: 'toast' })).toBeInTheDocument();
    const items = await within(detail).findAllByRole('listitem');
    // In main's order (by line), each saying what it is in words.
    expect(items[0]).toHaveTextContent('Warningprojects/toast.sh:2: no name; the id is shown instead');
    expect(items[1]).toHaveTextContent(
      "Errorprojects/toast.sh:3: ami 'ami-xyz' is not an AMI id (ami- and 8 or 17 hex digits)",
    );
    expect(within(detail).getByText('projects/toast.sh:2: no name; the id is shown instead')).toBeInTheDocument();
    expect(within(detail).getByText('projects/toast.sh')).toBeInTheDocument();
  });

  test('a valid project says it has no problems', async () => {
    const { user } = renderApp();
    await grid();
    await user.click(row(/Butter/));
    const detail = await screen.findByRole('region', { name: 'Butter' });
    expect(await within(detail).findByText('No problems found.')).toBeInTheDocument();
    expect(within(detail).getAllByText('ami-0123456789abcdef0')[0]).toBeInTheDocument();
  });

  test('rows are selectable with the keyboard', async () => {
    const { user } = renderApp();
    await grid();
    await user.tab(); // nav: Projects
    await user.tab(); // Instances
    await user.tab(); // Revisions
    await user.tab(); // Settings
    await user.tab(); // the grid's one tab stop: the first row
    expect(row(/Butter/)).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(row(/Butter/)).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}');
    expect(row(/Jam/)).toHaveFocus();
    expect(row(/Jam/)).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByRole('region', { name: 'Jam' })).toBeInTheDocument();
    await user.keyboard('{End}');
    expect(row(/toast/)).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}');
    expect(row(/Jam/)).toHaveAttribute('aria-selected', 'true');
  });

  test('shows an error when the detail cannot be loaded', async () => {
    const fake = createFakeClient();
    fake.api.projects.get.mockResolvedValueOnce(fail('not-found', "There is no project 'jam'."));
    const { user } = renderApp(fake);
    await grid();
    await user.click(row(/Jam/));
    expect(await screen.findByRole('alert')).toHaveTextContent("Could not load the details of jam. There is no project 'jam'.");
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/no ready-url/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  test('previews the user-data with its size', async () => {
    const fake = createFakeClient();
    const script = 'x'.repeat(1234);
    fake.state.preview = () => ok({ userData: script, bytes: 1234, base64Bytes: 1648, limitBytes: 16384 });
    const { user } = renderApp(fake);
    await grid();
    await user.click(row(/Butter/));
    const detail = await screen.findByRole('region', { name: 'Butter' });

    await user.type(within(detail).getByLabelText('Git user'), 'ada');
    await user.type(within(detail).getByLabelText('Branch'), 'feature/toast');
    await user.click(within(detail).getByRole('button', { name: 'Preview' }));

    expect(fake.api.projects.preview).toHaveBeenCalledWith({ id: 'butter', gitUser: 'ada', gitBranch: 'feature/toast' });
    const output = await screen.findByRole('region', { name: 'User-data' });
    expect(within(output).getByText('1 234 bytes, 1 648 base64 of 16 384')).toBeInTheDocument();
    expect(output.querySelector('pre')).toHaveTextContent(script);
  });

  test('shows the rendered script in a pre', async () => {
    const { user } = renderApp();
    await grid();
    await user.click(row(/Jam/));
    await user.type(screen.getByLabelText('Git user'), 'ada');
    await user.type(screen.getByLabelText('Branch'), 'main');
    await user.keyboard('{Enter}');
    const output = await screen.findByRole('region', { name: 'User-data' });
    expect(output.querySelector('pre')?.textContent).toBe(
      '#!/bin/bash\n# jam\ngit clone --branch main https://github.com/ada/jam\n',
    );
  });

  test('shows the error and each problem for a refused branch', async () => {
    const fake = createFakeClient();
    fake.state.preview = ({ gitBranch }) =>
      fail('invalid-input', `The branch '${gitBranch}' is not a valid git branch name.`, {
        problems: [problem('error', 'branch', 1, "'..' is not allowed in a branch name")],
      });
    const { user } = renderApp(fake);
    await grid();
    await user.click(row(/Butter/));
    await user.type(screen.getByLabelText('Git user'), 'ada');
    await user.type(screen.getByLabelText('Branch'), 'a..b');
    await user.click(screen.getByRole('button', { name: 'Preview' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("The branch 'a..b' is not a valid git branch name.");
    expect(within(alert).getByText("branch:1: '..' is not allowed in a branch name")).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'User-data' })).not.toBeInTheDocument();
  });

  test('does not repeat a refusal whose message only sums up its problems', async () => {
    const fake = createFakeClient();
    const refused = "branch 'x$(id)' contains '$', which is not allowed";
    fake.state.preview = () =>
      fail('invalid-input', refused, { problems: [{ severity: 'error', file: '', message: refused, text: refused }] });
    const { user } = renderApp(fake);
    await grid();
    await user.click(row(/Butter/));
    await user.type(screen.getByLabelText('Branch'), 'x$(id)');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getAllByText(refused, { exact: false })).toHaveLength(1);
    expect(alert).toHaveTextContent(`Could not render the user-data.${refused}`);
  });

  test('shows a loading state while the preview renders', async () => {
    const fake = createFakeClient();
    const answer = deferred<Awaited<ReturnType<typeof fake.api.projects.preview>>>();
    fake.api.projects.preview.mockReturnValueOnce(answer.promise);
    const { user } = renderApp(fake);
    await grid();
    await user.click(row(/Butter/));
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('Rendering the user-data…')).toBeInTheDocument();
    await act(async () => answer.resolve(ok(previewOf('echo hi\n'))));
    expect(await screen.findByRole('region', { name: 'User-data' })).toHaveTextContent('8 bytes, 12 base64 of 16 384');
  });

  test('updates the list and the selected detail when projects.changed arrives', async () => {
    const fake = createFakeClient();
    const { user } = renderApp(fake);
    await grid();
    await user.click(row(/Jam/));
    await screen.findByText(/no ready-url/);
    expect(fake.listenerCount('projects.changed')).toBe(1);

    const fixed = { ...jam, name: 'Jam jar', state: 'valid' as const, warningCount: 0 };
    fake.state.details.jam = { ...details.jam!, ...fixed, problems: [] };
    const crumpet = { ...butter, id: 'crumpet', name: 'Crumpet', file: 'projects/crumpet.sh' };
    act(() => fake.emit('projects.changed', { projects: [butter, fixed, toast, crumpet] }));

    expect(await screen.findByRole('row', { name: /Crumpet/ })).toBeInTheDocument();
    expect(row(/Jam jar/)).toHaveAttribute('aria-selected', 'true');
    const detail = await screen.findByRole('region', { name: 'Jam jar' });
    expect(await within(detail).findByText('No problems found.')).toBeInTheDocument();

    // A removed project disappears and its selection goes with it.
    act(() => fake.emit('projects.changed', { projects: [butter, toast] }));
    await waitFor(() => expect(screen.queryByRole('row', { name: /Jam/ })).not.toBeInTheDocument());
    expect(screen.queryByRole('region', { name: /Jam/ })).not.toBeInTheDocument();
    expect(screen.getAllByRole('row')).toHaveLength(3);
  });

  test('an empty folder fills in live', async () => {
    const fake = createFakeClient({ projects: [] });
    renderApp(fake);
    await screen.findByText('No projects yet');
    act(() => fake.emit('projects.changed', { projects: [butter] }));
    expect(await screen.findByRole('row', { name: /Butter/ })).toBeInTheDocument();
    expect(screen.queryByText('No projects yet')).not.toBeInTheDocument();
  });
});
