/** Putting focus back where the user was after a dialog closes or a button's action finishes. */

export interface ReturnFocusOptions {
  /** Where focus goes when `target` is gone or stays disabled (e.g. Pin once pinned). */
  fallback?: () => HTMLElement | null | undefined;
  /** How long to wait for `target` to be enabled again (a running action disables it); default 300 ms. */
  waitMs?: number;
}

/** In the document and not disabled (a disabled control cannot take focus). */
function canFocus(element: HTMLElement): boolean {
  return element.isConnected && !element.matches(':disabled') && element.closest('[inert]') === null;
}

/** Focus is nowhere the user chose: on the body, or on an element that has left the document. */
function focusLost(doc: Document, target: HTMLElement | null | undefined): boolean {
  const active = doc.activeElement;
  return active === null || active === doc.body || !active.isConnected || active === target;
}

/**
 * Puts focus back on `target`, the control that opened a dialog or ran an action, once the work is
 * done: as soon as it can take focus again (a busy action disables it for a while), else on
 * `fallback()` when it is gone or stays disabled. Starts after the current task, so a dialog that
 * is closing has left the document; never takes focus from where the user has put it meanwhile.
 * Resolves true when it moved focus.
 */
export function returnFocus(target: HTMLElement | null | undefined, options: ReturnFocusOptions = {}): Promise<boolean> {
  const doc = target?.ownerDocument ?? document;
  const deadline = Date.now() + (options.waitMs ?? 300);
  return new Promise((resolve) => {
    const attempt = () => {
      if (!focusLost(doc, target)) return resolve(false);
      if (target && canFocus(target)) {
        target.focus();
        return resolve(true);
      }
      if (target?.isConnected && Date.now() < deadline) {
        setTimeout(attempt, 16);
        return;
      }
      const other = options.fallback?.();
      if (other && canFocus(other)) {
        other.focus();
        return resolve(true);
      }
      resolve(false);
    };
    setTimeout(attempt, 0);
  });
}

/**
 * Runs a button's action and keeps focus on the button (the action disables it while it runs,
 * which drops focus to the page): `onClick={(e) => keepFocus(e.currentTarget, () => extend())}`.
 */
export async function keepFocus(button: HTMLElement, work: () => Promise<unknown>, options: ReturnFocusOptions = {}): Promise<void> {
  try {
    await work();
  } finally {
    await returnFocus(button, options);
  }
}
