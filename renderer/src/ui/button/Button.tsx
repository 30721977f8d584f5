import type { ButtonHTMLAttributes, Ref } from 'react';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  /** The action the form or dialog is for, drawn strong. */
  primary?: boolean;
  /** Sends the form the button is in; otherwise a plain button that does only its onClick. */
  submit?: boolean;
  testId?: string;
  ref?: Ref<HTMLButtonElement>;
};

/** The kit's button: plain or primary, a form's submit or not; other attributes pass through. */
export function Button({ primary = false, submit = false, testId, className, ...rest }: Props) {
  const look = primary ? 'button button--primary' : 'button';
  return (
    <button
      type={submit ? 'submit' : 'button'}
      className={className ? `${look} ${className}` : look}
      data-testid={testId}
      {...rest}
    />
  );
}
