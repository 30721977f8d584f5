import { useMemo, useRef } from 'react';

/**
 * The search box of a view whose keys work without a field: `/` puts the
 * cursor in it (`focus`), and Enter, Esc or ↓ in it hand the keys back
 * (`done`: the box lets go, then `back` gives the focus to the list or tiles).
 */
export function useSearchField(back: () => void) {
  const ref = useRef<HTMLInputElement>(null);
  const latest = useRef(back);
  latest.current = back;
  return useMemo(
    () => ({
      ref,
      focus: () => ref.current?.focus(),
      done: () => {
        ref.current?.blur();
        latest.current();
      },
    }),
    [],
  );
}
