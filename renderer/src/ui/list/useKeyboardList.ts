import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { keepSelection, type ListKey, listTarget, pageRows } from './keyboardList';

type Options = {
  /** Each row's key, in list order; the selection follows its key when rows come, go or move. */
  keys: readonly string[];
  /** The view is shown: the list takes focus. */
  active: boolean;
  /** A row's height in px: the virtual rows' height and the measure of a page. */
  rowHeight: number;
  /** Only the rows in sight are rendered (thousands of rows); otherwise the view renders them all. */
  virtual: boolean;
  /** The DOM id of a row, for aria-activedescendant and for scrolling a rendered row into view. */
  rowId(index: number, key: string): string;
};

export type KeyboardList = {
  /** Each row's key, in list order, as given. */
  keys: readonly string[];
  listRef: RefObject<HTMLDivElement | null>;
  selectedIndex: number;
  selectedKey: string | null;
  rowHeight: number;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  rowId(index: number, key: string): string;
  /** Selects a row by key without scrolling (e.g. the row just filed). */
  select(key: string): void;
  /** Selects the row at an index (clamped) and scrolls it into sight. */
  moveTo(index: number): void;
  /** A click on a row: selects it and gives the list the focus back. */
  pick(index: number): void;
  /** ↑ ↓ PageUp PageDown Home End. */
  onListKey(key: ListKey): void;
  focus(): void;
};

/**
 * The selection, focus and scrolling of a listbox driven from the keyboard.
 * The list holds the focus and names the selected row with
 * aria-activedescendant, so a row never needs focus of its own.
 */
export function useKeyboardList({ keys, active, rowHeight, virtual, rowId }: Options): KeyboardList {
  const listRef = useRef<HTMLDivElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const lastIndex = useRef(0);
  const selectedIndex = keepSelection(keys, chosen, lastIndex.current);
  lastIndex.current = Math.max(0, selectedIndex);
  const selectedKey = keys[selectedIndex] ?? null;
  // The selected row left the list (acknowledged out of a filter, shelved): the row now in its place is selected.
  useEffect(() => {
    if (chosen !== null && selectedKey !== null && selectedKey !== chosen) setChosen(selectedKey);
  }, [chosen, selectedKey]);

  const virtualizer = useVirtualizer({
    count: keys.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    enabled: virtual,
  });

  const focus = useCallback(() => listRef.current?.focus({ preventScroll: true }), []);
  useEffect(() => {
    if (active) focus();
  }, [active, focus]);

  const moveTo = useCallback(
    (index: number) => {
      const at = Math.max(0, Math.min(keys.length - 1, index));
      const key = keys[at];
      if (key === undefined) return;
      setChosen(key);
      if (virtual) virtualizer.scrollToIndex(at, { align: 'auto' });
      else document.getElementById(rowId(at, key))?.scrollIntoView({ block: 'nearest' });
    },
    [keys, virtual, virtualizer, rowId],
  );

  const pick = useCallback(
    (index: number) => {
      moveTo(index);
      focus();
    },
    [moveTo, focus],
  );

  const onListKey = (key: ListKey) => {
    focus();
    const page = pageRows(listRef.current?.clientHeight ?? rowHeight * 10, rowHeight);
    const target = listTarget(key, selectedIndex, keys.length, page);
    if (target !== null) moveTo(target);
  };

  return {
    keys,
    listRef,
    selectedIndex,
    selectedKey,
    rowHeight,
    virtualizer,
    rowId,
    select: setChosen,
    moveTo,
    pick,
    onListKey,
    focus,
  };
}
