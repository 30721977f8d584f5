import { useEffect, useRef } from 'react';
import { inDialog, isTextEntry } from '../dialog/modal';
import { isListKey } from './keyboardList';
import type { KeyboardList } from './useKeyboardList';

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

/**
 * A key of a view built on a keyboard list: the list's own keys (arrows,
 * page keys, Home, End) move its selection; any other goes to `onKey`,
 * which says whether the view took it. True when the key was taken.
 */
export function listViewKey(
  key: string,
  list: Pick<KeyboardList, 'onListKey'>,
  onKey: (key: string) => boolean,
): boolean {
  if (!isListKey(key)) return onKey(key);
  list.onListKey(key);
  return true;
}

/** useViewKeys for a list view: the list's keys, then the view's (listViewKey); a key taken is not the browser's. */
export function useListViewKeys(
  active: boolean,
  list: Pick<KeyboardList, 'onListKey'>,
  onKey: (key: string) => boolean,
): void {
  useViewKeys(active, (key, event) => {
    if (listViewKey(key, list, onKey)) event.preventDefault();
  });
}
