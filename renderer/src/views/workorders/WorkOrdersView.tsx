import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { WorkOrderView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { DutyState } from '../../state/duty';
import type { FleetState } from '../../state/fleet';
import type { DeskState } from '../../state/session';
import type { DeskClient } from '../../transport';
import { clockName, formatAge, formatCountdown, stationLabel } from '../alarms/words';
import { inDialog, isTextEntry } from '../common/dialog';
import { ApplicationDialog } from './ApplicationDialog';
import {
  type ApplicationDraft,
  deadlineOf,
  keepOrderSelection,
  listOrders,
  ORDER_FILTERS,
  type OrderFilter,
  outageDraftFor,
  WORK_ORDER_KEYS,
  type WorkOrderAction,
  workOrderActions,
} from './model';
import { type StepAction, StepDialog } from './StepDialog';
import { WorkOrderDetail } from './WorkOrderDetail';

/** As the alarm queue: 20 px type read at 3 m, 17 rows on a 1080-line screen. */
const ROW_HEIGHT = 50;

type Props = {
  duty: DutyState;
  fleet: FleetState;
  desk: DeskState;
  client: DeskClient;
  active: boolean;
};

type Dialog =
  | { kind: 'step'; action: StepAction; order: WorkOrderView }
  | { kind: 'outage'; draft: ApplicationDraft };
type Notice = { tone: 'ok' | 'bad'; text: string };

const ACTION_BY_KEY = new Map(
  Object.entries(WORK_ORDER_KEYS).map(([action, key]) => [key, action as WorkOrderAction]),
);
const FILTER_KEYS: Readonly<Record<string, OrderFilter>> = { '1': 'open', '2': 'closed', '3': 'all' };

/** The work orders of the desk: the open ones first, each one's steps, and the next step a key away. */
export function WorkOrdersView({ duty, fleet, desk, client, active }: Props) {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState<OrderFilter>('open');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const listRef = useRef<HTMLDivElement>(null);
  const lastIndex = useRef(0);

  useEffect(() => {
    if (!active) return;
    setNowMs(Date.now());
    const timer = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  useEffect(() => {
    if (active) listRef.current?.focus({ preventScroll: true });
  }, [active]);

  const stations = useMemo(() => new Map(fleet.stations.map((s) => [s.id, s])), [fleet.stations]);
  const devices = useMemo(() => new Map(fleet.devices.map((d) => [d.id, d])), [fleet.devices]);
  const orders = useMemo(() => listOrders(duty.workOrders.values(), filter), [duty.workOrders, filter]);
  const ids = useMemo(() => orders.map((o) => o.id), [orders]);
  const selectedIndex = keepOrderSelection(ids, selectedId, lastIndex.current);
  lastIndex.current = Math.max(0, selectedIndex);
  const selected = orders[selectedIndex] ?? null;
  const actions = useMemo(
    () => (selected ? workOrderActions(selected, desk.session, nowMs) : []),
    [selected, desk.session, nowMs],
  );

  const virtualizer = useVirtualizer({
    count: orders.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  const moveTo = useCallback(
    (index: number) => {
      const order = orders[Math.max(0, Math.min(orders.length - 1, index))];
      if (!order) return;
      setSelectedId(order.id);
      virtualizer.scrollToIndex(orders.indexOf(order), { align: 'auto' });
    },
    [orders, virtualizer],
  );

  const subjectOf = (order: WorkOrderView) =>
    `${order.id} · ${stationLabel(stations.get(order.stationId), order.stationId, lang)} · ${order.title}`;

  const act = (action: WorkOrderAction) => {
    if (!selected) return;
    const choice = actions.find((a) => a.action === action);
    if (!choice) return;
    if (choice.blocked !== null) {
      setNotice({
        tone: 'bad',
        text:
          choice.blocked === 'state'
            ? t('wo.blocked.stateNotice', {
                action: t(`wo.action.${action}`),
                state: t(`wo.state.${selected.state}`),
              })
            : choice.blocked === 'crew'
              ? t('wo.blocked.crew')
              : t('wo.blocked.permission'),
      });
      return;
    }
    if (action === 'outage') setDialog({ kind: 'outage', draft: outageDraftFor(selected, Date.now()) });
    else setDialog({ kind: 'step', action, order: selected });
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented) return;
    if (inDialog(event.target) || isTextEntry(event.target)) return;
    const list = listRef.current;
    const page = Math.max(1, Math.floor((list?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const at = Math.max(0, selectedIndex);
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const navigation: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + page,
      PageUp: at - page,
      Home: 0,
      End: orders.length - 1,
    };
    if (key in navigation) {
      event.preventDefault();
      list?.focus({ preventScroll: true });
      moveTo(navigation[key] ?? 0);
      return;
    }
    const byFilter = FILTER_KEYS[key];
    if (byFilter) {
      event.preventDefault();
      setFilter(byFilter);
      return;
    }
    const action = ACTION_BY_KEY.get(key);
    if (action && selected) {
      event.preventDefault();
      act(action);
    }
  };
  const keyRef = useRef(onKey);
  keyRef.current = onKey;
  useEffect(() => {
    if (!active) return;
    const listener = (event: KeyboardEvent) => keyRef.current(event);
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, [active]);

  const closeDialog = () => {
    setDialog(null);
    listRef.current?.focus({ preventScroll: true });
  };
  const openCount = useMemo(() => listOrders(duty.workOrders.values(), 'open').length, [duty.workOrders]);

  return (
    <div className="view view--workorders" hidden={!active} data-testid="workorders-view">
      <nav className="filters" aria-label={t('wo.filter.label')}>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('wo.filter.label')}</legend>
          {ORDER_FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              className="chip"
              data-testid={`wo-filter-${f}`}
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
            >
              {t(`wo.filter.${f}`)}
            </button>
          ))}
        </fieldset>
        <span className="filters__count">
          {t('wo.count', { shown: orders.length, open: openCount, total: duty.workOrders.size })}
        </span>
      </nav>
      <div className="aqueue__body">
        <div className="aqueue__main">
          <div className="worow worow--head" aria-hidden="true">
            <span>{t('wo.col.id')}</span>
            <span>{t('wo.col.where')}</span>
            <span>{t('wo.col.defect')}</span>
            <span>{t('wo.col.tier')}</span>
            <span>{t('wo.col.state')}</span>
            <span>{t('wo.col.crew')}</span>
            <span>{t('wo.col.deadline')}</span>
            <span>{t('wo.col.age')}</span>
          </div>
          <div
            ref={listRef}
            className="aqueue__list"
            role="listbox"
            tabIndex={0}
            aria-label={t('wo.title')}
            aria-activedescendant={selected ? `wo-row-${selectedIndex}` : undefined}
            data-testid="wo-list"
          >
            {!duty.workOrdersLoaded && <p className="wall__empty">{t('wo.loading')}</p>}
            {duty.workOrdersLoaded && orders.length === 0 && (
              <p className="wall__empty">{t(filter === 'open' ? 'wo.emptyOpen' : 'wo.empty')}</p>
            )}
            <div className="aqueue__spacer" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const order = orders[item.index];
                if (!order) return null;
                const due = deadlineOf(order, nowMs);
                const names = order.deviceIds.map((id) => devices.get(id)?.name ?? id);
                const where = stationLabel(stations.get(order.stationId), order.stationId, lang);
                return (
                  // biome-ignore lint/a11y/useFocusableInteractive: the listbox holds focus and points at the row with aria-activedescendant.
                  // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keys for every row.
                  <div
                    key={order.id}
                    id={`wo-row-${item.index}`}
                    role="option"
                    aria-selected={item.index === selectedIndex}
                    className="worow"
                    data-testid="wo-row"
                    data-wo-id={order.id}
                    data-state={order.state}
                    data-overdue={due?.breached ?? false}
                    style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                    onClick={() => {
                      moveTo(item.index);
                      listRef.current?.focus({ preventScroll: true });
                    }}
                  >
                    <span className="worow__id">{order.id}</span>
                    <span className="cell2" title={[where, ...names].join(' · ')}>
                      <span>{where}</span>
                      {names.length > 0 && (
                        <span className="cell2__sub">{names.join(t('list.separator'))}</span>
                      )}
                    </span>
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
                      title={
                        due
                          ? due.id === 'defect'
                            ? t('wo.detail.defectDeadline')
                            : clockName(due.id, t)
                          : undefined
                      }
                    >
                      {due
                        ? due.breached
                          ? t('wo.overdue', { by: formatCountdown(-due.remainingMs) })
                          : formatCountdown(due.remainingMs)
                        : '—'}
                    </span>
                    <span className="worow__age">{formatAge(nowMs - order.createdAt)}</span>
                  </div>
                );
              })}
            </div>
          </div>
          <footer className="aqueue__foot">
            <span className="hint">{t('wo.keys')}</span>
            {notice && (
              <span
                className={`aqueue__notice aqueue__notice--${notice.tone}`}
                role="status"
                data-testid="wo-notice"
              >
                {notice.text}
              </span>
            )}
          </footer>
        </div>
        {selected && (
          <WorkOrderDetail
            order={selected}
            stations={stations}
            devices={devices}
            actions={actions}
            nowMs={nowMs}
            onAction={act}
          />
        )}
      </div>
      {dialog?.kind === 'step' && (
        <StepDialog
          action={dialog.action}
          order={dialog.order}
          subject={subjectOf(dialog.order)}
          client={client}
          onDone={(text) => setNotice({ tone: 'ok', text })}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'outage' && (
        <ApplicationDialog
          draft={dialog.draft}
          stations={fleet.stations}
          devices={fleet.devices}
          client={client}
          onDone={(filed) => setNotice({ tone: 'ok', text: t('app.done.file', { id: filed.id }) })}
          onClose={closeDialog}
        />
      )}
    </div>
  );
}
