import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { loadProjectFile, type LoadedProject } from './load-project';
import { error } from './problems';

/** `<id>.sh` or `<id>.sh.njk`; the id is the name up to the first dot. */
const PROJECT_FILE = /^([^.]+)\.sh(?:\.njk)?$/;

export function projectIdOf(fileName: string): string | null {
  return PROJECT_FILE.exec(fileName)?.[1] ?? null;
}

/** `<id>.env`: the env file of project `<id>` (issue 15). */
const ENV_FILE = /^([^.]+)\.env$/;

/** The project whose env file this is, or null; an env file without a template is ignored like any other file. */
export function envFileIdOf(fileName: string): string | null {
  return ENV_FILE.exec(fileName)?.[1] ?? null;
}

/** How files of `dir` are shown: `projects/butter.sh`. */
export function displayDir(dir: string): string {
  return basename(resolve(dir));
}

export interface Catalog {
  /** Sorted by id. */
  projects: LoadedProject[];
  /** Set when the folder itself could not be read (a missing folder is just empty). */
  folderError: string | null;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Loads every project of `dir`. A broken file becomes a project with errors; it never hides the others. */
export async function loadCatalog(dir: string): Promise<Catalog> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries.filter((e) => !e.isDirectory()).map((e) => e.name);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { projects: [], folderError: null };
    return { projects: [], folderError: `cannot read ${dir} (${code ?? String(err)})` };
  }
  const filesById = new Map<string, string[]>();
  const envFiles = new Set<string>();
  for (const name of names.sort(byCodeUnits)) {
    const id = projectIdOf(name);
    if (id !== null) filesById.set(id, [...(filesById.get(id) ?? []), name]);
    const envId = envFileIdOf(name);
    if (envId !== null) envFiles.add(envId);
  }
  const base = displayDir(dir);
  const projects = await Promise.all(
    [...filesById].map(([id, [fileName, ...others]]) => {
      const clash = others.map((other) =>
        error(`${base}/${other} also defines project '${id}'; rename or remove one of the two files`),
      );
      const env = envFiles.has(id) ? { path: join(dir, `${id}.env`), file: `${base}/${id}.env` } : null;
      return loadProjectFile(join(dir, fileName!), id, `${base}/${fileName}`, clash, env);
    }),
  );
  return { projects: projects.sort((a, b) => byCodeUnits(a.detail.id, b.detail.id)), folderError: null };
}
