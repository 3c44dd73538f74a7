import { useEffect } from 'react';
import { useAppStore } from '../../stores/store-context';

/**
 * Unsaved Settings edits survive page switches (the store keeps them); closing or reloading the
 * window would drop them, so the browser asks first while there are any.
 */
export function UnsavedGuard() {
  const unsaved = useAppStore((s) => s.settings.unsavedDraft !== null);
  useEffect(() => {
    if (!unsaved) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium (and Electron) ask only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [unsaved]);
  return null;
}
