import type { ReactNode } from 'react';

/**
 * A link in a list of problems that moves the focus to the field it names (by element id), or to
 * `fallback` when the form does not show that field.
 */
export function FieldLink({ field, fallback, children }: { field: string; fallback?: string; children: ReactNode }) {
  return (
    <a
      href={`#${field}`}
      onClick={(e) => {
        e.preventDefault();
        (document.getElementById(field) ?? (fallback ? document.getElementById(fallback) : null))?.focus();
      }}
    >
      {children}
    </a>
  );
}
