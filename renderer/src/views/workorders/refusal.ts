import type { ApplicationView, WorkOrderView } from '../../../../shared/api';
import type { Translate } from '../../i18n/lang';
import type { MessageKey } from '../../i18n/messages';
import type { ApplicationAction, WorkOrderAction } from './model';

const NOTICE = { wo: 'wo.blocked.stateNotice', app: 'app.blocked.state' } as const;

type Refused =
  | [record: 'wo', action: WorkOrderAction, state: WorkOrderView['state']]
  | [record: 'app', action: ApplicationAction, state: ApplicationView['state']];

/**
 * The notice of an action refused in the state its work order or application
 * is in: which action, and that state, in the operator's words (the record's
 * own `<record>.action.*` and `<record>.state.*`).
 */
export function stateRefusal(t: Translate, ...[record, action, state]: Refused): string {
  return t(NOTICE[record], {
    action: t(`${record}.action.${action}` as MessageKey),
    state: t(`${record}.state.${state}` as MessageKey),
  });
}
