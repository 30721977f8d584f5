import type { ButtonHTMLAttributes, ReactNode } from 'react';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  /** The key that does the same, shown on the button. */
  shortcut: string;
  children: ReactNode;
};

/** A button that says its keyboard shortcut, so the mouse teaches the keys; data-* attributes pass through. */
export function KeyButton({ shortcut, className, children, ...rest }: Props) {
  return (
    <button type="button" className={className ? `button ${className}` : 'button'} {...rest}>
      {children} <kbd>{shortcut}</kbd>
    </button>
  );
}
