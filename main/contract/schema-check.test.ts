import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Proves the two-way schema/interface check of methods.ts (schema-check.ts) bites: the fixture
 * gives instances.terminate's input one optional field its schema lacks, which plain assignability
 * (`satisfies z.ZodType<Input>`) lets through. The type checker must reject it naming the channel,
 * and accept the same fixture without the field.
 */
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const fixture = path.join(import.meta.dirname, 'fixtures', 'schema-mismatch.fixture.ts');
const EXTRA = 'type Extra = { force?: boolean }; // EXTRA';

function errorsOf(source: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(repoRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (path.resolve(file) === fixture ? source : readFile(file));
  const program = ts.createProgram([fixture], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.relative(repoRoot, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('the two-way schema/interface check', { timeout: 120_000 }, () => {
  const source = readFileSync(fixture, 'utf8');

  test('the fixture is not part of the project (tsconfig.json excludes it)', () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(repoRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    expect(config.fileNames.map((f) => path.resolve(f))).not.toContain(fixture);
    expect(config.fileNames.map((f) => path.resolve(f))).toContain(path.join(import.meta.dirname, 'methods.ts'));
  });

  test('an optional field the interface has and the schema lacks is a compile error naming the channel', () => {
    expect(source).toContain(EXTRA);
    expect(errorsOf(source)).toEqual([
      expect.stringMatching(/^main\/contract\/fixtures\/schema-mismatch\.fixture\.ts: Type 'true' is not assignable to type '"instances\.terminate"'/),
    ]);
  });

  test('the same fixture without the field compiles cleanly', () => {
    expect(errorsOf(source.replace(EXTRA, 'type Extra = unknown;'))).toEqual([]);
  });
});
