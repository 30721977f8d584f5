import { useEffect, useMemo, useState } from 'react';
import type { WarningsList, WarningView } from '../../../../shared/api/warnings';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import type { MessageKey } from '../../i18n/messages';
import type { FleetState } from '../../state/fleet';
import { type DeskState, mayDo } from '../../state/session';
import { useDeskNow } from '../../state/useDeskClock';
import type { DeskClient } from '../../transport';
import { KeyButton } from '../../ui/button/KeyButton';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { Fact } from '../../ui/facts/Fact';
import { DetailPane, PaneSection } from '../../ui/list/DetailPane';
import { ListPage, listStatus, namedPage, useNotice } from '../../ui/list/ListPage';
import { ListRow } from '../../ui/list/ListRow';
import { useKeyboardList } from '../../ui/list/useKeyboardList';
import { useListDialog } from '../../ui/list/useListDialog';
import { useListViewKeys } from '../../ui/list/useViewKeys';
import { EvidenceChart } from './EvidenceChart';

type Props = { client: DeskClient; desk: DeskState; fleet: FleetState; active: boolean };
type Dialog = { kind: 'workorder' | 'dismiss'; warning: WarningView };

const ROW_HEIGHT = 48;
const PAGE = namedPage('warn', 'warnrow', [
  'warn.col.confidence',
  'wo.col.id',
  'warn.col.device',
  'warn.col.detector',
  'warn.col.since',
  'warn.col.state',
]);
const rowId = (_index: number, id: string) => `warn-row-${id}`;
/** The actions on the selected warning by their keys; each has its button too. */
const KIND_BY_KEY = new Map<string, Dialog['kind']>([
  ['o', 'workorder'],
  ['d', 'dismiss'],
]);

/**
 * Early warnings (预警, issue 19): devices wearing out, found in the
 * history, apart from the alarm queue and below it in priority. O opens a
 * preventive work order, D dismisses with a reason, R runs a pass now.
 */
export function WarningsView({ client, desk, fleet, active }: Props) {
  const { t } = useI18n();
  const fleetClock = useFleetTime();
  const nowMs = useDeskNow(active, 30_000);
  const [state, setState] = useState<WarningsList | null>(null);
  const [notice, say] = useNotice();
  const mayAct = mayDo(desk, 'device.control');

  useEffect(() => {
    const off = client.on('warnings.changed', setState);
    const offLink = client.onLink((link) => {
      if (link === 'open') client.request('warnings.list', {}).then(setState, () => {});
    });
    return () => {
      off();
      offLink();
    };
  }, [client]);

  const rows = state?.warnings ?? [];
  const ids = useMemo(() => rows.map((w) => w.id), [rows]);
  const list = useKeyboardList({ keys: ids, active, rowHeight: ROW_HEIGHT, virtual: false, rowId });
  const [dialog, setDialog, closeDialog] = useListDialog<Dialog>(list);
  const selected = rows[list.selectedIndex] ?? null;
  const deviceName = (id: string) => fleet.devices.find((d) => d.id === id)?.name ?? id;
  const stationName = (id: string | null) => fleet.stations.find((s) => s.id === id)?.name ?? id ?? '—';

  const open = (kind: Dialog['kind']) => {
    if (!selected) return;
    if (!mayAct) return say.bad(t('warn.blocked.permission'));
    if (kind === 'workorder' && selected.workOrderId)
      return say.bad(t('warn.blocked.acted', { id: selected.workOrderId }));
    setDialog({ kind, warning: selected });
  };
  const scan = () => {
    if (!mayAct) return say.bad(t('warn.blocked.permission'));
    client.request('warnings.scan', {}).then(
      (next) => {
        setState(next);
        say.ok(t('warn.done.scan', { count: next.warnings.length }));
      },
      (error: unknown) => say.bad(error instanceof Error ? error.message : String(error)),
    );
  };

  useListViewKeys(active, list, (key) => {
    const kind = KIND_BY_KEY.get(key);
    if (kind) open(kind);
    else if (key === 'r') scan();
    return kind !== undefined || key === 'r';
  });

  const percent = (c: number) => `${Math.round(c * 100)}%`;
  const status = listStatus(state !== null, rows.length, t('warn.loading'), t('warn.none'));

  return (
    <div className="view view--warnings" hidden={!active} data-testid="warnings-view">
      <nav className="filters" aria-label={t('warn.title')}>
        {[...KIND_BY_KEY].map(([key, kind]) => (
          <KeyButton
            key={kind}
            shortcut={key.toUpperCase()}
            data-testid={`warn-${kind}`}
            disabled={!selected || !mayAct}
            onClick={() => open(kind)}
          >
            {t(`warn.action.${kind}`)}
          </KeyButton>
        ))}
        <KeyButton shortcut="R" data-testid="warn-scan" disabled={!mayAct} onClick={scan}>
          {t('warn.action.scan')}
        </KeyButton>
        <span className="filters__count" data-testid="warn-pass">
          {state?.error
            ? t('warn.passFailed', { message: state.error })
            : state?.lastPassAtMs
              ? t('warn.lastPass', { time: fleetClock.when(state.lastPassAtMs, nowMs) })
              : t('warn.noPass')}
        </span>
      </nav>
      <ListPage
        page={PAGE}
        view={{ list, status, notice }}
        narrow={selected !== null}
        detail={
          selected && (
            <DetailPane
              titleId="warn-detail-title"
              title={`${t(`warn.detector.${selected.detector}` as MessageKey)} · ${deviceName(selected.deviceId)}`}
              aside={<span className="wostate">{percent(selected.confidence)}</span>}
              testId="warn-detail"
              className="warndetail"
              data-warning-id={selected.id}
            >
              <PaneSection title={t('warn.advice')}>
                <p data-testid="warn-advice">{t(selected.adviceKey as MessageKey)}</p>
              </PaneSection>
              <PaneSection
                title={t('warn.evidence', {
                  quantity: t(selected.evidence.quantity as MessageKey),
                  unit: selected.evidence.unit,
                })}
              >
                <EvidenceChart
                  evidence={selected.evidence}
                  label={t('warn.chart.label', { quantity: t(selected.evidence.quantity as MessageKey) })}
                />
              </PaneSection>
              <dl className="facts">
                <Fact term={t('warn.fact.station')}>{stationName(selected.stationId)}</Fact>
                <Fact
                  term={t('warn.fact.device')}
                >{`${deviceName(selected.deviceId)} (${selected.deviceId})`}</Fact>
                <Fact term={t('warn.fact.started')}>{fleetClock.when(selected.startedAtMs, nowMs)}</Fact>
                <Fact term={t('warn.fact.raised')}>{fleetClock.when(selected.raisedAtMs, nowMs)}</Fact>
                <Fact term={t('warn.fact.workOrder')}>{selected.workOrderId ?? '—'}</Fact>
              </dl>
            </DetailPane>
          )
        }
      >
        {rows.map((w, at) => (
          <ListRow
            key={w.id}
            index={at}
            data-warning-id={w.id}
            data-detector={w.detector}
            data-status={w.status}
          >
            <span>{percent(w.confidence)}</span>
            <span className="worow__id">{w.id}</span>
            <span>{deviceName(w.deviceId)}</span>
            <span>{t(`warn.detector.${w.detector}` as MessageKey)}</span>
            <span>{fleetClock.when(w.startedAtMs, nowMs)}</span>
            <span>{w.workOrderId ? t('warn.state.acted', { id: w.workOrderId }) : t('warn.state.open')}</span>
          </ListRow>
        ))}
      </ListPage>
      {dialog?.kind === 'dismiss' && (
        <ActionDialog
          testId="warn-dismiss-dialog"
          title={t('warn.dialog.dismiss', { id: dialog.warning.id })}
          subject={`${t(`warn.detector.${dialog.warning.detector}` as MessageKey)} · ${deviceName(dialog.warning.deviceId)}`}
          reason={{ label: t('warn.dialog.dismissReason'), placeholder: t('warn.dialog.dismissHint') }}
          confirmLabel={t('warn.action.dismiss')}
          onSubmit={async (reason) => {
            setState(await client.request('warning.dismiss', { id: dialog.warning.id, reason }));
            say.ok(t('warn.done.dismiss', { id: dialog.warning.id }));
          }}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'workorder' && (
        <ActionDialog
          testId="warn-workorder-dialog"
          title={t('warn.dialog.workorder', { id: dialog.warning.id })}
          subject={`${t(`warn.detector.${dialog.warning.detector}` as MessageKey)} · ${deviceName(dialog.warning.deviceId)} · ${t(dialog.warning.adviceKey as MessageKey)}`}
          reason={{ label: t('warn.dialog.workorderTitle'), placeholder: t('warn.dialog.workorderHint') }}
          confirmLabel={t('warn.action.workorder')}
          onSubmit={async (title) => {
            const order = await client.request('warning.workorder', { id: dialog.warning.id, title });
            say.ok(t('warn.done.workorder', { id: order.id }));
          }}
          onClose={closeDialog}
        />
      )}
    </div>
  );
}
