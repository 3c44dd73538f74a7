import { rowKeyAction } from './row-keys';

describe('rowKeyAction', () => {
  test('arrows, Home and End move', () => {
    expect(rowKeyAction('ArrowDown', 2, 10)).toEqual({ kind: 'move', index: 3 });
    expect(rowKeyAction('ArrowUp', 2, 10)).toEqual({ kind: 'move', index: 1 });
    expect(rowKeyAction('Home', 5, 10)).toEqual({ kind: 'move', index: 0 });
    expect(rowKeyAction('End', 5, 10)).toEqual({ kind: 'move', index: 9 });
  });

  test('Page Up/Down move a page only where the list has pages', () => {
    expect(rowKeyAction('PageDown', 2, 100, 8)).toEqual({ kind: 'move', index: 10 });
    expect(rowKeyAction('PageUp', 20, 100, 8)).toEqual({ kind: 'move', index: 12 });
    expect(rowKeyAction('PageDown', 2, 100)).toBeNull();
  });

  test('Enter and Space choose; other keys mean nothing', () => {
    expect(rowKeyAction('Enter', 1, 3)).toEqual({ kind: 'activate' });
    expect(rowKeyAction(' ', 1, 3)).toEqual({ kind: 'activate' });
    expect(rowKeyAction('a', 1, 3)).toBeNull();
    expect(rowKeyAction('Tab', 1, 3)).toBeNull();
  });
});
