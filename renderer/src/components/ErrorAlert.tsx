import type { ReactNode, Ref } from 'react';
import type { ContractError } from '@contract/errors';
import { MessageText } from './MessageText';

export interface ErrorAlertProps {
  /** What did not happen, in bold first ("Could not load the projects."). */
  title?: ReactNode;
  /** The failure whose message follows the title. */
  error?: ContractError | null;
  /** Instead of the error's message (null: none, e.g. when a list below says it all). */
  message?: string | null;
  /** Words after the message, in the same sentence. */
  hint?: ReactNode;
  /** Offers "Try again", which calls this. */
  onRetry?: () => void;
  /** `warn`: something partly failed (one region of several). */
  tone?: 'error' | 'warn';
  label?: string;
  id?: string;
  /** Set when the alert takes the focus (a summary of refused fields): it becomes focusable. */
  focusRef?: Ref<HTMLDivElement>;
  /** More below the sentence: a list of problems, a button that fixes the cause. */
  children?: ReactNode;
}

/**
 * The one way the app shows a failure: an alert (announced at once) whose first sentence says what
 * did not happen and why (commands in the message show as code), then any details and actions.
 */
export function ErrorAlert({ title, error, message, hint, onRetry, tone = 'error', label, id, focusRef, children }: ErrorAlertProps) {
  const text = message === undefined ? (error?.message ?? null) : message;
  const sentence = title || text !== null || hint;
  return (
    <div className={`alert alert--${tone}`} role="alert" aria-label={label} id={id} {...(focusRef ? { ref: focusRef, tabIndex: -1 } : {})}>
      {sentence && (
        <p>
          {title && <strong>{title}</strong>}
          {title && text !== null && ' '}
          {text !== null && <MessageText text={text} />}
          {hint}
        </p>
      )}
      {children}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
