import type { HTMLAttributes, ReactNode } from 'react';
import '../kit.css';

type Props = Omit<HTMLAttributes<HTMLElement>, 'title'> & {
  /** The id of the heading, which names the pane. */
  titleId: string;
  title: ReactNode;
  /** The id of the record shown (a work order's, an application's), as code before the title. */
  recordId?: string;
  /** Beside the title: the state, or a close button. */
  aside: ReactNode;
  testId: string;
  /** The view's width and type (e.g. `adetail`). */
  className: string;
};

/** The pane beside a list with everything about its selected row; data-* attributes pass through. */
export function DetailPane({ titleId, title, recordId, aside, testId, className, children, ...rest }: Props) {
  return (
    <aside className={`detailpane ${className}`} data-testid={testId} aria-labelledby={titleId} {...rest}>
      <header className="detailpane__head">
        <h2 id={titleId}>
          {recordId === undefined ? (
            title
          ) : (
            <>
              <code>{recordId}</code> {title}
            </>
          )}
        </h2>
        {aside}
      </header>
      {children}
    </aside>
  );
}

/** The key facts at the top of the pane, as `Fact` rows. */
export function PaneFacts({ children }: { children: ReactNode }) {
  return <dl className="facts detailpane__facts">{children}</dl>;
}

/** A part of the pane under a small heading; `empty` says so when there is nothing to show. */
export function PaneSection({
  title,
  empty,
  children,
}: {
  title: ReactNode;
  /** The words shown instead of the content, when there is none. */
  empty?: string | false;
  children?: ReactNode;
}) {
  return (
    <section className="detailpane__section">
      <h3>{title}</h3>
      {empty ? <p className="hint">{empty}</p> : children}
    </section>
  );
}

/** What the row needs from the operator now, with the button that does it. */
export function PanePrompt({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <div className="detailpane__prompt" role="alert">
      <span>▲ {text}</span>
      {children}
    </div>
  );
}
