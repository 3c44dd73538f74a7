/**
 * Adversarial suite for loading a project (issue 11): `flotilla check` loads whatever a pull
 * request puts in projects/, so loading a file under the 1 MB cap must take bounded time.
 */
import { buildProject, MAX_PROJECT_FILE_BYTES } from './load-project';
import { scanTags, unclosedLine } from './template-scan';
import { goodSource } from './projects.test-helpers';

describe('loading a large crafted project file', () => {
  test('a file of 120 000 tags loads in seconds, not minutes (tag lines were found from the start of the file each time)', () => {
    const source = goodSource('{{ 1 }}\n'.repeat(120_000));
    expect(source.length).toBeLessThan(MAX_PROJECT_FILE_BYTES);
    const start = performance.now();
    buildProject('big', 'projects/big.sh', source);
    expect(performance.now() - start).toBeLessThan(10_000);
  }, 30_000);

  test('an unclosed block among 90 000 is located in seconds', () => {
    const source = '{% if 1 %}\n'.repeat(90_000);
    const start = performance.now();
    expect(unclosedLine(source)).toBe(90_000);
    expect(performance.now() - start).toBeLessThan(10_000);
  }, 30_000);

  test('tag lines are still right', () => {
    expect(scanTags('a\n{{ x }}\n\n{% if y %}\r\n{# c\n #}{{ z }}').map((t) => [t.kind, t.line])).toEqual([
      ['variable', 2],
      ['block', 4],
      ['comment', 5],
      ['variable', 6],
    ]);
  });
});
