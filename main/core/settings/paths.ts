import path from 'node:path';

/** `~/x` → `<home>/x`; other paths are resolved as they are. */
export function expandHome(file: string, home: string): string {
  if (file === '~') return home;
  if (file.startsWith('~/') || file.startsWith('~\\')) return path.join(home, file.slice(2));
  return path.resolve(file);
}

/** The path as the user knows it: `<home>/x` → `~/x`. */
export function displayPath(file: string, home: string): string {
  if (home && (file === home || file.startsWith(home + path.sep))) return '~' + file.slice(home.length);
  return file;
}
