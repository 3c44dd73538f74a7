import type { Settings } from '@contract/settings/dto';

export type ThemeSetting = Settings['theme'];

const darkQuery = '(prefers-color-scheme: dark)';

/**
 * Sets `data-theme` on <html> to the theme actually shown: the setting, or for 'system' (and
 * before the settings have loaded) the OS's choice, followed live. Answers a function that stops
 * following the OS.
 */
export function applyTheme(setting: ThemeSetting | null, doc: Document = document): () => void {
  const media = doc.defaultView?.matchMedia?.(darkQuery);
  const apply = () => {
    const dark = setting === 'dark' || ((setting === 'system' || setting === null) && Boolean(media?.matches));
    doc.documentElement.dataset.theme = dark ? 'dark' : 'light';
  };
  apply();
  if (setting === 'light' || setting === 'dark' || !media) return () => undefined;
  media.addEventListener('change', apply);
  return () => media.removeEventListener('change', apply);
}
