import type { TemplateOption } from '@contract/projects/dto';
import { djangoDetail } from '../../test/fixtures';
import { A, B, C, revision } from '../revisions/revisions-fixtures.test-helpers';
import { launchInputOf, emptyLaunchForm, formFieldOf, fieldId, fieldName } from './launch-fields';
import { envSources, envSourceText, optionShapeProblem, optionTypeText, revisionChoices } from './launch-options';

const option = (type: TemplateOption['type'], extra: Partial<TemplateOption> = {}): TemplateOption => ({
  name: 'x', type, default: '', choices: [], description: null, line: 1, ...extra,
});

describe('option values', () => {
  test('checks the shape only: a whole number, true or false, a choice, one line', () => {
    expect(optionShapeProblem(option('int'), ' 4 ')).toBeNull();
    expect(optionShapeProblem(option('int'), '4.5')).toBe("must be a whole number, not '4.5'");
    expect(optionShapeProblem(option('bool'), 'yes')).toBe("must be true or false, not 'yes'");
    expect(optionShapeProblem(option('enum', { choices: ['a', 'b'] }), ' ')).toBe('is empty; pick one of a, b');
    expect(optionShapeProblem(option('string'), 'two\nlines')).toBe('must be one line');
    expect(optionShapeProblem(option('string'), 'x'.repeat(1025))).toBe('is longer than 1024 characters');
    // The range and the choices are the core's to check.
    expect(optionShapeProblem(option('int', { min: 1, max: 16 }), '40')).toBeNull();
  });

  test('names the type as the hint says it', () => {
    expect(optionTypeText(option('int', { min: 1, max: 16 }))).toBe('whole number from 1 to 16');
    expect(optionTypeText(option('int', { min: 0 }))).toBe('whole number, at least 0');
    expect(optionTypeText(option('enum', { choices: ['main', 'staging'] }))).toBe('one of main, staging');
  });

  test("sends the declared options changed, leaves a blank typed option to the defaults, and refuses a bad shape on its field", () => {
    const values = { ...emptyLaunchForm, gitUser: 'ada', branch: 'x', options: { workers: '', debug: 'true', greeting: ' hi ', nope: '1' } };
    expect(launchInputOf(values, 'django', djangoDetail).input).toMatchObject({ revision: 'current', options: { debug: 'true', greeting: ' hi ' } });
    const bad = launchInputOf({ ...values, options: { debug: 'maybe' } }, 'django', djangoDetail);
    expect(bad.problems).toEqual([{ field: 'option.debug', message: "must be true or false, not 'maybe'" }]);
    expect(bad.input).not.toHaveProperty('options');
    // Another project's detail (the form moved on) sends neither revision nor options.
    expect(launchInputOf(values, 'butter', djangoDetail).input).not.toHaveProperty('revision');
  });

  test('points an option problem at its own field', () => {
    expect(formFieldOf('option.workers')).toBe('option.workers');
    expect(fieldId('option.workers')).toBe('launch-option-workers');
    expect(fieldName('option.workers')).toBe('Option workers');
    expect(formFieldOf('revision')).toBe('revision');
    expect(formFieldOf('launchId')).toBe('project');
  });
});

describe('revision choices', () => {
  const now = Date.parse('2026-01-04T00:00:00Z');
  const list = [revision(A, 1024, '2026-01-01T00:00:00Z'), { ...revision(B, 2048, '2026-01-02T00:00:00Z'), current: true }, revision(C, 10, '2026-01-03T00:00:00Z')];

  test('current first, previous when there is one, then the others newest first', () => {
    expect(revisionChoices(list, 'current', now).map((c) => c.value)).toEqual(['current', C, A]);
    expect(revisionChoices([], 'current', now)).toEqual([{ value: 'current', label: 'current — the bucket names none yet' }]);
  });

  test('keeps a chosen revision that is not among the others in the list, saying why', () => {
    const choices = revisionChoices(list, B, now);
    expect(choices[1]).toEqual({ value: B, label: expect.stringMatching(/\(current now\)$/) });
    expect(revisionChoices(list, 'site.2025010100001Zz', now)[1]).toEqual({ value: 'site.2025010100001Zz', label: 'site.2025010100001Zz (not in the bucket)' });
    expect(revisionChoices(list, 'previous', now)[1]).toEqual({ value: 'previous', label: 'previous — the bucket names none' });
  });
});

describe('environment sources', () => {
  test('puts the keys typed over the env file, by name, and says where each comes from', () => {
    const fromFile = [
      { key: 'MODE', source: 'env-file' as const, reference: null },
      { key: 'DB', source: 'env-file' as const, reference: { kind: 'ssm' as const, name: '/app/db' } },
    ];
    const entries = envSources(fromFile, 'MODE=ssm:/app/mode\n# a comment\nbad line');
    expect(entries.map((e) => `${e.key} — ${envSourceText(e)}`)).toEqual(['DB — SSM parameter /app/db, from the env file', 'MODE — SSM parameter /app/mode, as entered']);
  });
});
