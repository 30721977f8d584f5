import type { HTMLAttributes, ReactNode } from 'react';
import '../kit.css';

type Props = Omit<HTMLAttributes<HTMLElement>, 'title'> & {
  /** The id of the heading, which names the pane. */
  titleId: string;
  title: ReactNode;
  /** Beside the title: the state, or a close button. */
  aside: ReactNode;
  testId: string;
  /** The view's width and type (e.g. `adetail`). */
  className: string;
};

/** The pane beside a list with everything about its selected row; data-* attributes pass through. */
export function DetailPane({ titleId, title, aside, testId, className, children, ...rest }: Props) {
  return (
    <aside className={`detailpane ${className}`} data-testid={testId} aria-labelledby={titleId} {...rest}>
      <header className="detailpane__head">
        <h2 id={titleId}>{title}</h2>
        {aside}
      </header>
      {children}
    </aside>
  );
}
