import { act, screen, within } from '@testing-library/react';
import type { DriftEntry, DriftReport } from '@contract/revisions/dto';
import { fail, ok } from '@contract/errors';
import { createFakeClient } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { A, B, withBucket } from './revisions-fixtures.test-helpers';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const instance = (id: string, name: string) => ({ id, region: 'eu-west-1', name, state: 'running' });
const entry = (e: Partial<DriftEntry> & Pick<DriftEntry, 'id' | 'state'>): DriftEntry => ({
  instance: null,
  revision: null,
  launchedWith: null,
  reportedAt: null,
  host: null,
  key: null,
  problem: null,
  ...e,
});

const report: DriftReport = {
  package: 'site',
  current: B,
  currentSince: hoursAgo(30),
  staleAfterHours: 24,
  otherInstances: 3,
  instancesError: null,
  checkedAt: new Date().toISOString(),
  entries: [
    entry({ id: 'i-01', state: 'stale', instance: instance('i-01', 'site/main'), revision: A, reportedAt: hoursAgo(72), key: 'flotilla-status/site/i-01', host: 'ip-1' }),
    entry({ id: 'i-02', state: 'behind', instance: instance('i-02', 'site/next'), revision: A, reportedAt: hoursAgo(2), key: 'flotilla-status/site/i-02', host: 'ip-2' }),
    entry({ id: 'i-03', state: 'missing', instance: instance('i-03', 'site/docs') }),
    entry({ id: 'i-04', state: 'current', instance: instance('i-04', 'site/prod'), revision: B, reportedAt: hoursAgo(29), key: 'flotilla-status/site/i-04', host: 'ip-4' }),
    entry({ id: 'web-old', state: 'orphan', revision: A, reportedAt: hoursAgo(400), key: 'flotilla-status/site/web-old', host: 'web-old' }),
  ],
};

async function openSite(fake = createFakeClient(), answer: DriftReport = report) {
  const bucket = withBucket(fake);
  bucket.api.drift.mockResolvedValue(ok(answer));
  const view = renderApp(fake);
  await view.user.click(screen.getByRole('button', { name: 'Revisions' }));
  await view.user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
  return { ...view, ...bucket };
}

describe('the drift view of a package', () => {
  test('lists each server with its state, revision and report age, under a summary and a legend', async () => {
    const { api } = await openSite();
    const table = await screen.findByRole('table', { name: 'Servers running site' });
    expect(api.drift).toHaveBeenCalledWith({ package: 'site' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['site/main i-01', 'site/next i-02', 'site/docs i-03', 'site/prod i-04', 'web-old']);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['stale', 'behind', 'missing', 'current', 'orphan']);
    expect(rows[0]).toHaveTextContent(A);
    expect(rows[0]).toHaveTextContent('3d ago');
    expect(rows[0]).toHaveTextContent('eu-west-1, running');
    expect(rows[4]).toHaveTextContent('web-old');
    expect(screen.getByText(`1 of 4 live instances run the current revision, ${B}. 3 other live instances are not listed: no instance of their project has reported for site.`)).toHaveAttribute('role', 'status');
    expect(table).toHaveAccessibleDescription(/current runs the revision the bucket names current/);
    const legend = screen.getByRole('group', { name: 'Legend' });
    expect(within(legend).getAllByRole('term').map((t) => t.textContent)).toEqual(['current', 'behind', 'stale', 'missing', 'orphan']);
    expect(legend).toHaveTextContent('more than 24 h since the last bless');
  });

  test('shows what each live instance was launched with beside what it reports', async () => {
    await openSite(undefined, {
      ...report,
      entries: [
        entry({ id: 'i-01', state: 'behind', instance: instance('i-01', 'site/main'), revision: A, launchedWith: B, reportedAt: hoursAgo(2) }),
        entry({ id: 'i-02', state: 'missing', instance: instance('i-02', 'site/next') }),
      ],
    });
    const table = await screen.findByRole('table', { name: 'Servers running site' });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Server', 'State', 'Reports', 'Launched with', 'Reported', 'Where']);
    const launchedWith = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[2]!.textContent);
    expect(launchedWith).toEqual([B, '—']);
  });

  test("shows a report's problem, and warns when the fleet could not be listed", async () => {
    const fake = createFakeClient();
    const { api } = withBucket(fake);
    api.drift.mockResolvedValue(
      ok({
        ...report,
        instancesError: 'us-east-1: AccessDenied',
        entries: [entry({ id: 'i-09', state: 'stale', key: 'flotilla-status/site/i-09', problem: 'flotilla-status/site/i-09 is not valid JSON; the agent rewrites it on its next jump.' })],
      }),
    );
    const view = renderApp(fake);
    await view.user.click(screen.getByRole('button', { name: 'Revisions' }));
    await view.user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent('Not every live instance could be listed, so reports are shown by revision');
    expect(note).toHaveTextContent('us-east-1: AccessDenied');
    expect(screen.getByRole('table', { name: 'Servers running site' })).toHaveTextContent('is not valid JSON');
  });

  test('does not claim no instance runs the package when none could be listed', async () => {
    const fake = createFakeClient();
    const { api } = withBucket(fake);
    api.drift.mockResolvedValue(ok({ ...report, instancesError: 'us-east-1: AccessDenied', entries: [] }));
    const view = renderApp(fake);
    await view.user.click(screen.getByRole('button', { name: 'Revisions' }));
    await view.user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
    const summary = await screen.findByText(/Which live instances run site is unknown: they could not be listed\./);
    expect(summary).toHaveTextContent(`current revision is ${report.current}.`);
    expect(screen.queryByText(/No live instance runs site/)).toBeNull();
  });

  test('says when drift cannot be checked, and checks again on demand', async () => {
    const fake = createFakeClient();
    const { api } = withBucket(fake);
    api.drift.mockResolvedValueOnce(fail('unavailable', "Could not list 'flotilla-status/site/*' in bucket 'rel' (NetworkError)."));
    const view = renderApp(fake);
    await view.user.click(screen.getByRole('button', { name: 'Revisions' }));
    await view.user.click(within(await screen.findByRole('table', { name: 'Packages' })).getByRole('button', { name: 'site' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('NetworkError');
    api.drift.mockResolvedValueOnce(ok(report));
    await view.user.click(screen.getByRole('button', { name: 'Check again' }));
    expect(await screen.findByRole('table', { name: 'Servers running site' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  test('reloads when another window blesses a revision (revisions.changed)', async () => {
    const { fake, api } = await openSite();
    await screen.findByRole('table', { name: 'Servers running site' });
    const before = api.drift.mock.calls.length;
    act(() => fake.emit('revisions.changed', { package: 'site', reason: 'jump' }));
    await screen.findByRole('table', { name: 'Servers running site' });
    await vi.waitFor(() => expect(api.drift.mock.calls.length).toBeGreaterThan(before));
    expect(api.packages.mock.calls.length).toBeGreaterThan(1);
  });
});
