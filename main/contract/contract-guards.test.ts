import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Proves the compile-time guards bite: a copy of the contract is broken on purpose in each way a
 * developer could break it, and the type checker must reject every copy (and accept the intact one).
 */
const contractDir = import.meta.dirname;
const repoRoot = path.resolve(contractDir, '..', '..');

function diagnosticsFor(mutate: (dir: string) => void): string[] {
  const scratch = mkdtempSync(path.join(repoRoot, 'node_modules', '.contract-guard-'));
  try {
    cpSync(contractDir, scratch, { recursive: true, filter: (src) => !src.endsWith('.test.ts') && !src.includes('fixtures') });
    mutate(scratch);
    const config = ts.getParsedCommandLineOfConfigFile(path.join(repoRoot, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    })!;
    const files = ts.sys.readDirectory(scratch, ['.ts']);
    const program = ts.createProgram(files, { ...config.options, noEmit: true });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(scratch))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const full = path.join(dir, file);
  const before = readFileSync(full, 'utf8');
  const after = before.replace(from, to);
  expect(after, `the mutation of ${file} did not apply`).not.toBe(before);
  writeFileSync(full, after);
}

describe('contract guards', { timeout: 60_000 }, () => {
  test('the intact contract type-checks', () => {
    expect(diagnosticsFor(() => undefined)).toEqual([]);
  });

  test('a method added to an interface but not to the tables is rejected', () => {
    const errors = diagnosticsFor((dir) =>
      edit(dir, 'projects/api.ts', 'get(input: { id: string }): Promise<ProjectDetail>;', '$&\n  remove(input: { id: string }): Promise<void>;'),
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  test('a channel with no method behind it is rejected', () => {
    const errors = diagnosticsFor((dir) => edit(dir, 'projects/channels.ts', "'preview',", "'preview',\n  'rename',"));
    expect(errors.join('\n')).toMatch(/"rename"/);
  });

  test('a schema whose type disagrees with the interface is rejected', () => {
    const errors = diagnosticsFor((dir) => edit(dir, 'projects/schemas.ts', 'z.strictObject({ id: projectId })', 'z.strictObject({ id: z.number() })'));
    expect(errors.length).toBeGreaterThan(0);
  });

  test('an event left out of eventNames is rejected', () => {
    const errors = diagnosticsFor((dir) =>
      edit(dir, 'projects/events.ts', "'projects.changed': { projects: ProjectSummary[] };", "$&\n  'projects.removed': { id: string };"),
    );
    expect(errors.length).toBeGreaterThan(0);
  });
});
