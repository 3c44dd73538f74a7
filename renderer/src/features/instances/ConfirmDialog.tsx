import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { returnFocus } from '../../components/focus-return';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** The work confirmed; when it returns a promise, focus goes back to the opener once it settles. */
  onConfirm(): void | Promise<unknown>;
  onCancel(): void;
  /** Where focus goes when the control that opened the dialog is gone or disabled afterwards. */
  fallbackFocus?: () => HTMLElement | null | undefined;
  /** `dialog` for one that asks for values (a small form) rather than a yes or no; default `alertdialog`. */
  role?: 'alertdialog' | 'dialog';
  /** The control focused first; default Cancel. */
  initialFocus?: () => HTMLElement | null | undefined;
  confirmDisabled?: boolean;
}

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href]';

/**
 * A small modal question: focus starts on Cancel (or `initialFocus`), Escape cancels, Tab stays
 * inside. Afterwards focus returns to the control that opened it (once the confirmed work is done),
 * or to `fallbackFocus`.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const titleId = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  // Read while rendering the first time, before focus moves into the dialog.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  const back = () => returnFocus(opener, { fallback: props.fallbackFocus });
  const onCancel = () => {
    props.onCancel();
    void back();
  };
  const onConfirm = () => {
    void Promise.resolve(props.onConfirm()).finally(back);
  };
  useEffect(() => {
    (props.initialFocus?.() ?? cancel.current)?.focus();
    // Only when it opens.
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        ref={box}
        role={props.role ?? 'alertdialog'}
        aria-modal="true"
        aria-labelledby={titleId}
        className="dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          }
          if (event.key === 'Tab') {
            // In document order (jsdom answers a selector list group by group).
            const buttons = [...(box.current?.querySelectorAll<HTMLElement>('*') ?? [])].filter((e) => e.matches(FOCUSABLE));
            const first = buttons[0];
            const last = buttons[buttons.length - 1];
            if (event.shiftKey && document.activeElement === first) {
              event.preventDefault();
              last?.focus();
            } else if (!event.shiftKey && document.activeElement === last) {
              event.preventDefault();
              first?.focus();
            }
          }
        }}
      >
        <h2 id={titleId}>{props.title}</h2>
        <div className="dialog-body">{props.children}</div>
        <div className="dialog-buttons">
          <button ref={cancel} type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className={props.danger ? 'button button--danger' : 'button button--primary'} onClick={onConfirm} disabled={props.confirmDisabled}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
