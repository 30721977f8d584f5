import { useState } from 'react';
import type { KeyboardList } from './useKeyboardList';

/**
 * A list view's dialog: open while set, and closing it gives the list its
 * focus back, so the operator goes on by keyboard where they were.
 */
export function useListDialog<D>(
  list: Pick<KeyboardList, 'focus'>,
): [dialog: D | null, open: (dialog: D) => void, close: () => void] {
  const [dialog, setDialog] = useState<D | null>(null);
  const close = () => {
    setDialog(null);
    list.focus();
  };
  return [dialog, setDialog, close];
}
