import type { ButtonHTMLAttributes, ReactNode } from 'react';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'className'> & {
  /** The one action of its view or dialog: brighter, not coloured. */
  primary?: boolean;
  testId?: string;
  children: ReactNode;
};

/** The desk's plain button: never a form's submit, in the kit's grey; other attributes pass through. */
export function Button({ primary = false, testId, children, ...rest }: Props) {
  return (
    <button
      type="button"
      className={primary ? 'button button--primary' : 'button'}
      data-testid={testId}
      {...rest}
    >
      {children}
    </button>
  );
}
