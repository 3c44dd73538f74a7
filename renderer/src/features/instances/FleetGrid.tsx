import { observeElementRect, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';
import type { InstanceDto } from '@contract/instances/dto';
import { useAppStore } from '../../stores/store-context';
import { rowKeyAction } from '../../components/row-keys';
import { FleetRow } from './FleetRow';
import { fitColumns, gridTemplate, minWidth, type Column, type ColumnKey } from './fleet-columns';

export const ROW_HEIGHT = 40;
const VIEW_HEIGHT = 420;
const fallbackRect: Rect = { width: 1000, height: VIEW_HEIGHT };

/** Where layout is not measured (tests), assume the grid's usual size rather than none. */
function observeRect(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) {
  return observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : fallbackRect));
}

const NO_REVISION: ReadonlySet<ColumnKey> = new Set(['revision']);
const NONE: ReadonlySet<ColumnKey> = new Set();

/**
 * The columns that fit the grid's width, refitted when it changes (all of them where nothing is
 * measured); the revision column only when some row has one. The same columns keep the same array.
 */
function useFittedColumns(ref: RefObject<HTMLDivElement | null>, anyRevision: boolean): Column[] {
  const [widthRem, setWidthRem] = useState(Number.POSITIVE_INFINITY);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const fit = () => {
      const rem = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const width = element.clientWidth;
      if (width > 0) setWidthRem(width / rem);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  const last = useRef<Column[]>([]);
  return useMemo(() => {
    const next = fitColumns(widthRem, anyRevision ? NONE : NO_REVISION);
    const now = last.current;
    if (now.length !== next.length || !now.every((c, i) => c === next[i])) last.current = next;
    return last.current;
  }, [widthRem, anyRevision]);
}

function SelectAll({ rows }: { rows: InstanceDto[] }) {
  const checked = useAppStore((s) => s.instances.checked);
  const setChecked = useAppStore((s) => s.instances.setChecked);
  const ref = useRef<HTMLInputElement>(null);
  // With nothing ticked (the usual case) a filter change builds no id set of thousands of rows.
  const shown = useMemo(() => (checked.length === 0 ? null : new Set(rows.map((r) => r.id))), [rows, checked]);
  const ticked = shown === null ? 0 : checked.filter((id) => shown.has(id)).length;
  const all = rows.length > 0 && ticked === rows.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = ticked > 0 && !all;
  });
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={all}
      aria-label="Select all shown instances"
      onChange={() => setChecked(all ? checked.filter((id) => !shown?.has(id)) : [...checked, ...rows.map((r) => r.id)])}
    />
  );
}

/**
 * The fleet as a virtualized grid: only the rows in view (plus a few) are in the DOM, so 5 000
 * instances scroll and filter smoothly. One row is in the Tab order; arrows, Page Up/Down, Home and
 * End move the selection; Enter or a click opens the row's details, Space ticks it for Sync now.
 * The columns are those that fit the grid's width (fleet-columns.ts): it does not scroll sideways.
 * `hidden` rather than unmounted while no row matches, so the next match updates the grid rather
 * than building a new one; memoised, so the page's other updates (loading, errors) skip it.
 */
export const FleetGrid = memo(function FleetGrid({ rows, hidden = false }: { rows: InstanceDto[]; hidden?: boolean }) {
  const { selectedId, me, select, reveal, checked, toggle } = useAppStore(
    useShallow((s) => ({
      selectedId: s.instances.selectedId,
      me: s.instances.me,
      select: s.instances.select,
      reveal: s.instances.reveal,
      checked: s.instances.checked,
      toggle: s.instances.toggleChecked,
    })),
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const focusIndex = useRef<number | null>(null);
  const columns = useFittedColumns(gridRef, rows.some((r) => r.revision !== null));
  const shown = useMemo(() => new Set(columns.map((c) => c.key)), [columns]);
  // A click or Enter opens the details and brings them into view; arrow keys only move the selection.
  const open = useCallback(
    (id: string) => {
      select(id);
      reveal();
    },
    [select, reveal],
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
    initialRect: fallbackRect,
    observeElementRect: observeRect,
  });

  const selectedIndex = selectedId === null ? -1 : rows.findIndex((r) => r.id === selectedId);
  const tabbableIndex = selectedIndex >= 0 ? selectedIndex : 0;

  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    const instance = rows[target];
    if (!instance) return;
    focusIndex.current = target;
    virtualizer.scrollToIndex(target, { align: 'auto' });
    select(instance.id);
  };

  // Rows are keyed by position, so a filter change updates the rendered rows instead of building
  // new ones. A focused row keeps its instance, though: when rows before it come or go (an event, a
  // refresh), the focus moves to the row now showing it. `focusedId` is the focused row's instance
  // while the focus is in the rows (or was lost with a row taken out of the page).
  const focusedId = useRef<string | null>(null);
  const onFocus = useCallback((event: FocusEvent<HTMLDivElement>) => {
    focusedId.current = event.target.closest<HTMLElement>('[role="row"]')?.dataset.id ?? null;
  }, []);
  const onBlur = useCallback((event: FocusEvent<HTMLDivElement>) => {
    if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
    // The focus left the rows, unless a render took the row out of the page (Chromium then fires
    // focusout while the row is still attached): the effect below brings it back.
    const left = event.target;
    queueMicrotask(() => {
      if (left.isConnected) focusedId.current = null;
    });
  }, []);
  useEffect(() => {
    const id = focusedId.current;
    if (id === null) return;
    const active = document.activeElement;
    const row = active instanceof HTMLElement && scrollRef.current?.contains(active) ? active.closest<HTMLElement>('[role="row"]') : null;
    if (row?.dataset.id === id) return;
    if (!row && active !== null && active !== document.body) return;
    const index = rows.findIndex((r) => r.id === id);
    if (index < 0) {
      focusedId.current = row?.dataset.id ?? null; // its instance is gone: the focus stays where it is
      return;
    }
    focusIndex.current = index;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  });

  // Focus follows the keyboard once the target row is rendered.
  useEffect(() => {
    if (focusIndex.current === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${focusIndex.current}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      focusIndex.current = null;
    }
  });

  const page = Math.max(1, Math.floor(VIEW_HEIGHT / ROW_HEIGHT) - 1);
  const handleKey = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    if (event.target !== event.currentTarget) return; // keys on the checkbox are its own
    if (event.key === ' ') {
      toggle(rows[index]!.id);
      event.preventDefault();
      return;
    }
    const action = rowKeyAction(event.key, index, rows.length, page);
    if (!action) return;
    if (action.kind === 'move') moveTo(action.index);
    else open(rows[index]!.id);
    event.preventDefault();
  };
  // One handler for every render, so the memoised rows that a filter change keeps are not redrawn.
  const keyHandler = useRef(handleKey);
  keyHandler.current = handleKey;
  const onKeyDown = useCallback((event: KeyboardEvent<HTMLDivElement>, index: number) => keyHandler.current(event, index), []);

  const items = virtualizer.getVirtualItems();
  const ticked = new Set(checked);
  return (
    <div
      ref={gridRef}
      role="grid"
      aria-label="Instances"
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length + 1}
      aria-readonly="true"
      className="fleet-grid"
      hidden={hidden}
      style={{ '--fleet-columns': gridTemplate(columns), '--fleet-min-width': `${minWidth(columns)}rem` } as CSSProperties}
    >
      <div role="rowgroup" className="fleet-head">
        <div role="row" aria-rowindex={1} className="fleet-row fleet-row--head">
          <div role="columnheader" className="fleet-cell fleet-check">
            <SelectAll rows={rows} />
          </div>
          {columns.map((column) => (
            <div role="columnheader" key={column.key} data-col={column.key} className="fleet-cell">
              {column.label}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="fleet-body" ref={scrollRef} onFocus={onFocus} onBlur={onBlur} style={{ height: Math.min(VIEW_HEIGHT, Math.max(ROW_HEIGHT, rows.length * ROW_HEIGHT)) + 2 }}>
        <div className="fleet-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const instance = rows[item.index]!;
            return (
              <FleetRow
                key={item.key}
                instance={instance}
                index={item.index}
                start={item.start}
                selected={instance.id === selectedId}
                checked={ticked.has(instance.id)}
                tabbable={item.index === tabbableIndex}
                mine={me !== null && instance.owner === me}
                shown={shown}
                onSelect={open}
                onToggle={toggle}
                onKeyDown={onKeyDown}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
});
