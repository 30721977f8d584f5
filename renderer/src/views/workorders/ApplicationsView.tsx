import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { ApplicationView, Device, Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { Translate } from '../../i18n/lang';
import type { DutyState } from '../../state/duty';
import type { FleetState } from '../../state/fleet';
import { type DeskState, mayDo } from '../../state/session';
import type { DeskClient } from '../../transport';
import { formatWhen, stationLabel } from '../alarms/words';
import { inDialog, isTextEntry } from '../common/dialog';
import { ApplicationDialog } from './ApplicationDialog';
import { DecideDialog } from './DecideDialog';
import {
  APPLICATION_KEYS,
  type ApplicationAction,
  type ApplicationChoice,
  type ApplicationDraft,
  applicationActions,
  blankDraft,
  listApplications,
  pastPlannedEnd,
} from './model';

type Props = {
  duty: DutyState;
  fleet: FleetState;
  desk: DeskState;
  client: DeskClient;
  active: boolean;
};

type Dialog =
  | { kind: 'file'; draft: ApplicationDraft }
  | { kind: 'decide'; action: ApplicationAction; application: ApplicationView };
type Notice = { tone: 'ok' | 'bad'; text: string };

/** Past applications shown; older ones are in the journal and the handover records. */
const PAST_SHOWN = 200;

const ACTION_BY_KEY = new Map(
  Object.entries(APPLICATION_KEYS).map(([action, key]) => [key, action as ApplicationAction | 'file']),
);

/**
 * Outage, resume, decommission and exemption applications (seed 001): those
 * waiting for a lead, those holding devices out now, and the past ones.
 */
export function ApplicationsView({ duty, fleet, desk, client, active }: Props) {
  const { t, lang } = useI18n();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!active) return;
    setNowMs(Date.now());
    const timer = setInterval(() => setNowMs(Date.now()), 5000);
    return () => clearInterval(timer);
  }, [active]);
  useEffect(() => {
    if (active) listRef.current?.focus({ preventScroll: true });
  }, [active]);

  const stations = useMemo(() => new Map(fleet.stations.map((s) => [s.id, s])), [fleet.stations]);
  const devices = useMemo(() => new Map(fleet.devices.map((d) => [d.id, d])), [fleet.devices]);
  const sections = useMemo(
    () =>
      listApplications(duty.applications.values(), nowMs).map((s) =>
        s.section === 'past' ? { ...s, applications: s.applications.slice(0, PAST_SHOWN) } : s,
      ),
    [duty.applications, nowMs],
  );
  const rows = useMemo(() => sections.flatMap((s) => s.applications), [sections]);
  const found = rows.findIndex((a) => a.id === selectedId);
  const selectedIndex = found >= 0 ? found : rows.length > 0 ? 0 : -1;
  const selected = rows[selectedIndex] ?? null;
  const actions = useMemo(
    () => (selected ? applicationActions(selected, duty.applications.values(), desk.session) : []),
    [selected, duty.applications, desk.session],
  );
  const mayFile = mayDo(desk, 'device.control');

  const subjectOf = (a: ApplicationView) =>
    `${a.id} · ${t(`app.kind.${a.kind}`)} · ${targetLines(a, stations, devices, lang, t).join(' · ')}`;

  const act = (action: ApplicationAction | 'file') => {
    if (action === 'file') {
      if (!mayFile) {
        setNotice({ tone: 'bad', text: t('wo.blocked.permission') });
        return;
      }
      const stationId = selected?.stationId ?? fleet.stations[0]?.id ?? '';
      setDialog({ kind: 'file', draft: blankDraft(stationId, Date.now()) });
      return;
    }
    const choice = actions.find((a) => a.action === action);
    if (!selected || !choice) return;
    if (choice.blocked !== null) {
      setNotice({
        tone: 'bad',
        text:
          choice.blocked === 'state'
            ? t('app.blocked.state', {
                action: t(`app.action.${action}`),
                state: t(`app.state.${selected.state}`),
              })
            : t(action === 'approve' || action === 'reject' ? 'app.blocked.lead' : 'wo.blocked.permission'),
      });
      return;
    }
    setDialog({ kind: 'decide', action, application: selected });
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented) return;
    if (inDialog(event.target) || isTextEntry(event.target)) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const at = Math.max(0, selectedIndex);
    const navigation: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: rows.length - 1,
    };
    if (key in navigation) {
      event.preventDefault();
      const next = rows[Math.max(0, Math.min(rows.length - 1, navigation[key] ?? 0))];
      if (next) {
        setSelectedId(next.id);
        document.getElementById(`app-row-${next.id}`)?.scrollIntoView({ block: 'nearest' });
      }
      listRef.current?.focus({ preventScroll: true });
      return;
    }
    const action = ACTION_BY_KEY.get(key);
    if (action) {
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

  return (
    <div className="view view--applications" hidden={!active} data-testid="applications-view">
      <nav className="filters" aria-label={t('app.title')}>
        <button
          type="button"
          className="button"
          data-testid="app-file"
          disabled={!mayFile}
          onClick={() => act('file')}
        >
          {t('app.action.file')} <kbd>N</kbd>
        </button>
        <span className="filters__count">
          {t('app.count', {
            pending: sections[0]?.applications.length ?? 0,
            inForce: sections[1]?.applications.length ?? 0,
          })}
        </span>
      </nav>
      <div className="aqueue__body">
        <div className="aqueue__main">
          <div className="aprow aprow--head" aria-hidden="true">
            <span>{t('wo.col.id')}</span>
            <span>{t('app.col.kind')}</span>
            <span>{t('app.col.target')}</span>
            <span>{t('app.col.reason')}</span>
            <span>{t('app.col.window')}</span>
            <span>{t('app.col.applied')}</span>
            <span>{t('app.col.state')}</span>
          </div>
          <div
            ref={listRef}
            className="aqueue__list"
            role="listbox"
            tabIndex={0}
            aria-label={t('app.title')}
            aria-activedescendant={selected ? `app-row-${selected.id}` : undefined}
            data-testid="app-list"
          >
            {!duty.applicationsLoaded && <p className="wall__empty">{t('wo.loading')}</p>}
            {sections.map(({ section, applications }) => (
              // biome-ignore lint/a11y/useSemanticElements: options of a listbox are grouped by role=group; a fieldset holds form controls.
              <div
                key={section}
                role="group"
                aria-labelledby={`app-section-${section}`}
                data-section={section}
              >
                <h3 id={`app-section-${section}`} className="aprow__section">
                  {t(`app.section.${section}`)} <span className="hint">({applications.length})</span>
                </h3>
                {applications.length === 0 && <p className="aprow__none hint">{t(`app.none.${section}`)}</p>}
                {applications.map((a) => {
                  const late = pastPlannedEnd(a, nowMs);
                  return (
                    // biome-ignore lint/a11y/useFocusableInteractive: the listbox holds focus and points at the row with aria-activedescendant.
                    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keys for every row.
                    <div
                      key={a.id}
                      id={`app-row-${a.id}`}
                      role="option"
                      aria-selected={a.id === selected?.id}
                      className="aprow"
                      data-testid="app-row"
                      data-app-id={a.id}
                      data-kind={a.kind}
                      data-state={a.state}
                      data-late={late}
                      onClick={() => {
                        setSelectedId(a.id);
                        listRef.current?.focus({ preventScroll: true });
                      }}
                    >
                      <span className="worow__id">{a.id}</span>
                      <span>{t(`app.kind.${a.kind}`)}</span>
                      <TwoLines lines={targetLines(a, stations, devices, lang, t)} />
                      <span className="cell2__wrap">{t(`app.reason.${a.reason}`)}</span>
                      <TwoLines lines={windowLines(a, nowMs, t)} className={late ? 'wo-late' : undefined} />
                      <TwoLines lines={[a.appliedBy, formatWhen(a.appliedAt, nowMs)]} />
                      <span>
                        <span className="wostate" data-state={a.state}>
                          {t(`app.state.${a.state}`)}
                        </span>
                      </span>
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
          <footer className="aqueue__foot">
            <span className="hint">{t('app.keys')}</span>
            {notice && (
              <span
                className={`aqueue__notice aqueue__notice--${notice.tone}`}
                role="status"
                data-testid="app-notice"
              >
                {notice.text}
              </span>
            )}
          </footer>
        </div>
        {selected && (
          <ApplicationDetail
            application={selected}
            stations={stations}
            devices={devices}
            actions={actions}
            nowMs={nowMs}
            onAction={act}
          />
        )}
      </div>
      {dialog?.kind === 'file' && (
        <ApplicationDialog
          draft={dialog.draft}
          stations={fleet.stations}
          devices={fleet.devices}
          client={client}
          onDone={(filed) => {
            setSelectedId(filed.id);
            setNotice({ tone: 'ok', text: t('app.done.file', { id: filed.id }) });
          }}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'decide' && (
        <DecideDialog
          action={dialog.action}
          application={dialog.application}
          subject={subjectOf(dialog.application)}
          client={client}
          onDone={(text) => setNotice({ tone: 'ok', text })}
          onClose={closeDialog}
        />
      )}
    </div>
  );
}

function ApplicationDetail({
  application: a,
  stations,
  devices,
  actions,
  nowMs,
  onAction,
}: {
  application: ApplicationView;
  stations: ReadonlyMap<string, Station>;
  devices: ReadonlyMap<string, Device>;
  actions: readonly ApplicationChoice[];
  nowMs: number;
  onAction(action: ApplicationAction): void;
}) {
  const { t, lang } = useI18n();
  const late = pastPlannedEnd(a, nowMs);
  return (
    <aside className="wodetail" data-testid="app-detail" data-app-id={a.id} aria-labelledby="appdetail-title">
      <header className="wodetail__head">
        <h2 id="appdetail-title">
          <code>{a.id}</code> {t(`app.kind.${a.kind}`)}
        </h2>
        <span className="wostate" data-state={a.state} data-testid="app-detail-state">
          {t(`app.state.${a.state}`)}
        </span>
      </header>
      <dl className="facts wodetail__facts">
        <Fact term={t('app.col.target')}>{targetLines(a, stations, devices, lang, t).join(' · ')}</Fact>
        <Fact term={t('app.detail.devices')}>
          {a.deviceIds.map((id) => devices.get(id)?.name ?? id).join(t('list.separator'))}
        </Fact>
        <Fact term={t('app.col.reason')}>{t(`app.reason.${a.reason}`)}</Fact>
        {a.note && <Fact term={t('app.field.note')}>{a.note}</Fact>}
        <Fact term={t('app.col.window')}>
          <span className={late ? 'wo-late' : undefined}>{windowLines(a, nowMs, t).join(' · ')}</span>
          {late && <strong className="wo-late"> {t('app.pastPlan')}</strong>}
        </Fact>
        <Fact term={t('app.col.applied')}>
          {a.appliedBy} · {formatWhen(a.appliedAt, nowMs)}
        </Fact>
        {a.decidedAt !== null && (
          <Fact term={t('app.detail.decided')}>
            {t('app.detail.decidedBy', {
              who: a.decidedBy ?? '?',
              time: formatWhen(a.decidedAt, nowMs),
              state: t(`app.state.${a.state === 'ended' ? 'approved' : a.state}`),
            })}
            {a.decisionNote && ` — ${a.decisionNote}`}
          </Fact>
        )}
        {a.endedAt !== null && (
          <Fact term={t('app.detail.ended')}>
            {formatWhen(a.endedAt, nowMs)} · <code>{a.endedBy ?? '?'}</code>
          </Fact>
        )}
        {a.workOrderId && (
          <Fact term={t('app.detail.workOrder')}>
            <code>{a.workOrderId}</code>
          </Fact>
        )}
        {a.outageId && (
          <Fact term={t('app.detail.outage')}>
            <code>{a.outageId}</code>
          </Fact>
        )}
      </dl>
      <section className="adetail__section">
        <h3>{t('wo.detail.actions')}</h3>
        <div className="woactions" data-testid="app-actions">
          {actions.map((choice) => (
            <button
              key={choice.action}
              type="button"
              className="button woaction"
              data-testid={`app-action-${choice.action}`}
              data-blocked={choice.blocked ?? undefined}
              disabled={choice.blocked !== null}
              title={choice.blocked === 'permission' ? t('app.blocked.lead') : undefined}
              onClick={() => onAction(choice.action)}
            >
              {t(`app.action.${choice.action}`)} <kbd>{choice.key.toUpperCase()}</kbd>
            </button>
          ))}
        </div>
        {actions.some(
          (c) => c.blocked === 'permission' && (c.action === 'approve' || c.action === 'reject'),
        ) && (
          <p className="hint" data-testid="app-lead-only">
            {t('app.blocked.lead')}
          </p>
        )}
      </section>
    </aside>
  );
}

/** The station, and the device or "whole station". */
function targetLines(
  a: ApplicationView,
  stations: ReadonlyMap<string, Station>,
  devices: ReadonlyMap<string, Device>,
  lang: 'zh-CN' | 'en',
  t: Translate,
): [string, string] {
  const station = stationLabel(stations.get(a.stationId), a.stationId, lang);
  if ('deviceId' in a.target) return [station, devices.get(a.target.deviceId)?.name ?? a.target.deviceId];
  return [station, t('app.target.station')];
}

/** A cell of two lines (the second smaller), so a 3 m row says where and which without an ellipsis. */
function TwoLines({ lines, className }: { lines: readonly string[]; className?: string }) {
  const [first, second] = lines;
  return (
    <span className={`cell2${className ? ` ${className}` : ''}`} title={lines.join(' · ')}>
      <span>{first}</span>
      {second !== undefined && <span className="cell2__sub">{second}</span>}
    </span>
  );
}

/**
 * An exemption's period; for an outage or decommission since when it holds
 * the devices and its planned end, or when it ended; a plan while it waits.
 * One or two lines: what, and the end that matters.
 */
function windowLines(a: ApplicationView, nowMs: number, t: Translate): [string] | [string, string] {
  const when = (ms: number) => formatWhen(ms, nowMs);
  const plan = `${a.from === null ? '…' : when(a.from)} – ${a.until === null ? t('app.window.open') : when(a.until)}`;
  if (a.kind === 'exemption') return [plan];
  if (a.kind === 'resume') return ['—'];
  if (a.state === 'ended' && a.decidedAt !== null && a.endedAt !== null)
    return [`${when(a.decidedAt)} – ${when(a.endedAt)}`];
  if (a.state === 'approved' && a.decidedAt !== null)
    return [
      t('app.window.since', { since: when(a.decidedAt) }),
      a.until === null
        ? t('app.window.untilResumed')
        : t('app.window.plannedUntil', { until: when(a.until) }),
    ];
  if (a.from === null && a.until === null) return ['—'];
  return [
    t('app.window.planFrom', { from: a.from === null ? '…' : when(a.from) }),
    a.until === null ? t('app.window.untilResumed') : t('app.window.plannedUntil', { until: when(a.until) }),
  ];
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="facts__row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
