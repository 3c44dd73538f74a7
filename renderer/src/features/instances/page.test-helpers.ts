import { screen, within } from '@testing-library/react';
import type { FakeClient } from '../../test/fake-client';
import { renderApp } from '../../test/render';

/** The fleet grid, once shown. */
export const grid = () => screen.findByRole('grid', { name: 'Instances' });

/** The grid's rows without its header row. */
export const dataRows = (g: HTMLElement) => within(g).getAllByRole('row').filter((r) => r.getAttribute('aria-rowindex') !== '1');

/** Renders the app on `fake` and opens the Instances page. */
export async function openInstances(fake: FakeClient) {
  const view = renderApp(fake);
  await view.user.click(screen.getByRole('button', { name: 'Instances' }));
  return view;
}
