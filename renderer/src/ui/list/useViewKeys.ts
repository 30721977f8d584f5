import { useEffect, useRef } from 'react';
import { inDialog, isTextEntry } from '../dialog/modal';

/**
 * A view's single-key shortcuts while it is shown: `onKey` gets the key
 * (letters in lower case) and calls preventDefault on what it takes. Keys
 * with Ctrl, Alt or Meta, keys typed into a field or a dialog, and keys of
 * an input method are not the view's. Capture phase, so the view's letters
 * win over the desk's view letters.
 */
export function useViewKeys(active: boolean, onKey: (key: string, event: KeyboardEvent) => void): void {
  const latest = useRef(onKey);
  latest.current = onKey;
  useEffect(() => {
    if (!active) return;
    const listener = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented)
        return;
      if (inDialog(event.target) || isTextEntry(event.target)) return;
      latest.current(event.key.length === 1 ? event.key.toLowerCase() : event.key, event);
    };
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, [active]);
}
