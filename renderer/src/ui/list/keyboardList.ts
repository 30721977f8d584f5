/**
 * The keyboard list's rules, free of React and the DOM: which row a key
 * moves to, and which row stays selected when the list changes under it.
 */

/** The keys that move the selection; every other key belongs to the view. */
export const LIST_KEYS = ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

export function isListKey(key: string): key is ListKey {
  return (LIST_KEYS as readonly string[]).includes(key);
}

/**
 * The row a key moves to from `at`, kept inside the list; null for an empty
 * list. `page` is how many rows PageUp/PageDown jump.
 */
export function listTarget(key: ListKey, at: number, count: number, page: number): number | null {
  if (count === 0) return null;
  const from = Math.max(0, at);
  const wanted: Record<ListKey, number> = {
    ArrowDown: from + 1,
    ArrowUp: from - 1,
    PageDown: from + page,
    PageUp: from - page,
    Home: 0,
    End: count - 1,
  };
  return Math.max(0, Math.min(count - 1, wanted[key]));
}

/** Rows a page jump moves: one fewer than fit, so the row selected last stays in sight. */
export function pageRows(viewportPx: number, rowPx: number): number {
  return Math.max(1, Math.floor(viewportPx / rowPx) - 1);
}

/**
 * Where the selection is after the list changed: the selected row wherever
 * it moved to, else (it left the list) the row now at its old place, else
 * the last row; -1 for an empty list.
 */
export function keepSelection(
  keys: readonly string[],
  selectedKey: string | null,
  previousIndex: number,
): number {
  if (keys.length === 0) return -1;
  const at = selectedKey === null ? -1 : keys.indexOf(selectedKey);
  return at >= 0 ? at : Math.min(Math.max(0, previousIndex), keys.length - 1);
}
