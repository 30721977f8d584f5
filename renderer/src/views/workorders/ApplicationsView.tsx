import { useMemo } from 'react';
import type { ApplicationView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { mayDo } from '../../state/session';
import { useDeskClock, useDeskNow } from '../../state/useDeskClock';
import { KeyButton } from '../../ui/button/KeyButton';
import { ListPage, namedPage, useNotice } from '../../ui/list/ListPage';
import { ListRow } from '../../ui/list/ListRow';
import { TwoLines } from '../../ui/list/TwoLines';
import { useKeyboardList } from '../../ui/list/useKeyboardList';
import { useListDialog } from '../../ui/list/useListDialog';
import { useListViewKeys } from '../../ui/list/useViewKeys';
import type { DutyViewProps } from '../common/DutyViewProps';
import { useFleetMaps } from '../common/useFleetMaps';
import { ApplicationDetail, targetLines, windowLines } from './ApplicationDetail';
import { ApplicationDialog } from './ApplicationDialog';
import { DecideDialog } from './DecideDialog';
import {
  APPLICATION_KEYS,
  type ApplicationAction,
  type ApplicationDraft,
  applicationActions,
  blankDraft,
  listApplications,
  pastPlannedEnd,
} from './model';
import { stateRefusal } from './refusal';

type Dialog =
  | { kind: 'file'; draft: ApplicationDraft }
  | { kind: 'decide'; action: ApplicationAction; application: ApplicationView };

/** As the work orders, for PageUp/PageDown; rows of two lines are a little taller. */
const ROW_HEIGHT = 56;
const PAGE = namedPage('app', 'aprow', [
  'wo.col.id',
  'app.col.kind',
  'app.col.target',
  'app.col.reason',
  'app.col.window',
  'app.col.applied',
  'app.col.state',
]);
const rowId = (_index: number, id: string) => `app-row-${id}`;

/** Past applications shown; older ones are in the journal and the handover records. */
const PAST_SHOWN = 200;

const ACTION_BY_KEY = new Map(
  Object.entries(APPLICATION_KEYS).map(([action, key]) => [key, action as ApplicationAction | 'file']),
);

/**
 * Outage, resume, decommission and exemption applications (seed 001): those
 * waiting for a lead, those holding devices out now, and the past ones.
 */
export function ApplicationsView({ duty, fleet, desk, client, active }: DutyViewProps) {
  const { t, lang } = useI18n();
  const fleetClock = useFleetTime();
  const [notice, say] = useNotice();
  const deskClock = useDeskClock();
  const nowMs = useDeskNow(active, 5000);
  const { stations, devices } = useFleetMaps(fleet);
  const sections = useMemo(
    () =>
      listApplications(duty.applications.values(), nowMs).map((s) =>
        s.section === 'past' ? { ...s, applications: s.applications.slice(0, PAST_SHOWN) } : s,
      ),
    [duty.applications, nowMs],
  );
  const rows = useMemo(() => sections.flatMap((s) => s.applications), [sections]);
  const ids = useMemo(() => rows.map((a) => a.id), [rows]);
  const list = useKeyboardList({ keys: ids, active, rowHeight: ROW_HEIGHT, virtual: false, rowId });
  const [dialog, setDialog, closeDialog] = useListDialog<Dialog>(list);
  const selected = rows[list.selectedIndex] ?? null;
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
        say.bad(t('wo.blocked.permission'));
        return;
      }
      const stationId = selected?.stationId ?? fleet.stations[0]?.id ?? '';
      setDialog({ kind: 'file', draft: blankDraft(stationId, deskClock.now()) });
      return;
    }
    const choice = actions.find((a) => a.action === action);
    if (!selected || !choice) return;
    if (choice.blocked !== null) {
      say.bad(
        choice.blocked === 'state'
          ? stateRefusal(t, 'app', action, selected.state)
          : t(action === 'approve' || action === 'reject' ? 'app.blocked.lead' : 'wo.blocked.permission'),
      );
      return;
    }
    setDialog({ kind: 'decide', action, application: selected });
  };

  useListViewKeys(active, list, (key) => {
    const action = ACTION_BY_KEY.get(key);
    if (action) act(action);
    return action !== undefined;
  });

  const pane = { stations, devices, actions, nowMs, onAction: act };

  return (
    <div className="view view--applications" hidden={!active} data-testid="applications-view">
      <nav className="filters" aria-label={t('app.title')}>
        <KeyButton shortcut="N" data-testid="app-file" disabled={!mayFile} onClick={() => act('file')}>
          {t('app.action.file')}
        </KeyButton>
        <span className="filters__count">
          {t('app.count', {
            pending: sections[0]?.applications.length ?? 0,
            inForce: sections[1]?.applications.length ?? 0,
          })}
        </span>
      </nav>
      <ListPage
        page={PAGE}
        view={{ list, status: duty.applicationsLoaded ? null : t('wo.loading'), notice }}
        detail={selected && <ApplicationDetail application={selected} {...pane} />}
      >
        {sections.map(({ section, applications }) => (
          // biome-ignore lint/a11y/useSemanticElements: options of a listbox are grouped by role=group; a fieldset holds form controls.
          <div key={section} role="group" aria-labelledby={`app-section-${section}`} data-section={section}>
            <h3 id={`app-section-${section}`} className="aprow__section">
              {t(`app.section.${section}`)} <span className="hint">({applications.length})</span>
            </h3>
            {applications.length === 0 && <p className="aprow__none hint">{t(`app.none.${section}`)}</p>}
            {applications.map((a) => {
              const late = pastPlannedEnd(a, nowMs);
              return (
                <ListRow
                  key={a.id}
                  index={ids.indexOf(a.id)}
                  data-app-id={a.id}
                  data-kind={a.kind}
                  data-state={a.state}
                  data-late={late}
                >
                  <span className="worow__id">{a.id}</span>
                  <span>{t(`app.kind.${a.kind}`)}</span>
                  <TwoLines lines={targetLines(a, stations, devices, lang, t)} />
                  <span className="cell2__wrap">{t(`app.reason.${a.reason}`)}</span>
                  <TwoLines
                    lines={windowLines(a, nowMs, t, fleetClock.when)}
                    className={late ? 'wo-late' : undefined}
                  />
                  <TwoLines lines={[a.appliedBy, fleetClock.when(a.appliedAt, nowMs)]} />
                  <span>
                    <span className="wostate" data-state={a.state}>
                      {t(`app.state.${a.state}`)}
                    </span>
                  </span>
                </ListRow>
              );
            })}
          </div>
        ))}
      </ListPage>
      {dialog?.kind === 'file' && (
        <ApplicationDialog
          draft={dialog.draft}
          fleet={fleet}
          client={client}
          onDone={(text, filed) => {
            list.select(filed.id);
            say.ok(text);
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
          onDone={say.ok}
          onClose={closeDialog}
        />
      )}
    </div>
  );
}
