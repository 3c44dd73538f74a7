import { act, screen, waitFor, within } from '@testing-library/react';
import type { PackageSummary } from '@contract/revisions/dto';
import { fail, ok } from '@contract/errors';
import { createFakeClient } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { A, B, C, withBucket } from './revisions-fixtures.test-helpers';

async function openRevisions(fake: ReturnType<typeof createFakeClient>) {
  const view = renderApp(fake);
  await view.user.click(screen.getByRole('button', { name: 'Revisions' }));
  return view;
}

describe('Revisions page', () => {
  test("lists packages, and a package's revisions with their pointers, size and age", async () => {
    const { fake } = withBucket();
    const { user } = await openRevisions(fake);
    expect(screen.getByRole('heading', { level: 1, name: 'Revisions' })).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Spool a release' })).toBeInTheDocument();
    const packages = await screen.findByRole('table', { name: 'Packages' });
    const site = within(packages).getByRole('row', { name: /site/ });
    expect(site).toHaveTextContent(B);
    expect(site).toHaveTextContent(A);

    await user.click(within(packages).getByRole('button', { name: 'site' }));
    const table = await screen.findByRole('table', { name: 'Revisions of site' });
    const rows = within(table).getAllByRole('row').slice(1);
    // Newest first.
    expect(within(table).getByRole('columnheader', { name: /Revision/ })).toHaveAttribute('aria-sort', 'descending');
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([C, B, A]);
    expect(rows[2]).toHaveTextContent('previous');
    expect(rows[2]).toHaveTextContent('1 KiB');
    expect(rows[1]).toHaveTextContent('current');
    expect(rows[1]).toHaveTextContent('5 MiB');
    expect(rows[0]).toHaveTextContent('300 B');
    expect(rows[0]).toHaveTextContent(/ago/);
    expect(screen.getByText(/3 revisions/)).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('button', { name: `Bless ${B}` })).toBeDisabled();
  });

  test('blesses a revision only after the confirm dialog, then shows the new pointers', async () => {
    const { fake, api } = withBucket();
    const { user } = await openRevisions(fake);
    await user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
    await user.click(await screen.findByRole('button', { name: `Bless ${C}` }));
    const dialog = screen.getByRole('alertdialog', { name: `Bless ${C}?` });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.jump).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: `Bless ${C}` }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Bless' }));
    expect(api.jump).toHaveBeenCalledWith({ revision: C });
    expect(await screen.findByText(`site is now at ${C} (previous: ${B}).`)).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Revisions of site' })).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('current');
    expect(rows[1]).toHaveTextContent('previous');
  });

  test('puts focus back on Bless after the dialog: on Cancel, after a failed bless; on its table once it is current', async () => {
    const { fake, api } = withBucket();
    api.jump.mockResolvedValueOnce(fail('forbidden', 'AWS refused PutObject on the bucket.'));
    const { user } = await openRevisions(fake);
    await user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
    const bless = await screen.findByRole('button', { name: `Bless ${C}` });
    await user.click(bless);
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(bless).toHaveFocus());

    await user.click(bless);
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Bless' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('AWS refused');
    await waitFor(() => expect(bless).toHaveFocus());

    // Blessed, its revision is current and its Bless disabled: the table takes focus.
    await user.click(bless);
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Bless' }));
    await waitFor(() => expect(screen.getByRole('table', { name: 'Revisions of site' })).toHaveFocus());
    expect(screen.getByRole('button', { name: `Bless ${C}` })).toBeDisabled();
  });

  test('rolls back behind a confirm dialog', async () => {
    const { fake, api } = withBucket();
    const { user } = await openRevisions(fake);
    await user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
    await screen.findByRole('table', { name: 'Revisions of site' });
    await user.click(screen.getByRole('button', { name: 'Roll back' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Roll back site?' });
    expect(dialog).toHaveTextContent(`${A} becomes current again`);
    await user.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(api.jumpBack).toHaveBeenCalledWith({ package: 'site' });
    expect(await screen.findByText(`site is now at ${A} (previous: ${B}).`)).toBeInTheDocument();
  });

  test('says why Roll back is off when a package has no previous revision', async () => {
    const { fake } = withBucket();
    const { user } = await openRevisions(fake);
    await user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'docs' }));
    const rollBack = await screen.findByRole('button', { name: 'Roll back' });
    expect(rollBack).toBeDisabled();
    expect(rollBack).toHaveAccessibleDescription('Nothing to roll back to: there is no previous revision.');
    await user.click(within(screen.getByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
    await screen.findByRole('table', { name: 'Revisions of site' });
    expect(screen.getByRole('button', { name: 'Roll back' })).toBeEnabled();
    expect(screen.queryByText(/Nothing to roll back to/)).not.toBeInTheDocument();
  });

  test('shows an action that fails in an alert', async () => {
    const { fake, api } = withBucket();
    api.jump.mockResolvedValueOnce(fail('forbidden', 'AWS refused PutObject on the bucket.'));
    const { user } = await openRevisions(fake);
    await user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
    await user.click(await screen.findByRole('button', { name: `Bless ${C}` }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Bless' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('AWS refused PutObject on the bucket.');
  });

  test('without a bucket, says so and leads to Settings', async () => {
    const { fake, api } = withBucket();
    api.packages.mockResolvedValue(fail('invalid-input', 'No revisions bucket is set. Choose one in Settings → Revisions (revisions.bucket).', { setting: 'revisions.bucket' }));
    const { user } = await openRevisions(fake);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No revisions bucket is set.');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Open Settings' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
  });

  test('says it is loading while the list is on its way', async () => {
    const { fake, api } = withBucket();
    api.packages.mockImplementation(() => new Promise(() => undefined));
    await openRevisions(fake);
    expect(screen.getByText('Loading packages…')).toHaveAttribute('role', 'status');
  });

  test('never says "Loading packages…" and "no revisions yet" together (Refresh of an empty bucket)', async () => {
    const { fake, api } = withBucket();
    api.packages.mockResolvedValueOnce(ok([]));
    const { user } = await openRevisions(fake);
    expect(await screen.findByText('The bucket holds no revisions yet.')).toBeInTheDocument();
    let answer: (value: ReturnType<typeof ok<PackageSummary[]>>) => void = () => undefined;
    api.packages.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(screen.getByText('Loading packages…')).toBeInTheDocument();
    expect(screen.queryByText('The bucket holds no revisions yet.')).not.toBeInTheDocument();
    await act(async () => answer(ok([])));
    expect(screen.getByText('The bucket holds no revisions yet.')).toBeInTheDocument();
    expect(screen.queryByText('Loading packages…')).not.toBeInTheDocument();
  });
});
