import { act, screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { Diagnosis, InstanceDto } from '@contract/instances/dto';
import { fail, ok } from '@contract/errors';
import { createFakeClient } from '../../test/fake-client';
import { dataRows, grid, openInstances } from './page.test-helpers';
import { fleetOf, instance, ME } from './fixtures.test-helpers';
import { expiresIn, expiresSoon } from './expiry';

/** Issue 14 items 15–17: costs and expiry, Extend on a pinned instance and Unpin, grouped notices, not-ready diagnoses. */
// Several user-event journeys each: the shared 2-core machine needs more than the default 5 s.
vi.setConfig({ testTimeout: 20_000 });

function withInstances(fleet: InstanceDto[]) {
  const fake = createFakeClient();
  const find = (id: string) => fleet.find((i) => i.id === id)!;
  const api = {
    list: vi.fn(async () => ok(fleetOf(fleet, ME))),
    extend: vi.fn(async ({ id, confirm }: { id: string; duration: string; confirm?: boolean }) =>
      find(id).pinned && !confirm ? fail('invalid-input', `${id} is pinned`) : ok({ ...find(id), pinned: false, expiresAt: new Date(Date.now() + 4 * 3600_000).toISOString() }),
    ),
    unpin: vi.fn(async ({ id }: { id: string }) => ok({ ...find(id), pinned: false, expiresAt: new Date(Date.now() + 24 * 3600_000).toISOString() })),
    diagnose: vi.fn(async ({ id }: { id: string }) => ok(diagnosis(id, 'ready-url: answered HTTP 503; the app did not start'))),
    openUrl: vi.fn(async () => ok({ url: 'http://x' })),
  };
  Object.assign(fake.api.instances, api);
  return { fake, api };
}

function diagnosis(id: string, summary: string): Diagnosis {
  return { id, region: 'us-east-1', summary, stages: [{ stage: 'ready-url', status: 'fail', message: 'answered HTTP 503' }], consoleTail: 'npm ERR! missing script: start' };
}


describe('costs and expiry tell the truth (item 15)', () => {
  test('counts a pinned instance per hour, follows the filters, and shows no expiry for a terminated row', async () => {
    const fleet = [
      instance({ project: 'butter', pinned: true, expiresAt: null, projectedCost: null }),
      instance({ project: 'jam', hourlyPrice: 0.0416 }),
    ];
    const { fake } = withInstances(fleet);
    const { user } = await openInstances(fake);
    await grid();
    const totals = screen.getByLabelText('Fleet totals');
    expect(totals).toHaveTextContent('Per hour$0.06');
    expect(totals).toHaveTextContent('1 pinned: no expiry, so not in To expiry');
    expect(totals).not.toHaveTextContent('without a price');

    await user.selectOptions(within(screen.getByRole('search', { name: 'Filter instances' })).getByRole('combobox', { name: 'Project' }), 'jam');
    expect(totals).toHaveTextContent('Per hour$0.04');
    expect(totals).toHaveTextContent('for the 1 of 2 shown');
    expect(totals).not.toHaveTextContent('pinned');
    await user.type(screen.getByLabelText('Search'), 'zz');
    expect(screen.getByText('0 of 2 shown')).toBeInTheDocument();
    expect(totals).toHaveTextContent('Per hour$0.00');

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    act(() => fake.emit('instances.changed', { upserted: [{ ...fleet[1]!, state: 'terminated' }], removed: [] }));
    const jam = dataRows(await grid()).find((r) => r.textContent?.includes('jam'))!;
    expect(within(jam).getAllByRole('gridcell')[7]).toHaveTextContent(/^—$/);
  });
});

describe('expiresSoon (items 15, 17)', () => {
  test('follows the core: 15 minutes, or a third of the life if less; never for pinned or terminated rows', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
    const launched = at(0);
    expect(expiresSoon({ state: 'running', pinned: false, launchedAt: launched, expiresAt: at(15) }, now)).toBe(false);
    expect(expiresSoon({ state: 'running', pinned: false, launchedAt: launched, expiresAt: at(15) }, now + 11 * 60_000)).toBe(true);
    expect(expiresSoon({ state: 'running', pinned: false, launchedAt: at(-120), expiresAt: at(14) }, now)).toBe(true);
    expect(expiresSoon({ state: 'terminated', pinned: false, launchedAt: at(-120), expiresAt: at(14) }, now)).toBe(false);
    expect(expiresIn({ state: 'shutting-down', pinned: false, expiresAt: at(14) }, now)).toBe('—');
  });
});

describe('Extend on a pinned instance asks first; Unpin (item 16)', () => {
  test('asks before extending a pinned instance, then sends confirm; Unpin gives it an expiry again', async () => {
    const pinned = instance({ id: 'i-0aaa', pinned: true, expiresAt: null, projectedCost: null });
    const { fake, api } = withInstances([pinned]);
    const { user } = await openInstances(fake);
    await user.click(dataRows(await grid())[0]!);
    const detail = screen.getByRole('region', { name: /butter \/ main/ });

    await user.click(within(detail).getByRole('button', { name: 'Extend by 4h' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Unpin i-0aaa and extend it by 4h?' });
    expect(dialog).toHaveTextContent('Extending it unpins it');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.extend).not.toHaveBeenCalled();

    await user.click(within(detail).getByRole('button', { name: 'Extend by 4h' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Unpin and extend' }));
    expect(api.extend).toHaveBeenCalledWith({ id: 'i-0aaa', region: 'us-east-1', duration: '4h', confirm: true });
    expect(await within(detail).findByRole('button', { name: 'Pin' })).toBeInTheDocument();
  });

  test('Unpin asks, then calls unpin', async () => {
    const { fake, api } = withInstances([instance({ id: 'i-0bbb', pinned: true, expiresAt: null })]);
    const { user } = await openInstances(fake);
    await user.click(dataRows(await grid())[0]!);
    await user.click(screen.getByRole('button', { name: 'Unpin' }));
    await user.click(within(screen.getByRole('alertdialog', { name: 'Unpin i-0bbb?' })).getByRole('button', { name: 'Unpin' }));
    expect(api.unpin).toHaveBeenCalledWith({ id: 'i-0bbb', region: 'us-east-1' });
    expect(await within(await grid()).findByText('23h 59m')).toBeInTheDocument();
  });
});

describe('notices scale (item 17)', () => {
  test('20 instances of one launch becoming ready give ONE notice, "20 of 20 ready", expandable', async () => {
    const fleet = Array.from({ length: 20 }, (_, i) => instance({ id: `i-0${String(i).padStart(16, '0')}`, state: 'pending', readiness: 'pending', launchId: 'fl-00000000000a' }));
    const { fake, api } = withInstances(fleet);
    const { user } = await openInstances(fake);
    await grid();
    act(() => fake.emit('instances.ready', { instance: { ...fleet[0]!, readiness: 'ready' }, url: 'http://a/' }));
    expect(screen.getByRole('status', { name: 'butter/main ready' })).toHaveTextContent('butter/main: 1 of 20 ready');
    act(() => {
      for (const i of fleet.slice(1)) fake.emit('instances.ready', { instance: { ...i, state: 'running', readiness: 'ready' }, url: `http://${i.id}/` });
    });
    const banners = screen.getAllByRole('status', { name: /ready$/ });
    expect(banners).toHaveLength(1);
    expect(banners[0]).toHaveTextContent('butter/main: 20 of 20 ready');
    const show = within(banners[0]!).getByRole('button', { name: 'Show all 20' });
    expect(show).toHaveAttribute('aria-expanded', 'false');
    await user.click(show);
    const list = screen.getByRole('list', { name: 'Ready instances of butter/main' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(20);
    await user.click(within(list).getByRole('button', { name: `Open ${fleet[3]!.id}` }));
    expect(api.openUrl).toHaveBeenCalledWith({ id: fleet[3]!.id, region: 'us-east-1' });
  });

  test('drops a "did not become ready" of an instance that is terminated', async () => {
    const a = instance({ id: 'i-0ccc', readiness: 'timed-out', launchId: 'fl-00000000000b' });
    const { fake } = withInstances([a]);
    await openInstances(fake);
    await grid();
    act(() => fake.emit('instances.failed', { instance: a, diagnosis: diagnosis(a.id, 'ready-url never answered') }));
    expect(screen.getByRole('alert')).toHaveTextContent('butter/main did not become ready');
    act(() => fake.emit('instances.terminated', { instances: [{ id: a.id, region: 'us-east-1' }], reason: 'requested' }));
    expect(screen.queryByText(/did not become ready/)).not.toBeInTheDocument();
  });

  test('a not-ready instance shows its diagnosis in the details and the grid, not only a red badge', async () => {
    const a = instance({ id: 'i-0ddd', readiness: 'timed-out' });
    const { fake, api } = withInstances([a]);
    const { user } = await openInstances(fake);
    const g = await grid();
    await user.click(dataRows(g)[0]!);
    const why = await screen.findByRole('region', { name: 'Why it is not ready' });
    expect(await within(why).findByText('ready-url: answered HTTP 503; the app did not start')).toBeInTheDocument();
    expect(within(why).getByLabelText('Console output')).toHaveTextContent('npm ERR! missing script: start');
    expect(api.diagnose).toHaveBeenCalledTimes(1);
    expect(within(dataRows(g)[0]!).getAllByRole('gridcell')[4]).toHaveAttribute('title', 'Running · not ready: ready-url: answered HTTP 503; the app did not start');
  });
});
