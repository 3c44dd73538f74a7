/**
 * The fleet grid's columns and which of them fit. Each column has a least width (rem) its content
 * needs unclipped; the grid shows the columns that fit its width, most useful first, instead of
 * scrolling sideways (what a hidden column says is in the instance's details).
 */
export type ColumnKey = 'project' | 'branch' | 'revision' | 'owner' | 'state' | 'readyUrl' | 'launched' | 'expires' | 'cost';

export interface Column {
  key: ColumnKey;
  label: string;
  /** Least width in rem (cell padding included). */
  min: number;
  /** Share of the width left over; 0 keeps the column at `min`. */
  grow: number;
}

/** In the order they are shown. */
export const COLUMNS: readonly Column[] = [
  { key: 'project', label: 'Project', min: 9.8, grow: 1.2 },
  { key: 'branch', label: 'Branch', min: 8, grow: 1.4 },
  { key: 'revision', label: 'Revision', min: 11, grow: 1.2 },
  { key: 'owner', label: 'Owner', min: 6.8, grow: 1 },
  { key: 'state', label: 'State', min: 9.5, grow: 0 },
  { key: 'readyUrl', label: 'Ready URL', min: 8.5, grow: 1.2 },
  { key: 'launched', label: 'Launched', min: 5.4, grow: 0 },
  { key: 'expires', label: 'Expires in', min: 5.2, grow: 0 },
  { key: 'cost', label: 'Cost so far', min: 4.8, grow: 0 },
];

/** The tick box column before them all. */
export const CHECK_WIDTH = 2;

/** Which columns go first when the grid is narrow: the last of this list first. */
const PRIORITY: readonly ColumnKey[] = ['project', 'state', 'branch', 'owner', 'expires', 'cost', 'readyUrl', 'launched', 'revision'];

/** Always shown, however narrow the grid (it then scrolls sideways). */
const ESSENTIAL = new Set<ColumnKey>(['project', 'state']);

/** Shown only when some row has a value (the revision: only templates with a package deploy one). */
export const OPTIONAL: ReadonlySet<ColumnKey> = new Set<ColumnKey>(['revision']);

/**
 * The columns that fit `widthRem` (all of them when the width is unknown), in display order;
 * `without`: optional columns left out (nothing to show in them).
 */
export function fitColumns(widthRem: number, without: ReadonlySet<ColumnKey> = new Set()): Column[] {
  const byKey = new Map(COLUMNS.map((c) => [c.key, c]));
  const shown = new Set<ColumnKey>();
  let used = CHECK_WIDTH;
  for (const key of PRIORITY) {
    if (without.has(key) && OPTIONAL.has(key)) continue;
    const column = byKey.get(key)!;
    if (!ESSENTIAL.has(key) && used + column.min > widthRem) continue;
    shown.add(key);
    used += column.min;
  }
  return COLUMNS.filter((c) => shown.has(c.key));
}

/** The CSS grid-template-columns of the tick box and `columns`. */
export function gridTemplate(columns: readonly Column[]): string {
  return [`${CHECK_WIDTH}rem`, ...columns.map((c) => (c.grow > 0 ? `minmax(${c.min}rem, ${c.grow}fr)` : `${c.min}rem`))].join(' ');
}

/** The least width of `columns` with the tick box, in rem. */
export function minWidth(columns: readonly Column[]): number {
  return columns.reduce((sum, c) => sum + c.min, CHECK_WIDTH);
}
