import type { ReactNode } from 'react';
import type { Device, Station } from '../../../../shared/api';
import { DetailPane } from '../../ui/list/DetailPane';

/** What the detail of a work order or application is given besides its record: the names, its next steps, the clock. */
export type RecordDetailProps<C, A> = {
  stations: ReadonlyMap<string, Station>;
  devices: ReadonlyMap<string, Device>;
  actions: readonly C[];
  nowMs: number;
  onAction(action: A): void;
};

type Props = {
  /** `wo` or `app`: the pane is `<prefix>-detail`, with `data-<prefix>-id` and its state `<prefix>-detail-state`. */
  prefix: 'wo' | 'app';
  /** The record's id, as code before the title. */
  id: string;
  title: ReactNode;
  state: string;
  /** The state in the operator's words, beside the title. */
  stateWord: string;
  children: ReactNode;
};

/** The pane of one work order or application: its id, title and state at the top, named alike for both. */
export function RecordPane({ prefix, id, title, state, stateWord, children }: Props) {
  return (
    <DetailPane
      className="wodetail"
      testId={`${prefix}-detail`}
      {...{ [`data-${prefix}-id`]: id }}
      titleId={`${prefix}detail-title`}
      recordId={id}
      title={title}
      aside={
        <span className="wostate" data-state={state} data-testid={`${prefix}-detail-state`}>
          {stateWord}
        </span>
      }
    >
      {children}
    </DetailPane>
  );
}
