import { COLUMNS, fitColumns, gridTemplate, minWidth } from './fleet-columns';

const keys = (width: number, without: Set<'revision'> = new Set()) => fitColumns(width, without).map((c) => c.key);

describe('fleet columns', () => {
  test('shows every column when they fit, or when the width is unknown', () => {
    expect(keys(minWidth(COLUMNS))).toEqual(COLUMNS.map((c) => c.key));
    expect(keys(Number.POSITIVE_INFINITY)).toHaveLength(COLUMNS.length);
  });

  test('drops the least useful columns first, keeping the display order', () => {
    // The revision goes first, then the launch time.
    expect(keys(minWidth(COLUMNS) - 0.1)).toEqual(COLUMNS.map((c) => c.key).filter((k) => k !== 'revision'));
    const withoutRevision = COLUMNS.filter((c) => c.key !== 'revision');
    const narrow = keys(minWidth(withoutRevision) - 0.1);
    expect(narrow).not.toContain('launched');
    expect(narrow).toContain('cost');
    // The 900 px window's grid (about 41.5rem): who, what and when it expires.
    expect(keys(41.5)).toEqual(['project', 'branch', 'owner', 'state', 'expires']);
  });

  test('leaves the revision out when no row has one, so the space goes to the others', () => {
    const all = minWidth(COLUMNS.filter((c) => c.key !== 'revision'));
    expect(keys(all, new Set(['revision']))).toEqual(COLUMNS.map((c) => c.key).filter((k) => k !== 'revision'));
    expect(keys(Number.POSITIVE_INFINITY, new Set(['revision']))).not.toContain('revision');
    expect(keys(Number.POSITIVE_INFINITY)).toContain('revision');
  });

  test('always keeps project and state, even when they do not fit (the grid then scrolls)', () => {
    expect(keys(5)).toEqual(['project', 'state']);
  });

  test('fits a grid template to its columns', () => {
    const shown = fitColumns(41.5);
    expect(gridTemplate(shown)).toBe('2rem minmax(9.8rem, 1.2fr) minmax(8rem, 1.4fr) minmax(6.8rem, 1fr) 9.5rem 5.2rem');
    expect(minWidth(shown)).toBeCloseTo(41.3, 5);
  });
});
