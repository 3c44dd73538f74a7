import { applyTheme } from './theme';

function fakeDocument(osDark: boolean) {
  const listeners = new Set<() => void>();
  const media = {
    matches: osDark,
    addEventListener: (_: string, fn: () => void) => listeners.add(fn),
    removeEventListener: (_: string, fn: () => void) => listeners.delete(fn),
  };
  const doc = { documentElement: { dataset: {} as Record<string, string> }, defaultView: { matchMedia: () => media } };
  return {
    doc: doc as unknown as Document,
    theme: () => doc.documentElement.dataset.theme,
    osChanges(dark: boolean) {
      media.matches = dark;
      for (const fn of listeners) fn();
    },
    listeners,
  };
}

describe('applyTheme', () => {
  test('light and dark are applied as they are, whatever the OS says', () => {
    const page = fakeDocument(true);
    applyTheme('light', page.doc);
    expect(page.theme()).toBe('light');
    applyTheme('dark', page.doc);
    expect(page.theme()).toBe('dark');
    expect(page.listeners.size).toBe(0);
  });

  test('system (and not loaded yet) follows the OS, live, until stopped', () => {
    const page = fakeDocument(false);
    const stop = applyTheme('system', page.doc);
    expect(page.theme()).toBe('light');
    page.osChanges(true);
    expect(page.theme()).toBe('dark');
    stop();
    page.osChanges(false);
    expect(page.theme()).toBe('dark');
    applyTheme(null, page.doc)();
    expect(page.theme()).toBe('light');
  });
});
