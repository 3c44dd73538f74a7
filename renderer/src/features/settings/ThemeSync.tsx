import { useEffect } from 'react';
import { useAppStore } from '../../stores/store-context';
import { selectTheme } from '../../stores/settings-slice';
import { applyTheme } from '../../theme';

/**
 * Applies the theme setting to the document (`data-theme` on <html>, see theme.ts).
 * Loads the settings once at start so the theme holds on every page.
 */
export function ThemeSync() {
  const theme = useAppStore(selectTheme);
  const load = useAppStore((s) => s.settings.load);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => applyTheme(theme), [theme]);

  return null;
}
