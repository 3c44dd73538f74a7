import { screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { PackageSummary, PointerState, RevisionInfo } from '../../../../main/contract/dto/revisions';
import { fail, ok } from '../../../../main/contract/errors';
import { createFakeClient } from '../../test/fake-client';
import { renderApp } from '../../test/render';

const A = 'site.2026010100001Aa';
const B = 'site.2026010200001Bb';
const C = 'site.2026010300001Cc';

function revision(name: string, size: number, lastModified: string): RevisionInfo {
  const rev = name.slice('site.'.length);
  return { name, package: 'site', rev, key: `${name}.tgz`, size, lastModified, current: false, previous: false };
}

/** A bucket in memory: the fake client's revisions.* answer from it and move its pointers. */
function withBucket() {
  const fake = createFakeClient();
  const state: { current: string | null; previous: string | null } = { current: B, previous: A };
  const revs = [revision(A, 1024, '2026-01-01T00:00:01Z'), revision(B, 5 << 20, '2026-01-02T00:00:01Z'), revision(C, 300, '2026-01-03T00:00:01Z')];
  const pointers = (): PointerState => ({ package: 'site', ...state });
  const api = {
    packages: vi.fn(async () => ok<PackageSummary[]>([{ name: 'site', ...state }, { name: 'docs', current: null, previous: null }])),
    revisions: vi.fn(async () => ok(revs.map((r) => ({ ...r, current: r.name === state.current, previous: r.name === state.previous })))),
    jump: vi.fn(async ({ revision }: { revision: string }) => {
      if (revision !== state.current) Object.assign(state, { previous: state.current, current: revision });
      return ok(pointers());
    }),
    jumpBack: vi.fn(async () => {
      Object.assign(state, { current: state.previous, previous: state.current });
      return ok(pointers());
    }),
  };
  Object.assign(fake.api.revisions, api);
  return { fake, api };
}

async function openRevisions(fake: ReturnType<typeof createFakeClient>) {
  const view = renderApp(fake);
  await view.user.click(screen.getByRole('button', { name: 'Revisions' }));
  return view;
}

describe('Revisions page', () => {
  it("lists packages, and a package's revisions with their pointers, size and age", async () => {
    const { fake } = withBucket();
    const { user } = await openRevisions(fake);
    expect(screen.getByRole('heading', { level: 1, name: 'Revisions' })).toBeInTheDocument();
    expect(screen.getByText(/not there yet/)).toHaveTextContent('flotilla-agent spool');
    const packages = await screen.findByRole('table', { name: 'Packages' });
    const site = within(packages).getByRole('row', { name: /site/ });
    expect(site).toHaveTextContent(B);
    expect(site).toHaveTextContent(A);

    await user.click(within(packages).getByRole('button', { name: 'site' }));
    const table = await screen.findByRole('table', { name: 'Revisions of site' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([A, B, C]);
    expect(rows[0]).toHaveTextContent('previous');
    expect(rows[0]).toHaveTextContent('1.0 KB');
    expect(rows[1]).toHaveTextContent('current');
    expect(rows[1]).toHaveTextContent('5.0 MB');
    expect(rows[2]).toHaveTextContent('300 B');
    expect(rows[2]).toHaveTextContent(/ago/);
    expect(screen.getByText(/3 revisions/)).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('button', { name: `Bless ${B}` })).toBeDisabled();
  });

  it('blesses a revision only after the confirm dialog, then shows the new pointers', async () => {
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
    expect(rows[2]).toHaveTextContent('current');
    expect(rows[1]).toHaveTextContent('previous');
  });

  it('rolls back behind a confirm dialog', async () => {
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

  it('shows an action that fails in an alert', async () => {
    const { fake, api } = withBucket();
    api.jump.mockResolvedValueOnce(fail('forbidden', 'AWS refused PutObject on the bucket.'));
    const { user } = await openRevisions(fake);
    await user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
    await user.click(await screen.findByRole('button', { name: `Bless ${C}` }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Bless' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('AWS refused PutObject on the bucket.');
  });

  it('without a bucket, says so and leads to Settings', async () => {
    const { fake, api } = withBucket();
    api.packages.mockResolvedValue(fail('invalid-input', 'No revisions bucket is set. Choose one in Settings → Revisions (revisions.bucket).', { setting: 'revisions.bucket' }));
    const { user } = await openRevisions(fake);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No revisions bucket is set.');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Open Settings' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
  });

  it('says it is loading while the list is on its way', async () => {
    const { fake, api } = withBucket();
    api.packages.mockImplementation(() => new Promise(() => undefined));
    await openRevisions(fake);
    expect(screen.getByRole('status')).toHaveTextContent('Loading packages');
  });
});
