import { screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { InstanceDto } from '@contract/instances/dto';
import type { LaunchInput } from '@contract/instances/launch-dto';
import { ok } from '@contract/errors';
import { createFakeClient, type FakeClient } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { fleetOf, items, launchResult, ME, preflightResult, resolution } from './fixtures.test-helpers';

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

/** The fake client with instances.* answering from `fleet` (each a vi.fn to inspect or override). */
export function withInstances(fleet: InstanceDto[], me: string | null = ME) {
  const fake = createFakeClient();
  const state = { fleet };
  const find = (id: string) => state.fleet.find((i) => i.id === id)!;
  const api = {
    list: vi.fn(async () => ok(fleetOf(state.fleet, me))),
    preflight: vi.fn(async (input: LaunchInput) => ok(preflightResult(items(['pass', 'pass', 'pass', 'pass']), input.launchId))),
    launch: vi.fn(async (_input: LaunchInput) => ok(launchResult([], 1, []))),
    resolveLaunch: vi.fn(async (input: { project: string }) => ok(resolution(input.project))),
    extend: vi.fn(async ({ id, duration }: { id: string; duration: string }) => {
      const hours = Number.parseInt(duration, 10);
      const current = find(id);
      return ok({ ...current, expiresAt: new Date(Date.parse(current.expiresAt!) + hours * 3600_000).toISOString() });
    }),
    pin: vi.fn(async ({ id }: { id: string }) => ok({ ...find(id), pinned: true, expiresAt: null })),
    terminate: vi.fn(async ({ ids }: { ids: string[] }) =>
      ok({ terminated: ids.map((id) => ({ id, region: 'us-east-1', previousState: 'running' as const })), refused: [], securityGroups: [] }),
    ),
    openUrl: vi.fn(async () => ok({ url: 'http://x' })),
    sshCommand: vi.fn(async () => ok({ command: 'ssh' as const, args: [], text: "ssh -i '/k.pem' ubuntu@1.2.3.4", user: 'ubuntu', host: '1.2.3.4', keyFile: '/k.pem' })),
    consoleOutput: vi.fn(async ({ id }: { id: string }) => ok({ id, region: 'us-east-1', output: 'cloud-init: done\n', timestamp: null })),
  };
  Object.assign(fake.api.instances, api);
  return { fake, api };
}
