import type { ReactNode } from 'react';

type Props<T extends string> = {
  /** Names the group for a screen reader; the chips say it on screen. */
  label: string;
  options: readonly T[];
  value: T;
  word(option: NoInfer<T>): ReactNode;
  /** data-* attributes of an option's chip (a test id, the value it stands for). */
  attrs?(option: NoInfer<T>): Record<`data-${string}`, string>;
  onChange(option: NoInfer<T>): void;
  /** After the chips: the key that cycles them, say. */
  children?: ReactNode;
};

/** One of a few filters or orders, as a row of pressed/unpressed chips above a list or wall. */
export function Segmented<T extends string>({
  label,
  options,
  value,
  word,
  attrs,
  onChange,
  children,
}: Props<T>) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">{label}</legend>
      {options.map((option) => (
        <button
          key={option}
          type="button"
          className="chip"
          aria-pressed={option === value}
          {...attrs?.(option)}
          onClick={() => onChange(option)}
        >
          {word(option)}
        </button>
      ))}
      {children}
    </fieldset>
  );
}
