/** What a key pressed on a row of a selectable list means: move focus to a row, or choose this one. */
export type RowKeyAction = { kind: 'move'; index: number } | { kind: 'activate' } | null;

/**
 * Arrow keys, Home and End (and Page Up/Down when `page` rows fit a screen) move; Enter and Space
 * choose. The caller clamps the index and calls preventDefault when the answer is not null.
 */
export function rowKeyAction(key: string, index: number, count: number, page?: number): RowKeyAction {
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', index: index + 1 };
    case 'ArrowUp':
      return { kind: 'move', index: index - 1 };
    case 'PageDown':
      return page ? { kind: 'move', index: index + page } : null;
    case 'PageUp':
      return page ? { kind: 'move', index: index - page } : null;
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: count - 1 };
    case 'Enter':
    case ' ':
      return { kind: 'activate' };
    default:
      return null;
  }
}
