import type { ReactNode } from 'react';
import '../kit.css';

/** One term and its value in a `<dl className="facts">`: the detail panes' and dialogs' key facts. */
export function Fact({ term, children }: { term: ReactNode; children: ReactNode }) {
  return (
    <div className="facts__row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A fact whose value is an id, shown as code; nothing at all when there is none. */
export function CodeFact({ term, code }: { term: ReactNode; code: string | null | undefined }) {
  if (!code) return null;
  return (
    <Fact term={term}>
      <code>{code}</code>
    </Fact>
  );
}
