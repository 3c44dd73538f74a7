import { readdirSync, readFileSync } from 'node:fs';
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
