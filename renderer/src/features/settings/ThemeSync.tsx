import { useEffect } from 'react';
import { useAppStore } from '../../stores/store-context';
import { selectTheme } from '../../stores/settings-slice';

/**
 * Applies the theme setting to the document as `data-theme` on <html> (system, light or dark).
 * Loads the settings once at start so the theme holds on every page.
 */
export function ThemeSync() {
  const theme = useAppStore(selectTheme);
  const load = useAppStore((s) => s.settings.load);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (theme) document.documentElement.dataset.theme = theme;
  }, [theme]);

  return null;
}
