import type { ReactNode } from 'react';

/**
 * A chip's word for segments picked by the digit keys: the word, then the
 * key that picks it (1 for the first option).
 */
export function numberedWord<T>(options: readonly T[], word: (option: T) => ReactNode) {
  return (option: T) => (
    <>
      {word(option)} <kbd>{options.indexOf(option) + 1}</kbd>
    </>
  );
}
