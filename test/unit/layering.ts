import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Every module specifier a TypeScript source imports, requires or dynamically imports. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[\w*{}\s,$]*\s+from\s+['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export interface Rule {
  /** Why a matching specifier is forbidden in this layer. */
  reason: string;
  forbids(specifier: string): boolean;
}

export const isElectron: Rule = {
  reason: 'imports electron',
  forbids: (s) => s === 'electron' || s.startsWith('electron/'),
};
export const isNode: Rule = { reason: 'imports a Node built-in', forbids: (s) => nodeBuiltins.has(s) || s.startsWith('node:') };
/** The contract's one dependency: any other package (not a relative or `@contract` import) is flagged. */
export const onlyZod: Rule = {
  reason: 'imports a package other than zod',
  forbids: (s) => !s.startsWith('.') && s !== '@contract' && !s.startsWith('@contract/') && s !== 'zod' && !s.startsWith('zod/'),
};
export const isReact: Rule = { reason: 'imports react', forbids: (s) => s === 'react' || s.startsWith('react-dom') || s.startsWith('react/') };

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** `file: specifier (reason)` for every forbidden import under `dir`. */
export function violations(dir: string, rules: Rule[], root: string): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(dir)) {
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      for (const rule of rules) {
        if (rule.forbids(specifier)) out.push(`${path.relative(root, file)}: '${specifier}' (${rule.reason})`);
      }
    }
  }
  return out;
}

/**
 * Which folders each folder may import from (besides itself and npm packages). A folder not
 * listed here (test/, scripts/) is not checked.
 */
export const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  'main/contract': [],
  'main/core': ['main/contract'],
  'main/node': ['main/core', 'main/contract'],
  'main/serve': ['main/core', 'main/contract', 'main/node'],
  'main/shell': ['main/core', 'main/contract', 'main/node'],
  'main/cli': ['main/core', 'main/contract', 'main/node', 'main/serve'],
  // The agent runs FTL's commands on servers: the revisions engine and the contract's DTOs and errors.
  'main/agent': ['main/core', 'main/contract'],
  preload: ['main/contract'],
  renderer: ['main/contract'],
};

/** What a test may use besides its folder's own imports: the real Node adapters, the shared test support and scripts it checks. */
export const TESTS_MAY_ALSO_IMPORT: readonly string[] = ['main/node', 'test', 'scripts'];

/** Path aliases (tsconfig/vite): `@contract/...` is main/contract/... */
export const ALIASES: Readonly<Record<string, string>> = { '@contract': 'main/contract' };

/** Test code: `*.test.ts`, `*.test-d.ts`, `*.test-helpers.ts`, benchmarks, and files under a `test/` folder. */
export function isTestFile(relative: string): boolean {
  return /\.(test|test-d|test-helpers|bench)\.[cm]?tsx?$/.test(relative) || /\.[a-z-]+\.test\.tsx?$/.test(relative) || relative.split(/[\\/]/).includes('test');
}

/** The folder of MAY_IMPORT a repository-relative path is in (main/<x>, preload, renderer), else its first segment. */
export function folderOf(relative: string): string {
  const parts = relative.split(/[\\/]/);
  return parts[0] === 'main' ? `main/${parts[1]}` : parts[0]!;
}

/** The repository-relative path a specifier names, or null for a package. */
export function targetOf(specifier: string, file: string, root: string): string | null {
  for (const [alias, folder] of Object.entries(ALIASES)) {
    if (specifier === alias || specifier.startsWith(`${alias}/`)) return path.join(folder, specifier.slice(alias.length));
  }
  if (!specifier.startsWith('.')) return null;
  return path.relative(root, path.resolve(path.dirname(file), specifier));
}

/**
 * `file: specifier (reason)` for every import that crosses into a folder its own may not import.
 * A test file may also import TESTS_MAY_ALSO_IMPORT and other folders' test helpers (files named
 * `*.test-helpers.ts`, e.g. run-cli's, to run the CLI in a test of the desktop's settings).
 */
export function folderViolations(root: string, rules: Readonly<Record<string, readonly string[]>> = MAY_IMPORT): string[] {
  const out: string[] = [];
  for (const [folder, allowed] of Object.entries(rules)) {
    const dir = path.join(root, folder === 'renderer' ? 'renderer/src' : folder);
    if (!existsSync(dir)) continue;
    for (const file of sourceFiles(dir)) {
      const relative = path.relative(root, file);
      const test = isTestFile(relative);
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const target = targetOf(specifier, file, root);
        if (target === null) continue;
        const into = folderOf(target);
        if (into === folder || allowed.includes(into)) continue;
        if (test && (TESTS_MAY_ALSO_IMPORT.includes(into) || /\.test-helpers(\.tsx?)?$/.test(target))) continue;
        out.push(`${relative}: '${specifier}' (${folder} may not import ${into})`);
      }
    }
  }
  return out;
}
