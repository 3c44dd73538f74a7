import { keepFocus, returnFocus } from './focus-return';

function button(label: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.textContent = label;
  document.body.append(b);
  return b;
}

describe('returning focus', () => {
  afterEach(() => document.body.replaceChildren());

  test('focuses the opener once the dialog has gone', async () => {
    const opener = button('Pin');
    const inDialog = button('Cancel');
    inDialog.focus();
    const done = returnFocus(opener);
    inDialog.remove(); // the dialog closes in the same task
    await expect(done).resolves.toBe(true);
    expect(document.activeElement).toBe(opener);
  });

  test('waits for a disabled opener to be enabled again (a running action)', async () => {
    const opener = button('+1h');
    opener.disabled = true;
    const done = returnFocus(opener, { waitMs: 500 });
    setTimeout(() => (opener.disabled = false), 60);
    await expect(done).resolves.toBe(true);
    expect(document.activeElement).toBe(opener);
  });

  test('uses the fallback when the opener stays disabled or is gone', async () => {
    const heading = document.createElement('h2');
    heading.tabIndex = -1;
    document.body.append(heading);
    const pinned = button('Pinned');
    pinned.disabled = true;
    await expect(returnFocus(pinned, { waitMs: 40, fallback: () => heading })).resolves.toBe(true);
    expect(document.activeElement).toBe(heading);

    heading.blur();
    const gone = button('Terminate');
    gone.remove();
    const row = button('row');
    await expect(returnFocus(gone, { fallback: () => row })).resolves.toBe(true);
    expect(document.activeElement).toBe(row);
  });

  test('never takes focus from where the user has put it meanwhile', async () => {
    const opener = button('Pin');
    const elsewhere = button('Search');
    elsewhere.focus();
    await expect(returnFocus(opener)).resolves.toBe(false);
    expect(document.activeElement).toBe(elsewhere);
  });

  test('keeps focus on a button whose action disables it while it runs', async () => {
    const plus = button('+1h');
    plus.focus();
    await keepFocus(plus, async () => {
      plus.disabled = true;
      plus.blur(); // what a browser does to a focused control that becomes disabled
      await new Promise((resolve) => setTimeout(resolve, 20));
      plus.disabled = false;
    });
    expect(document.activeElement).toBe(plus);
  });
});
