import { fireEvent, screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import { ok } from '@contract/errors';
import { createFakeClient } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { fleetOf, instance } from './fixtures.test-helpers';

// Counts the launch form's renders: a filter change must not reach it (issue 14 item 21).
const launchRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('./LaunchForm', async (importActual) => {
  const actual = await importActual<typeof import('./LaunchForm')>();
  return {
    LaunchForm: () => {
      launchRenders.count++;
      return actual.LaunchForm();
    },
  };
});

describe('filtering the fleet stays off the rest of the page', () => {
  test('a keystroke or a select change re-renders the filters and the grid, not the launch form', async () => {
    const fleet = Array.from({ length: 300 }, (_, i) => instance({ id: `i-${i.toString(16).padStart(17, '0')}`, branch: `feature/b-${i}` }));
    const fake = createFakeClient();
    Object.assign(fake.api.instances, { list: vi.fn(async () => ok(fleetOf(fleet))) });
    const { user } = renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Instances' }));
    const grid = await screen.findByRole('grid', { name: 'Instances' });
    expect(grid).toHaveAttribute('aria-rowcount', '301');
    const before = launchRenders.count;

    const search = screen.getByRole('searchbox', { name: 'Search' });
    fireEvent.change(search, { target: { value: 'b-29' } });
    expect(screen.getByRole('grid', { name: 'Instances' })).toHaveAttribute('aria-rowcount', String(11 + 1)); // b-29, b-290..b-299
    fireEvent.change(screen.getByRole('combobox', { name: 'Branch' }), { target: { value: 'feature/b-290' } });
    expect(screen.getByRole('grid', { name: 'Instances' })).toHaveAttribute('aria-rowcount', '2');
    expect(within(screen.getByRole('search', { name: 'Filter instances' })).getByText('1 of 300 shown')).toBeInTheDocument();
    expect(launchRenders.count).toBe(before);
  });
});
