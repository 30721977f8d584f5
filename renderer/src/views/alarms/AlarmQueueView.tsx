import { useCallback, useMemo, useRef, useState } from 'react';
import { DEFAULT_FLOOD_POLICY } from '../../../../shared/alarm/chatter';
import type { AlarmView } from '../../../../shared/api';
import type { Tier } from '../../../../shared/triage/tiers';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { type AlarmsState, isUnacknowledged } from '../../state/alarms';
import type { AlarmStore } from '../../state/alarmsStore';
import type { DutyState } from '../../state/duty';
import { type FleetState, liveOf } from '../../state/fleet';
import { type DeskState, mayDo } from '../../state/session';
import { useStore } from '../../state/store';
import { useDeskClock, useDeskNow } from '../../state/useDeskClock';
import type { DeskClient } from '../../transport';
import { messageOf } from '../../ui/dialog/useSubmit';
import { isListKey } from '../../ui/list/keyboardList';
import { rowRenderer } from '../../ui/list/List';
import { ListPage, type ListPageSpec, listStatus, useNotice } from '../../ui/list/ListPage';
import { useKeyboardList } from '../../ui/list/useKeyboardList';
import { useSearchField } from '../../ui/list/useSearchField';
import { useViewKeys } from '../../ui/list/useViewKeys';
import { useFleetMaps } from '../common/useFleetMaps';
import { ApplicationDialog } from '../workorders/ApplicationDialog';
import { type ApplicationDraft, outageDraftForAlarm } from '../workorders/model';
import { AlarmDetail } from './AlarmDetail';
import { AlarmRowView, rowId } from './AlarmRow';
import { DispatchDialog } from './DispatchDialog';
import {
  alarmsOfRow,
  buildQueue,
  defaultFilter,
  type Grouping,
  type QueueContext,
  type QueueFilter,
  type QueueRow,
  raisedWithin,
  type SortKey,
} from './model';
import { QueueToolbar } from './QueueToolbar';
import { RetierDialog } from './RetierDialog';
import { ShelveDialog } from './ShelveDialog';
import { useRuleText } from './slaRules';
import { causeText, stationLabel } from './words';

/** Tall enough for 20 px type read at 3 m, short enough for 17 rows on a 1080-line screen. */
const ROW_HEIGHT = 50;

const COLUMNS = ['priority', 'tier', 'where', 'cause', 'state', 'age', 'sla', 'acked', 'shelved'] as const;
/** The rows name their own test id (an alarm or a flood group). */
const PAGE: ListPageSpec = {
  label: 'alarms.title',
  testId: 'alarm-list',
  rowClass: 'arow',
  columns: COLUMNS.map((column) => `alarms.col.${column}` as const),
  keys: 'alarms.keys',
  noticeTestId: 'alarm-notice',
};

type Props = {
  store: AlarmStore;
  fleet: FleetState;
  desk: DeskState;
  client: DeskClient;
  duty: DutyState;
  active: boolean;
};

type Dialog =
  | { kind: 'shelve'; targets: readonly AlarmView[]; subject: string }
  | { kind: 'retier'; alarm: AlarmView; subject: string }
  | { kind: 'dispatch'; targets: readonly AlarmView[]; subject: string; title: string }
  | { kind: 'outage'; draft: ApplicationDraft };

const SHELVABLE = new Set<AlarmView['state']>([
  'normal',
  'active-unacknowledged',
  'active-acknowledged',
  'returned-unacknowledged',
  'shelved',
]);

export function AlarmQueueView({ store, fleet, desk, client, duty, active }: Props) {
  const ruleText = useRuleText(client, desk.link === 'open');
  const { t, lang } = useI18n();
  const fleetClock = useFleetTime();
  const alarms = useHeldWhileHidden(useStore(store), active);
  const [filter, setFilter] = useState<QueueFilter>(defaultFilter);
  const [sort, setSort] = useState<SortKey>('priority');
  const [grouping, setGrouping] = useState<Grouping>('auto');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [detailOpen, setDetailOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, say] = useNotice();
  const deskClock = useDeskClock();
  const nowMs = useDeskNow(active, 1000);
  const { stations, devices } = useFleetMaps(fleet);
  const groups = useMemo(() => [...new Set(fleet.stations.map((s) => s.group))].sort(), [fleet.stations]);
  const context: QueueContext = useMemo(
    () => ({ stations, devices, causeWords: (alarm) => causeText(alarm.cause, t) }),
    [stations, devices, t],
  );
  const grouped = grouping === 'groups' || (grouping === 'auto' && alarms.flood.flooding);
  const rows = useMemo(
    () => buildQueue(alarms.alarms.values(), context, { filter, sort, grouped, expanded }),
    [alarms.alarms, context, filter, sort, grouped, expanded],
  );
  const keys = useMemo(() => rows.map((row) => row.key), [rows]);
  const list = useKeyboardList({ keys, active, rowHeight: ROW_HEIGHT, virtual: true, rowId });
  const selected: QueueRow | null = rows[list.selectedIndex] ?? null;
  const search = useSearchField(list.focus);

  const describe = useCallback(
    (row: QueueRow): string => {
      const lead = alarmsOfRow(row)[0];
      if (!lead) return '';
      const where = stationLabel(stations.get(lead.stationId), lead.stationId, lang);
      const device = lead.deviceId ? devices.get(lead.deviceId)?.name : undefined;
      const what = `${where}${device ? ` · ${device}` : ''} · ${causeText(lead.cause, t)}`;
      return row.kind === 'group' ? `${what} (${row.alarms.length})` : what;
    },
    [stations, devices, lang, t],
  );

  const toggle = useCallback((key: string) => {
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  const may = mayDo(desk, 'device.control');
  const refuse = (): boolean => {
    if (may) return false;
    say.bad(t('alarms.noPermission', { role: desk.session ? t(`role.${desk.session.role}`) : '?' }));
    return true;
  };

  const run = async (work: () => Promise<string>) => {
    try {
      say.ok(await work());
    } catch (error) {
      say.bad(t('alarms.actionFailed', { message: messageOf(error) }));
    }
  };

  const acknowledge = (row: QueueRow) => {
    if (refuse()) return;
    const targets = alarmsOfRow(row).filter(isUnacknowledged);
    if (targets.length === 0) {
      say.bad(t('alarms.nothingToAck'));
      return;
    }
    void run(async () => {
      for (const alarm of targets) await client.request('alarm.ack', { id: alarm.id });
      return targets.length === 1
        ? t('alarms.ackDone', { what: describe(row) })
        : t('alarms.ackGroup', { count: targets.length });
    });
  };

  const unshelve = (row: QueueRow) => {
    if (refuse()) return;
    const targets = alarmsOfRow(row).filter((a) => a.state === 'shelved');
    if (targets.length === 0) {
      say.bad(t('alarms.notShelved'));
      return;
    }
    void run(async () => {
      for (const alarm of targets) await client.request('alarm.unshelve', { id: alarm.id });
      return t('alarms.unshelveDone', { what: describe(row) });
    });
  };

  const openDialog = (kind: Exclude<Dialog['kind'], 'outage'>, row: QueueRow) => {
    if (refuse()) return;
    const subject = describe(row);
    if (kind === 'retier') {
      if (row.kind === 'alarm') setDialog({ kind, alarm: row.alarm, subject });
      return;
    }
    if (kind === 'shelve') {
      const targets = alarmsOfRow(row).filter((a) => SHELVABLE.has(a.state));
      if (targets.length > 0) setDialog({ kind, targets, subject });
      return;
    }
    const targets = alarmsOfRow(row);
    setDialog({ kind, targets, subject, title: subject });
  };

  // Shaoxing: not fixed 2 h after dispatch, the prompt opens the outage application for its device and work order.
  const applyOutage = (alarm: AlarmView) => {
    if (refuse()) return;
    setDialog({ kind: 'outage', draft: outageDraftForAlarm(alarm, duty.workOrders, deskClock.now()) });
  };

  useViewKeys(active, (key, event) => {
    // Arrows, Enter and Space belong to the list only while it (or nothing) has the focus, not to a toolbar control.
    const onList =
      event.target === document.body ||
      (event.target instanceof Node && list.listRef.current?.contains(event.target) === true);
    const handled = (): true => {
      event.preventDefault();
      return true;
    };
    if (key === '/') {
      handled();
      search.focus();
      return;
    }
    if (key === 'Escape' && detailOpen) {
      handled();
      setDetailOpen(false);
      return;
    }
    if (isListKey(key) && onList) {
      handled();
      list.onListKey(key);
      return;
    }
    if (!selected) return;
    const expandable = selected.kind === 'group' || selected.children.length > 0;
    if ((key === 'ArrowRight' || key === 'ArrowLeft') && onList && expandable) {
      handled();
      if (selected.expanded !== (key === 'ArrowRight')) toggle(selected.key);
      return;
    }
    if (key === 'Enter' && onList) {
      handled();
      setDetailOpen(true);
      return;
    }
    const shown = detailOpen ? alarmsOfRow(selected)[0] : undefined;
    const letters: Record<string, (row: QueueRow) => void> = {
      a: acknowledge,
      s: (row) => openDialog('shelve', row),
      u: unshelve,
      t: (row) => openDialog('retier', row),
      d: (row) => openDialog('dispatch', row),
      // The outage application only while the detail shows its prompt.
      ...(shown?.outagePrompt ? { o: () => applyOutage(shown) } : {}),
    };
    const run = key === ' ' && onList ? acknowledge : letters[key];
    if (run) {
      handled();
      run(selected);
    }
  });

  const detailAlarm = detailOpen && selected ? alarmsOfRow(selected)[0] : undefined;
  const detailDevice = detailAlarm?.deviceId ? devices.get(detailAlarm.deviceId) : undefined;
  const total = alarms.alarms.size;
  const status = listStatus(
    alarms.loaded,
    rows.length,
    t('alarms.loading'),
    t(filter === defaultFilter || filter.state === 'open' ? 'alarms.emptyOpen' : 'alarms.empty'),
  );
  const floodCount = alarms.flood.flooding
    ? raisedWithin(alarms.alarms.values(), nowMs, DEFAULT_FLOOD_POLICY.windowMs)
    : 0;

  return (
    <div className="view view--alarms" hidden={!active} data-testid="alarm-queue">
      <QueueToolbar
        filter={filter}
        sort={sort}
        grouping={grouping}
        stations={fleet.stations}
        groups={groups}
        shown={rows.length}
        total={total}
        searchRef={search.ref}
        onFilter={setFilter}
        onSort={setSort}
        onGrouping={setGrouping}
        onSearchDone={search.done}
      />
      {alarms.flood.flooding && (
        <div className="banner banner--flood" role="alert" data-testid="flood-banner">
          <strong>▲ </strong>
          {t(grouped ? 'alarms.flood' : 'alarms.floodUngrouped', {
            since: alarms.flood.since === null ? '—' : fleetClock.when(alarms.flood.since, nowMs),
            count: floodCount,
          })}
        </div>
      )}
      <ListPage
        page={PAGE}
        view={{ list, status, notice }}
        narrow={detailAlarm !== undefined}
        renderRow={rowRenderer(list, rows, AlarmRowView, {
          nowMs,
          ruleText,
          stations,
          devices,
          onToggle: toggle,
        })}
        detail={
          detailAlarm && (
            <AlarmDetail
              alarm={detailAlarm}
              station={stations.get(detailAlarm.stationId)}
              device={detailDevice}
              profile={detailDevice ? fleet.profiles[detailDevice.profile] : undefined}
              live={detailDevice ? liveOf(fleet, detailDevice.id) : null}
              client={client}
              ruleText={ruleText}
              nowMs={nowMs}
              onClose={() => {
                setDetailOpen(false);
                list.focus();
              }}
              onApplyOutage={may ? () => applyOutage(detailAlarm) : undefined}
            />
          )
        }
      />
      {dialog?.kind === 'shelve' && (
        <ShelveDialog
          subject={dialog.subject}
          count={dialog.targets.length}
          onShelve={async (reason, untilMs) => {
            for (const alarm of dialog.targets)
              await client.request('alarm.shelve', { id: alarm.id, reason, untilMs });
            say.ok(
              t('alarms.shelve.done', {
                time: fleetClock.when(untilMs, deskClock.now()),
                what: dialog.subject,
              }),
            );
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'retier' && (
        <RetierDialog
          alarm={dialog.alarm}
          subject={dialog.subject}
          onRetier={async (tier: Tier, reason) => {
            await client.request('alarm.retier', { id: dialog.alarm.id, tier, reason });
            say.ok(t('alarms.retier.done', { tier: t(`alarms.tier.${tier}`), what: dialog.subject }));
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'outage' && (
        <ApplicationDialog
          draft={dialog.draft}
          fleet={fleet}
          client={client}
          onDone={say.ok}
          onClose={() => {
            setDialog(null);
            list.focus();
          }}
        />
      )}
      {dialog?.kind === 'dispatch' && (
        <DispatchDialog
          subject={dialog.subject}
          alarmIds={dialog.targets.map((a) => a.id)}
          client={client}
          defaultTitle={dialog.title}
          onDispatch={async (title, crew, choice) => {
            const order = await client.request('workorder.create', {
              alarmIds: dialog.targets.map((a) => a.id),
              title,
            });
            if (crew.length >= 2) {
              await client.request('workorder.dispatch', {
                id: order.id,
                crew: [...crew],
                ...(choice ? { choice } : {}),
              });
              say.ok(t('alarms.dispatch.dispatched', { id: order.id, crew: crew.join(t('list.separator')) }));
            } else {
              say.ok(t('alarms.dispatch.done', { id: order.id }));
            }
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}

/** While the queue is hidden its rows are not rebuilt for every alarm frame; it catches up when shown. */
function useHeldWhileHidden(live: AlarmsState, active: boolean): AlarmsState {
  const held = useRef(live);
  if (active) held.current = live;
  return held.current;
}
