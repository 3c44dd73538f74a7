import { screen, within } from '@testing-library/react';
import { fail } from '@contract/errors';
import { createFakeClient } from './test/fake-client';
import { renderApp } from './test/render';

describe('App frame', () => {
  test('shows the name, mode and version from app.info', async () => {
    renderApp();
    const banner = screen.getByRole('banner');
    expect(within(banner).getByText('Flotilla')).toBeInTheDocument();
    expect(await within(banner).findByText('Desktop · v0.1.0')).toBeInTheDocument();
  });

  test('says so when app.info fails', async () => {
    const fake = createFakeClient();
    fake.api.app.info.mockResolvedValueOnce(fail('unavailable', 'no host'));
    renderApp(fake);
    expect(await screen.findByText('App info unavailable')).toBeInTheDocument();
  });

  test('has a Main navigation marking the current page', async () => {
    const { user } = renderApp();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const names = within(nav)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(names).toEqual(['Projects', 'Instances', 'Revisions', 'Settings']);
    expect(within(nav).getByRole('button', { name: 'Projects' })).toHaveAttribute('aria-current', 'page');

    await user.click(within(nav).getByRole('button', { name: 'Settings' }));
    expect(within(nav).getByRole('button', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('button', { name: 'Projects' })).not.toHaveAttribute('aria-current');
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
  });

  test('is usable with the keyboard', async () => {
    const { user } = renderApp();
    await screen.findByRole('grid', { name: 'Projects' });
    await user.tab(); // Projects
    await user.tab(); // Instances
    expect(screen.getByRole('button', { name: 'Instances' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: 'Instances' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('heading', { level: 1, name: 'Instances' })).toBeInTheDocument();
  });
});
