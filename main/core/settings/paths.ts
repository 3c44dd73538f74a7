import path from 'node:path';

/** `~/x` → `<home>/x`; other paths are resolved as they are. */
export function expandHome(file: string, home: string): string {
  if (file === '~') return home;
  if (file.startsWith('~/') || file.startsWith('~\\')) return path.join(home, file.slice(2));
  return path.resolve(file);
}

/**
 * The path as the user knows it: `<home>/x` → `~/x`. The part under home is written with `/` on
 * every OS (`~/.aws/config`, also on Windows), as the docs and messages write it; expandHome reads
 * it back. Paths outside home are shown as they are.
 */
export function displayPath(file: string, home: string, paths: Pick<typeof path, 'sep'> = path): string {
  if (home && (file === home || file.startsWith(home + paths.sep))) return '~' + file.slice(home.length).split(paths.sep).join('/');
  return file;
}
