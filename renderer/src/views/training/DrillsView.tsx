import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  DRILL_SPEEDS,
  type DrillScenarioView,
  type DrillsState,
  type RunningDrillView,
  type TrainingRecords,
} from '../../../../shared/api/drills';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import type { MessageKey } from '../../i18n/messages';
import { type DeskState, mayDo } from '../../state/session';
import { useDeskNow } from '../../state/useDeskClock';
import type { DeskClient } from '../../transport';
import { KeyButton } from '../../ui/button/KeyButton';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { ChoiceDialog } from '../../ui/dialog/ChoiceDialog';
import { TextField } from '../../ui/field/Field';
import { listStatus, useNotice } from '../../ui/list/ListPage';
import { Segmented } from '../../ui/list/Segmented';
import { useKeyboardList } from '../../ui/list/useKeyboardList';
import { useListDialog } from '../../ui/list/useListDialog';
import { useListViewKeys } from '../../ui/list/useViewKeys';
import { downloadExport } from '../reports/download';
import {
  LibrarySection,
  libraryRowId,
  RecordsSection,
  RunningSection,
  recordRowId,
  runningRowId,
} from './DrillSections';

type Props = { client: DeskClient; desk: DeskState; active: boolean };
type Section = 'library' | 'running' | 'records';
type Dialog = { kind: 'start'; scenario: DrillScenarioView } | { kind: 'end'; drill: RunningDrillView };

const SECTIONS: readonly Section[] = ['library', 'running', 'records'];
const ROW_HEIGHT = 56;

/** One section's keyboard list: its rows' keys, focused while the section is shown. */
function useSectionList<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  active: boolean,
  rowId: (index: number, key: string) => string,
) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyOf is a fixed field accessor of each section.
  const keys = useMemo(() => rows.map(keyOf), [rows]);
  return useKeyboardList({ keys, active, rowHeight: ROW_HEIGHT, virtual: false, rowId });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * 培训演练 / Drills (issue 18): a shift lead starts a drill from the
 * library for named trainees at ×1, ×10 or ×60 (N), hands the trainees the
 * training desk's address (O), and ends it with the assessor's remarks (E);
 * everyone reads each operator's drills and certification under Records,
 * with the report of the latest drill (P) and the records as a workbook (X).
 */
export function DrillsView({ client, desk, active }: Props) {
  const { t, lang } = useI18n();
  const fleetClock = useFleetTime();
  const nowMs = useDeskNow(active, 30_000);
  const when = useCallback((ms: number) => fleetClock.when(ms, nowMs), [fleetClock, nowMs]);
  const [section, setSection] = useState<Section>('library');
  const [state, setState] = useState<DrillsState | null>(null);
  const [records, setRecords] = useState<TrainingRecords | null>(null);
  const [notice, say] = useNotice();
  const mayRun = mayDo(desk, 'training.run');

  useEffect(() => {
    const load = () => {
      client.request('drills.list', {}).then(setState, (error: unknown) => say.bad(messageOf(error)));
      client.request('training.records', {}).then(setRecords, (error: unknown) => say.bad(messageOf(error)));
    };
    const off = client.on('drills.changed', load);
    const offLink = client.onLink((link) => {
      if (link === 'open') load();
    });
    return () => {
      off();
      offLink();
    };
  }, [client, say]);

  const scenarios = state?.library ?? [];
  const running = state?.running ?? [];
  const abandoned = state?.abandoned ?? [];
  const abandonedNow = useMemo(() => abandoned.filter((d) => d.thisStart), [abandoned]);
  const runningRows = useMemo(() => [...running, ...abandonedNow], [running, abandonedNow]);
  const operators = records?.operators ?? [];
  const lists = {
    library: useSectionList(scenarios, (s) => s.name, active && section === 'library', libraryRowId),
    running: useSectionList(runningRows, (d) => d.drillId, active && section === 'running', runningRowId),
    records: useSectionList(operators, (o) => o.trainee, active && section === 'records', recordRowId),
  };
  const [dialog, setDialog, closeDialog] = useListDialog<Dialog>(lists[section]);
  const scenario = scenarios[lists.library.selectedIndex] ?? null;
  const drill = running[lists.running.selectedIndex] ?? null;
  const operator = operators[lists.records.selectedIndex] ?? null;

  const download = (request: Promise<Parameters<typeof downloadExport>[1]>) =>
    request.then(
      async (file) => {
        await downloadExport(client, file);
        say.ok(t('drills.done.export', { file: file.fileName }));
      },
      (error: unknown) => say.bad(messageOf(error)),
    );
  const report = (drillId: string) =>
    download(client.request('drill.report', { drillId, format: 'pdf', lang }, { timeoutMs: 60_000 }));

  const act = {
    start: () => {
      if (!scenario) return;
      if (!mayRun) return say.bad(t('drills.blocked.permission'));
      setDialog({ kind: 'start', scenario });
    },
    end: () => {
      if (!drill) return;
      if (!mayRun) return say.bad(t('drills.blocked.permission'));
      setDialog({ kind: 'end', drill });
    },
    open: () => {
      if (drill) window.open(drill.url, '_blank', 'noopener');
    },
    pdf: () => {
      const latest = operator?.drills[0];
      if (!latest) return say.bad(t('drills.blocked.noDrills'));
      void report(latest.drillId);
    },
    export: () => void download(client.request('training.export', { lang }, { timeoutMs: 60_000 })),
  };

  useListViewKeys(active, lists[section], (key) => {
    const picked = { '1': 'library', '2': 'running', '3': 'records' }[key] as Section | undefined;
    const action =
      section === 'library'
        ? { n: act.start }[key]
        : section === 'running'
          ? { e: act.end, o: act.open }[key]
          : { p: act.pdf, x: act.export }[key];
    if (picked) setSection(picked);
    action?.();
    return picked !== undefined || action !== undefined;
  });

  const status = (rows: number, none: MessageKey, loaded = state !== null) =>
    listStatus(loaded, rows, t('drills.loading'), t(none));
  // What the shown section is given alike: its keyboard list, the view's one notice line and the clock.
  const shared = { list: lists[section], notice, when };

  return (
    <div className="view view--drills" hidden={!active} data-testid="drills-view" data-section={section}>
      <nav className="filters" aria-label={t('drills.title')}>
        <Segmented
          label={t('drills.section')}
          options={SECTIONS}
          value={section}
          word={(s) =>
            `${SECTIONS.indexOf(s) + 1} ${t(`drills.section.${s}` as MessageKey)}${s === 'running' && running.length ? ` (${running.length})` : ''}`
          }
          attrs={(s) => ({ 'data-testid': `drills-section-${s}` })}
          onChange={setSection}
        />
        {section === 'library' && (
          <KeyButton
            shortcut="N"
            data-testid="drill-start"
            disabled={!scenario || !mayRun}
            onClick={act.start}
          >
            {t('drills.action.start')}
          </KeyButton>
        )}
        {section === 'running' && (
          <>
            <KeyButton shortcut="O" data-testid="drill-open" disabled={!drill} onClick={act.open}>
              {t('drills.action.open')}
            </KeyButton>
            <KeyButton shortcut="E" data-testid="drill-end" disabled={!drill || !mayRun} onClick={act.end}>
              {t('drills.action.end')}
            </KeyButton>
          </>
        )}
        {section === 'records' && (
          <>
            <KeyButton
              shortcut="P"
              data-testid="drill-pdf"
              disabled={!operator?.drills.length}
              onClick={act.pdf}
            >
              {t('drills.action.pdf')}
            </KeyButton>
            <KeyButton shortcut="X" data-testid="drill-export" onClick={act.export}>
              {t('drills.action.export')}
            </KeyButton>
          </>
        )}
        <span className="filters__count" data-testid="drills-facts">
          {state?.unavailable
            ? t('drills.unavailable', { why: state.unavailable })
            : state?.libraryErrors.length
              ? t('drills.libraryErrors', {
                  count: state.libraryErrors.length,
                  first: state.libraryErrors[0] ?? '',
                })
              : records
                ? t('drills.passMark', { mark: records.passMark, days: records.retrainEveryDays })
                : ''}
        </span>
      </nav>
      {section === 'library' && (
        <LibrarySection
          {...shared}
          status={status(scenarios.length, 'drills.none.library')}
          scenarios={scenarios}
        />
      )}
      {section === 'running' && (
        <RunningSection
          {...shared}
          status={status(runningRows.length, 'drills.none.running')}
          running={running}
          abandoned={abandonedNow}
        />
      )}
      {section === 'records' && (
        <RecordsSection
          {...shared}
          status={status(operators.length, 'drills.none.records', records !== null)}
          operators={operators}
          abandoned={abandoned}
          onReport={(id) => void report(id)}
        />
      )}
      {dialog?.kind === 'start' && (
        <StartDialog
          client={client}
          scenario={dialog.scenario}
          candidates={state?.trainees.map((c) => c.user) ?? []}
          onStarted={(started) => {
            say.ok(t('drills.done.start', { url: started.url }));
            setSection('running');
            lists.running.select(started.drillId);
          }}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'end' && (
        <ActionDialog
          testId="drill-end-dialog"
          title={t('drills.dialog.end', { title: dialog.drill.title[lang] })}
          subject={`${dialog.drill.trainees.join(', ')} · ×${dialog.drill.speed}`}
          reason={{ label: t('drills.dialog.remarks'), placeholder: t('drills.dialog.remarksHint') }}
          confirmLabel={t('drills.action.end')}
          onSubmit={async (remarks) => {
            const outcome = await client.request(
              'drill.end',
              { drillId: dialog.drill.drillId, remarks },
              { timeoutMs: 60_000 },
            );
            const scores = outcome.scores
              .map(
                (s) =>
                  `${s.trainee} ${s.score} ${s.passed ? t('drills.result.pass') : t('drills.result.fail')}`,
              )
              .join(' · ');
            say.ok(t('drills.done.end', { scores }));
          }}
          onClose={closeDialog}
        />
      )}
    </div>
  );
}

/** The start dialog: trainees by account name, and the speed as numbered choices. */
function StartDialog({
  client,
  scenario,
  candidates,
  onStarted,
  onClose,
}: {
  client: DeskClient;
  scenario: DrillScenarioView;
  candidates: string[];
  onStarted(drill: RunningDrillView): void;
  onClose(): void;
}) {
  const { t, lang } = useI18n();
  const [names, setNames] = useState('');
  const trainees = names
    .split(/[,，、\s]+/)
    .map((n) => n.trim())
    .filter(Boolean);
  return (
    <ChoiceDialog
      testId="drill-start-dialog"
      title={t('drills.dialog.start', { title: scenario.title[lang] })}
      subject={scenario.briefing[lang]}
      reason={null}
      // The names first; the speed already has its choice.
      focus="empty"
      confirmLabel={t('drills.action.start')}
      busyText={t('drills.loading')}
      choice={{
        options: DRILL_SPEEDS,
        initial: 10,
        legend: t('drills.dialog.speed'),
        label: (s) => `×${s}`,
        note: (s) => t(`drills.dialog.speedNote.${s}` as MessageKey),
        testId: 'drill-start-speed',
        valueAttr: 'speed',
      }}
      check={() => (trainees.length ? null : t('drills.dialog.traineesMissing'))}
      onSubmit={async (speed) => {
        const started = await client.request(
          'drill.start',
          { scenario: scenario.name, trainees, speed },
          { timeoutMs: 60_000 },
        );
        onStarted(started);
      }}
      onClose={onClose}
    >
      <TextField
        label={t('drills.dialog.trainees')}
        hint={t('drills.dialog.traineesHint', { names: candidates.join(', ') || '—' })}
        data-testid="drill-start-trainees"
        wide
        value={names}
        onValue={setNames}
      />
    </ChoiceDialog>
  );
}
