import { act, fireEvent, screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { SpoolResult } from '@contract/revisions/dto';
import { fail } from '@contract/errors';
import { createFakeClient } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { revision, withBucket } from './revisions-fixtures.test-helpers';
import { BROWSER_DROP_MESSAGE } from './SpoolPanel';

const MB = 1 << 20;
const PATH = '/home/ada/dist/site.tar.gz';
const NEW = 'site.2026010400001Dd';
const result: SpoolResult = { name: NEW, package: 'site', rev: '2026010400001Dd', key: `${NEW}.tar.gz`, size: 1 << 30, sha256: 'ab'.repeat(32) };

async function openRevisions(fake = createFakeClient()) {
  const bucket = withBucket(fake);
  const view = renderApp(fake);
  await view.user.click(screen.getByRole('button', { name: 'Revisions' }));
  await screen.findByRole('table', { name: 'Packages' });
  return { ...view, ...bucket };
}

const pathField = () => screen.getByRole('textbox', { name: 'File or folder to spool' });
const liveRegion = () => screen.getAllByRole('status').find((el) => el.getAttribute('aria-live') === 'polite')!;

describe('spooling from the Revisions page', () => {
  test('spools a typed path: progress bar with its figures, Cancel, the result announced and listed', async () => {
    const { user, fake, api, revs } = await openRevisions();
    await user.type(pathField(), PATH);
    await user.click(screen.getByRole('button', { name: 'Spool' }));
    expect(api.spool).toHaveBeenCalledWith({ path: PATH });
    expect(pathField()).toHaveValue('');

    act(() => fake.emit('revisions.spoolProgress', { spoolId: 'spool-1', path: PATH, phase: 'hashing', bytes: 1 << 30, totalBytes: 1 << 30, rateBytesPerSec: 900 * MB, etaSeconds: 0 }));
    act(() => fake.emit('revisions.spoolProgress', { spoolId: 'spool-1', path: PATH, phase: 'uploading', bytes: 412 * MB, totalBytes: 1 << 30, rateBytesPerSec: 38 * MB, etaSeconds: 16 }));
    const spool = screen.getByRole('listitem', { name: /site\.tar\.gz/ });
    const bar = within(spool).getByRole('progressbar', { name: 'Uploading' });
    expect(bar).toHaveAttribute('aria-valuetext', '412 MiB of 1 GiB, 38 MiB/s, about 16s left');
    expect(bar).toHaveAttribute('value', String(412 * MB));
    expect(within(spool).getByRole('button', { name: 'Cancel the spool of site.tar.gz' })).toBeEnabled();
    expect(liveRegion()).toHaveTextContent('Spooling site.tar.gz: uploading.');

    // Every byte sent: the bar turns indeterminate while S3 joins the parts.
    act(() => fake.emit('revisions.spoolProgress', { spoolId: 'spool-1', path: PATH, phase: 'finishing', bytes: 1 << 30, totalBytes: 1 << 30, rateBytesPerSec: 0, etaSeconds: null }));
    const joining = within(spool).getByRole('progressbar', { name: 'Joining the parts in S3' });
    expect(joining).not.toHaveAttribute('value');
    expect(joining).toHaveAttribute('aria-valuetext', '1 GiB sent; S3 is joining the parts (a few seconds for a large file)');

    revs.push(revision(NEW, 1 << 30, '2026-01-04T00:00:01Z'));
    act(() => fake.emit('revisions.spoolDone', { spoolId: 'spool-1', path: PATH, ok: true, result }));
    act(() => fake.emit('revisions.changed', { package: 'site', reason: 'spool' }));
    expect(liveRegion()).toHaveTextContent(`Spooled ${NEW} (1 GiB). It is not current yet: bless it in the list of site to release it.`);
    expect(within(spool).queryByRole('progressbar')).not.toBeInTheDocument();
    // Its package is shown, with the new revision ready to bless.
    const table = await screen.findByRole('table', { name: 'Revisions of site' });
    expect(await within(table).findByRole('button', { name: `Bless ${NEW}` })).toBeEnabled();
    // Spooled: no longer a card, one line in the list of finished spools.
    expect(screen.queryByRole('list', { name: 'Spools' })).not.toBeInTheDocument();
    const line = within(screen.getByRole('list', { name: 'Finished spools' })).getByRole('listitem', { name: 'site.tar.gz' });
    expect(line).toHaveTextContent(`Spooled ${NEW} (1 GiB) from site.tar.gz`);
    await user.click(within(line).getByRole('button', { name: 'Dismiss site.tar.gz' }));
    expect(screen.queryByRole('listitem', { name: /site\.tar\.gz/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Finished spools' })).not.toBeInTheDocument();
  });

  test('cancels a running spool and says nothing was stored', async () => {
    const { user, fake, api } = await openRevisions();
    await user.type(pathField(), PATH);
    await user.keyboard('{Enter}');
    act(() => fake.emit('revisions.spoolProgress', { spoolId: 'spool-1', path: PATH, phase: 'packing', bytes: 12 * MB, totalBytes: null, rateBytesPerSec: 30 * MB, etaSeconds: null }));
    const bar = screen.getByRole('progressbar', { name: 'Packing the folder' });
    expect(bar).not.toHaveAttribute('value');
    expect(bar).toHaveAttribute('aria-valuetext', '12 MiB packed, 30 MiB/s');
    await user.click(screen.getByRole('button', { name: 'Cancel the spool of site.tar.gz' }));
    expect(api.cancelSpool).toHaveBeenCalledWith({ spoolId: 'spool-1' });
    expect(screen.getByRole('button', { name: 'Cancel the spool of site.tar.gz' })).toBeDisabled();
    act(() =>
      fake.emit('revisions.spoolDone', { spoolId: 'spool-1', path: PATH, ok: false, cancelled: true, error: { code: 'unavailable', message: `The spool of ${PATH} was cancelled; nothing was stored.` } }),
    );
    expect(liveRegion()).toHaveTextContent('The spool of site.tar.gz was cancelled; nothing was stored.');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  test('shows why a spool failed, as an alert', async () => {
    const { user, fake } = await openRevisions();
    await user.type(pathField(), `${PATH}{Enter}`);
    act(() => fake.emit('revisions.spoolDone', { spoolId: 'spool-1', path: PATH, ok: false, cancelled: false, error: { code: 'unavailable', message: "Could not upload in bucket 'rel' (AccessDenied)." } }));
    expect(screen.getByRole('alert', { name: 'Spool of site.tar.gz failed' })).toHaveTextContent('AccessDenied');
  });

  test('says what is wrong with a path before anything starts', async () => {
    const { user, api } = await openRevisions();
    await user.click(screen.getByRole('button', { name: 'Spool' }));
    expect(api.spool).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Type the path of the file or folder to spool');
    expect(pathField()).toHaveFocus();

    api.spool.mockResolvedValueOnce(fail('not-found', 'There is no file or folder at /nope/site.tgz. Check the path.', { field: 'path' }));
    await user.type(pathField(), '/nope/site.tgz{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('There is no file or folder at /nope/site.tgz');
    expect(pathField()).toHaveAttribute('aria-invalid', 'true');
    expect(pathField()).toHaveAccessibleDescription(/There is no file or folder/);
    expect(pathField()).toHaveValue('/nope/site.tgz');
  });

  test('collapses finished spools into one list, running ones stay cards; Clear all empties the list', async () => {
    const { user, fake } = await openRevisions();
    const done = (n: number) =>
      act(() => fake.emit('revisions.spoolDone', { spoolId: `spool-${n}`, path: `/d/site${n}.tgz`, ok: true, result: { ...result, name: `site${n}.2026010400001Dd`, package: `site${n}` } }));
    done(1);
    done(2);
    act(() => fake.emit('revisions.spoolDone', { spoolId: 'spool-3', path: '/d/docs.tgz', ok: false, cancelled: true, error: { code: 'unavailable', message: 'cancelled' } }));
    act(() => fake.emit('revisions.spoolProgress', { spoolId: 'spool-4', path: '/d/big.tgz', phase: 'hashing', bytes: 1, totalBytes: 2, rateBytesPerSec: 1, etaSeconds: 1 }));
    const finished = screen.getByRole('list', { name: 'Finished spools' });
    expect(within(finished).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['docs.tgz', 'site2.tgz', 'site1.tgz']);
    expect(within(finished).getByRole('listitem', { name: 'docs.tgz' })).toHaveTextContent('docs.tgz: cancelled; nothing was stored.');
    expect(within(screen.getByRole('list', { name: 'Spools' })).getAllByRole('listitem')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Clear all' }));
    expect(screen.queryByRole('list', { name: 'Finished spools' })).not.toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Checking its digests' })).toBeInTheDocument();
  });

  test('refuses a path whose package would hold characters outside A-Z a-z 0-9 _ - before anything starts', async () => {
    const { user, api } = await openRevisions();
    await user.type(pathField(), '/home/ada/odd name;$(x){Enter}');
    expect(api.spool).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent(
      "odd name;$(x) cannot be spooled: the package is the file or folder name up to its first dot, and the package name 'odd name;$(x)' holds a space, ';', '$', '(', ')'",
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Rename it, e.g. odd_name_x.');
    expect(pathField()).toHaveFocus();
  });

  test('in browser mode, the intro offers typing only: no drop, no Choose…', async () => {
    const fake = createFakeClient();
    fake.state.info = { ...fake.state.info, mode: 'browser' };
    await openRevisions(fake);
    const zone = screen.getByRole('group', { name: 'Release to spool' });
    expect(zone).toHaveAccessibleDescription(/^Type the path of a file or a folder on the machine running Flotilla\./);
    expect(zone).not.toHaveAccessibleDescription(/Drop/);
    expect(screen.queryByRole('button', { name: 'Choose…' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Choose folder…' })).not.toBeInTheDocument();
  });

  test('where dropped files have no path (desktop without it), a drop says to type the path and Choose… focuses the field', async () => {
    const { user } = await openRevisions();
    const zone = screen.getByRole('group', { name: 'Release to spool' });
    fireEvent.dragOver(zone, { dataTransfer: { files: [], dropEffect: 'none' } });
    fireEvent.drop(zone, { dataTransfer: { files: [new File(['x'], 'site.tar.gz')] } });
    expect(screen.getByRole('alert')).toHaveTextContent(BROWSER_DROP_MESSAGE);
    expect(pathField()).toHaveFocus();

    screen.getByRole('button', { name: 'Choose…' }).focus();
    await user.keyboard('{Enter}');
    expect(pathField()).toHaveFocus();
    expect(pathField()).toHaveAccessibleDescription(/in browser mode the page cannot see where your files are/);
  });

  test('in the desktop app, a dropped file fills in its path', async () => {
    const fake = createFakeClient();
    fake.client.pathForFile = vi.fn((file: File) => (file.name === 'site.tar.gz' ? PATH : null));
    await openRevisions(fake);
    const zone = screen.getByRole('group', { name: 'Release to spool' });
    fireEvent.drop(zone, { dataTransfer: { files: [new File(['x'], 'site.tar.gz')] } });
    expect(pathField()).toHaveValue(PATH);
    expect(pathField()).toHaveAccessibleDescription(/site\.tar\.gz is ready: press Spool/);
    fireEvent.drop(zone, { dataTransfer: { files: [new File(['x'], 'clip.txt')] } });
    expect(screen.getByRole('alert')).toHaveTextContent('clip.txt is not a file on disk');
  });

  test('in the desktop app, Choose folder… fills in the picked folder', async () => {
    const fake = createFakeClient();
    fake.client.pathForFile = vi.fn(() => '/home/ada/dist/site/css/a.css');
    await openRevisions(fake);
    expect(screen.getByRole('button', { name: 'Choose folder…' })).toBeInTheDocument();
    const file = new File(['x'], 'a.css');
    Object.defineProperty(file, 'webkitRelativePath', { value: 'site/css/a.css' });
    fireEvent.change(screen.getByTestId('folder-picker'), { target: { files: [file] } });
    expect(pathField()).toHaveValue('/home/ada/dist/site');
    expect(pathField()).toHaveAccessibleDescription(/site is ready: press Spool to pack and upload it/);
  });

  test('in browser mode there is no folder chooser', async () => {
    await openRevisions();
    expect(screen.queryByRole('button', { name: 'Choose folder…' })).not.toBeInTheDocument();
  });
});
