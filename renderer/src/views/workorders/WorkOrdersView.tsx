import { useMemo, useState } from 'react';
import type { WorkOrderView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { OLDER_PAGE } from '../../state/duty';
import { useDeskClock, useDeskNow } from '../../state/useDeskClock';
import { Button } from '../../ui/button/Button';
import { type RowProps, rowRenderer } from '../../ui/list/List';
import { ListPage, listStatus, namedPage, useNotice } from '../../ui/list/ListPage';
import { ListRow } from '../../ui/list/ListRow';
import { Segmented } from '../../ui/list/Segmented';
import { TwoLines } from '../../ui/list/TwoLines';
import { useKeyboardList } from '../../ui/list/useKeyboardList';
import { useListDialog } from '../../ui/list/useListDialog';
import { useListViewKeys } from '../../ui/list/useViewKeys';
import { clockName, formatAge, formatCountdown, stationLabel } from '../alarms/words';
import type { DutyViewProps } from '../common/DutyViewProps';
import { type FleetMaps, useFleetMaps } from '../common/useFleetMaps';
import { ApplicationDialog } from './ApplicationDialog';
import {
  type ApplicationDraft,
  deadlineOf,
  listOrders,
  ORDER_FILTERS,
  type OrderFilter,
  outageDraftFor,
  WORK_ORDER_KEYS,
  type WorkOrderAction,
  workOrderActions,
} from './model';
import { stateRefusal } from './refusal';
import { type StepAction, StepDialog } from './StepDialog';
import { WorkOrderDetail } from './WorkOrderDetail';

/** As the alarm queue: 20 px type read at 3 m, 17 rows on a 1080-line screen. */
const ROW_HEIGHT = 50;

type Dialog =
  | { kind: 'step'; action: StepAction; order: WorkOrderView }
  | { kind: 'outage'; draft: ApplicationDraft };

const ACTION_BY_KEY = new Map(
  Object.entries(WORK_ORDER_KEYS).map(([action, key]) => [key, action as WorkOrderAction]),
);
const COLUMNS = ['id', 'where', 'defect', 'tier', 'state', 'crew', 'deadline', 'age'] as const;
const PAGE = namedPage(
  'wo',
  'worow',
  COLUMNS.map((column) => `wo.col.${column}` as const),
);
const rowId = (index: number) => `wo-row-${index}`;
const FILTER_KEYS: Readonly<Record<string, OrderFilter>> = { '1': 'open', '2': 'closed', '3': 'all' };

/** The work orders of the desk: the open ones first, each one's steps, and the next step a key away. */
export function WorkOrdersView({
  duty,
  fleet,
  desk,
  client,
  active,
  onOlder,
}: DutyViewProps & { onOlder: () => Promise<number> }) {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState<OrderFilter>('open');
  const [notice, say] = useNotice();
  const deskClock = useDeskClock();
  const nowMs = useDeskNow(active, 1000);
  const { stations, devices } = useFleetMaps(fleet);
  const orders = useMemo(() => listOrders(duty.workOrders.values(), filter), [duty.workOrders, filter]);
  const ids = useMemo(() => orders.map((o) => o.id), [orders]);
  const list = useKeyboardList({ keys: ids, active, rowHeight: ROW_HEIGHT, virtual: true, rowId });
  const [dialog, setDialog, closeDialog] = useListDialog<Dialog>(list);
  const selected = orders[list.selectedIndex] ?? null;
  const actions = useMemo(
    () => (selected ? workOrderActions(selected, desk.session, nowMs) : []),
    [selected, desk.session, nowMs],
  );

  const subjectOf = (order: WorkOrderView) =>
    `${order.id} · ${stationLabel(stations.get(order.stationId), order.stationId, lang)} · ${order.title}`;

  const act = (action: WorkOrderAction) => {
    if (!selected) return;
    const choice = actions.find((a) => a.action === action);
    if (!choice) return;
    if (choice.blocked !== null) {
      say.bad(
        choice.blocked === 'state'
          ? stateRefusal(t, 'wo', action, selected.state)
          : choice.blocked === 'crew'
            ? t('wo.blocked.crew')
            : t('wo.blocked.permission'),
      );
      return;
    }
    if (action === 'outage') setDialog({ kind: 'outage', draft: outageDraftFor(selected, deskClock.now()) });
    else setDialog({ kind: 'step', action, order: selected });
  };

  useListViewKeys(active, list, (key) => {
    const byFilter = FILTER_KEYS[key];
    if (byFilter) setFilter(byFilter);
    const action = byFilter || !selected ? undefined : ACTION_BY_KEY.get(key);
    if (action) act(action);
    return byFilter !== undefined || action !== undefined;
  });

  const status = listStatus(
    duty.workOrdersLoaded,
    orders.length,
    t('wo.loading'),
    t(filter === 'open' ? 'wo.emptyOpen' : 'wo.empty'),
  );
  const pane = { stations, devices, actions, nowMs, onAction: act };
  /** Either dialog files through the engine, says what it did in the notice and gives the list its focus back. */
  const toDialog = { client, onDone: say.ok, onClose: closeDialog };
  const openCount = useMemo(() => listOrders(duty.workOrders.values(), 'open').length, [duty.workOrders]);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const older = duty.olderClosed;
  const loadOlder = () => {
    setLoadingOlder(true);
    onOlder()
      .then((count) => say.ok(t('wo.older.loaded', { count })))
      .catch((error: unknown) => say.bad(t('wo.older.failed', { why: (error as Error).message })))
      .finally(() => setLoadingOlder(false));
  };

  return (
    <div className="view view--workorders" hidden={!active} data-testid="workorders-view">
      <nav className="filters" aria-label={t('wo.filter.label')}>
        <Segmented
          label={t('wo.filter.label')}
          options={ORDER_FILTERS}
          value={filter}
          word={(f) => t(`wo.filter.${f}`)}
          attrs={(f) => ({ 'data-testid': `wo-filter-${f}` })}
          onChange={setFilter}
        />
        <span className="filters__count">
          {t('wo.count', {
            shown: orders.length,
            open: openCount,
            total: duty.workOrders.size + older.count,
          })}
        </span>
        {filter !== 'open' && older.next !== null && (
          <Button testId="wo-older" disabled={loadingOlder} onClick={loadOlder}>
            {t('wo.older.load', { count: Math.min(older.count, OLDER_PAGE), left: older.count })}
          </Button>
        )}
      </nav>
      <ListPage
        page={PAGE}
        view={{ list, status, notice }}
        renderRow={rowRenderer(list, orders, OrderRow, { nowMs, stations, devices })}
        detail={selected && <WorkOrderDetail order={selected} {...pane} />}
      />
      {dialog?.kind === 'step' && (
        <StepDialog
          action={dialog.action}
          order={dialog.order}
          subject={subjectOf(dialog.order)}
          {...toDialog}
        />
      )}
      {dialog?.kind === 'outage' && <ApplicationDialog draft={dialog.draft} fleet={fleet} {...toDialog} />}
    </div>
  );
}

/** One work order in the list: where, what, its state and crew, and the deadline that matters now. */
function OrderRow({
  row: order,
  index,
  nowMs,
  stations,
  devices,
  style,
}: RowProps<WorkOrderView> & FleetMaps & { nowMs: number }) {
  const { t, lang } = useI18n();
  const due = deadlineOf(order, nowMs);
  const names = order.deviceIds.map((id) => devices.get(id)?.name ?? id);
  const where = stationLabel(stations.get(order.stationId), order.stationId, lang);
  return (
    <ListRow
      index={index}
      data-wo-id={order.id}
      data-state={order.state}
      data-overdue={due?.breached ?? false}
      style={style}
    >
      <span className="worow__id">{order.id}</span>
      <TwoLines
        lines={names.length > 0 ? [where, names.join(t('list.separator'))] : [where]}
        title={[where, ...names].join(' · ')}
      />
      <span>{t(`alarms.class.${order.defectClass}`)}</span>
      <span>{t(`alarms.tier.${order.tier}`)}</span>
      <span>
        <span className="wostate" data-state={order.state}>
          {t(`wo.state.${order.state}`)}
        </span>
      </span>
      <span>{order.crew.join(t('list.separator')) || '—'}</span>
      <span
        className="worow__due"
        data-testid="wo-deadline"
        data-breached={due?.breached ?? false}
        title={due ? (due.id === 'defect' ? t('wo.detail.defectDeadline') : clockName(due.id, t)) : undefined}
      >
        {due
          ? due.breached
            ? t('wo.overdue', { by: formatCountdown(-due.remainingMs) })
            : formatCountdown(due.remainingMs)
          : '—'}
      </span>
      <span className="worow__age">{formatAge(nowMs - order.createdAt)}</span>
    </ListRow>
  );
}
