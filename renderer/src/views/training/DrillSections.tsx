import type {
  AbandonedDrillView,
  DrillScenarioView,
  OperatorTraining,
  RunningDrillView,
} from '../../../../shared/api/drills';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import { Fact } from '../../ui/facts/Fact';
import { DetailPane, PaneSection } from '../../ui/list/DetailPane';
import { ListPage, type ListPageSpec, type Notice } from '../../ui/list/ListPage';
import { ListRow } from '../../ui/list/ListRow';
import type { KeyboardList } from '../../ui/list/useKeyboardList';

/** What each section's list needs from the view: its keyboard list, the notice line, and the clock. */
type SectionProps = {
  list: KeyboardList;
  notice: Notice | null;
  status: string | null;
  when(ms: number): string;
};

type Section = 'library' | 'running' | 'records';
/** A drills column, by the end of its heading's message key. */
type DrillColumn = ColumnOf<MessageKey>;
type ColumnOf<K> = K extends `drills.col.${infer C}` ? C : never;

/** A section's page: its label, keys and list named after the section; every section says its notices on one line. */
function drillPage(
  section: Section,
  rowClass: string,
  rowTestId: string,
  columns: DrillColumn[],
): ListPageSpec {
  return {
    label: `drills.section.${section}`,
    testId: `drill-${section}`,
    rowClass,
    rowTestId,
    columns: columns.map((column) => `drills.col.${column}` as const),
    keys: `drills.keys.${section}`,
    noticeTestId: 'drills-notice',
  };
}

const LIBRARY = drillPage('library', 'drillrow', 'drill-scenario-row', ['title', 'tier', 'ack', 'steps']);
const RUNNING = drillPage('running', 'drillrunrow', 'drill-running-row', [
  'title',
  'trainees',
  'lead',
  'speed',
  'started',
  'address',
]);
const RECORDS = drillPage('records', 'drillrecrow', 'drill-record-row', [
  'operator',
  'role',
  'status',
  'results',
  'retrainBy',
]);

/** The ListPage props every section shares: its page, its list, its status and the view's notice line. */
function pageOf(page: ListPageSpec, { list, notice, status }: SectionProps, selected: unknown) {
  return { page, view: { list, notice, status }, narrow: selected !== null };
}

export const libraryRowId = (_i: number, name: string) => `drill-scenario-${name}`;
export const runningRowId = (_i: number, id: string) => `drill-running-${id}`;
export const recordRowId = (_i: number, user: string) => `drill-record-${user}`;

/** A scenario's expected tier and acknowledgement time, in words. */
function useScenarioWords() {
  const { t } = useI18n();
  return {
    tier: (s: DrillScenarioView) => t(`alarms.tier.${s.tier}` as MessageKey),
    minutes: (ms: number) => t('drills.minutes', { n: Math.round(ms / 60_000) }),
  };
}

/** The scenario library: what each drill plays and what a good response to it is. */
export function LibrarySection({ scenarios, ...section }: SectionProps & { scenarios: DrillScenarioView[] }) {
  const { list } = section;
  const { t, lang } = useI18n();
  const { tier, minutes } = useScenarioWords();
  const selected = scenarios[list.selectedIndex] ?? null;
  const steps = (s: DrillScenarioView) =>
    [
      t('drills.steps.ack'),
      s.dispatch && t('drills.steps.dispatch'),
      s.outage && t('drills.steps.outage'),
      t('drills.steps.handover'),
    ]
      .filter(Boolean)
      .join(' · ');
  return (
    <ListPage
      {...pageOf(LIBRARY, section, selected)}
      detail={selected && <ScenarioDetail scenario={selected} />}
    >
      {scenarios.map((s, at) => (
        <ListRow key={s.name} index={at} data-scenario={s.name}>
          <span>{s.title[lang]}</span>
          <span>{tier(s)}</span>
          <span>{minutes(s.ackWithinMs)}</span>
          <span>{steps(s)}</span>
        </ListRow>
      ))}
    </ListPage>
  );
}

/** The selected scenario: its briefing, and what a good response to it is. */
function ScenarioDetail({ scenario }: { scenario: DrillScenarioView }) {
  const { t, lang } = useI18n();
  const { tier, minutes } = useScenarioWords();
  const yesNo = (required: boolean) => (required ? t('drills.fact.yes') : t('drills.fact.no'));
  return (
    <DetailPane
      titleId="drill-scenario-title"
      title={scenario.title[lang]}
      aside={<span className="wostate">{tier(scenario)}</span>}
      testId="drill-scenario-detail"
      className="drilldetail"
      data-scenario={scenario.name}
    >
      <PaneSection title={t('drills.briefing')}>
        <p className="drilldetail__briefing">{scenario.briefing[lang]}</p>
      </PaneSection>
      <PaneSection title={t('drills.expected')}>
        <dl className="facts">
          <Fact term={t('drills.fact.tier')}>{tier(scenario)}</Fact>
          <Fact term={t('drills.fact.ack')}>{minutes(scenario.ackWithinMs)}</Fact>
          <Fact term={t('drills.fact.dispatch')}>{yesNo(scenario.dispatch)}</Fact>
          <Fact term={t('drills.fact.outage')}>{yesNo(scenario.outage)}</Fact>
        </dl>
      </PaneSection>
    </DetailPane>
  );
}

/** An abandoned drill's title, or its id where its folder does not say what it played. */
function useAbandonedTitle() {
  const { t, lang } = useI18n();
  return (d: AbandonedDrillView) =>
    d.manifest?.title[lang] ?? t('drills.abandoned.unknown', { id: d.drillId });
}

/**
 * The drills running now, each with the address of its training desk; after
 * them, those this desk's start found abandoned (it stopped while they ran).
 */
export function RunningSection({
  running,
  abandoned,
  ...section
}: SectionProps & { running: RunningDrillView[]; abandoned: AbandonedDrillView[] }) {
  const { list, when } = section;
  const { t, lang } = useI18n();
  const titleOf = useAbandonedTitle();
  const gone = abandoned[list.selectedIndex - running.length] ?? null;
  const selected = running[list.selectedIndex] ?? null;
  const names = (trainees: readonly string[] = []) => trainees.join(lang === 'zh-CN' ? '、' : ', ') || '—';
  const started = (d: AbandonedDrillView) => (d.manifest ? when(d.manifest.startedAt) : '—');
  const goneDetail = gone && (
    <DetailPane
      titleId="drill-running-title"
      title={titleOf(gone)}
      aside={<span className="wostate">{t('drills.abandoned')}</span>}
      testId="drill-abandoned-detail"
      className="drilldetail"
      data-drill-id={gone.drillId}
    >
      <p className="hint">{t('drills.abandoned.note')}</p>
      <dl className="facts">
        <Fact term={t('drills.fact.trainees')}>{names(gone.manifest?.trainees)}</Fact>
        <Fact term={t('drills.fact.lead')}>{gone.manifest?.lead ?? '—'}</Fact>
        <Fact term={t('drills.fact.speed')}>{gone.manifest ? `×${gone.manifest.speed}` : '—'}</Fact>
        <Fact term={t('drills.fact.started')}>{started(gone)}</Fact>
        <Fact term={t('drills.fact.found')}>{when(gone.foundAt)}</Fact>
      </dl>
    </DetailPane>
  );
  return (
    <ListPage
      {...pageOf(RUNNING, section, selected ?? gone)}
      detail={
        goneDetail ??
        (selected && (
          <DetailPane
            titleId="drill-running-title"
            title={selected.title[lang]}
            aside={<span className="wostate">×{selected.speed}</span>}
            testId="drill-running-detail"
            className="drilldetail"
            data-drill-id={selected.drillId}
          >
            <PaneSection title={t('drills.fact.address')}>
              <a
                className="drilldetail__url"
                href={selected.url}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="drill-url"
              >
                {selected.url}
              </a>
              <p className="hint">{t('drills.open.note')}</p>
            </PaneSection>
            <dl className="facts">
              <Fact term={t('drills.fact.trainees')}>{names(selected.trainees)}</Fact>
              <Fact term={t('drills.fact.lead')}>{selected.lead}</Fact>
              <Fact term={t('drills.fact.speed')}>×{selected.speed}</Fact>
              <Fact term={t('drills.fact.started')}>{when(selected.startedAt)}</Fact>
            </dl>
          </DetailPane>
        ))
      }
    >
      {running.map((d, at) => (
        <ListRow key={d.drillId} index={at} data-drill-id={d.drillId} data-scenario={d.scenario}>
          <span>{d.title[lang]}</span>
          <span>{names(d.trainees)}</span>
          <span>{d.lead}</span>
          <span>×{d.speed}</span>
          <span>{when(d.startedAt)}</span>
          <span className="drillrunrow__url">{d.url}</span>
        </ListRow>
      ))}
      {abandoned.map((d, at) => (
        <ListRow
          key={d.drillId}
          index={running.length + at}
          className="drillrunrow--abandoned"
          data-testid="drill-abandoned-row"
          data-drill-id={d.drillId}
        >
          <span>{titleOf(d)}</span>
          <span>{names(d.manifest?.trainees)}</span>
          <span>{d.manifest?.lead ?? '—'}</span>
          <span>{d.manifest ? `×${d.manifest.speed}` : '—'}</span>
          <span>{started(d)}</span>
          <span className="drillrunrow__state">{t('drills.abandoned')}</span>
        </ListRow>
      ))}
    </ListPage>
  );
}

/** Each operator's drills, passed or failed against the pass mark, and their certification. */
export function RecordsSection({
  operators,
  abandoned,
  onReport,
  ...section
}: SectionProps & {
  operators: OperatorTraining[];
  abandoned: AbandonedDrillView[];
  onReport(drillId: string): void;
}) {
  const { list, when } = section;
  const { t, lang } = useI18n();
  const titleOf = useAbandonedTitle();
  const selected = operators[list.selectedIndex] ?? null;
  // Abandoned drills have no score, so they count neither way; they are listed so the gap is explained.
  const gone = abandoned.filter((d) => selected && d.manifest?.trainees.includes(selected.trainee));
  const statusWord = (o: OperatorTraining) => t(`drills.status.${o.status}` as MessageKey);
  const role = (o: OperatorTraining) => (o.role ? t(`role.${o.role}` as MessageKey) : '—');
  return (
    <ListPage
      {...pageOf(RECORDS, section, selected)}
      detail={
        selected && (
          <DetailPane
            titleId="drill-record-title"
            title={selected.trainee}
            aside={
              <span className="wostate" data-status={selected.status}>
                {statusWord(selected)}
              </span>
            }
            testId="drill-record-detail"
            className="drilldetail"
            data-trainee={selected.trainee}
          >
            <dl className="facts">
              <Fact term={t('drills.fact.certifiedAt')}>
                {selected.certifiedAt ? when(selected.certifiedAt) : '—'}
              </Fact>
              <Fact term={t('drills.fact.lastPassed')}>
                {selected.lastPassedAt ? when(selected.lastPassedAt) : '—'}
              </Fact>
              <Fact term={t('drills.fact.retrainBy')}>
                {selected.retrainBy ? when(selected.retrainBy) : '—'}
              </Fact>
            </dl>
            <PaneSection
              title={t('drills.drills')}
              empty={selected.drills.length + gone.length === 0 && t('drills.blocked.noDrills')}
            >
              <ul className="drilldetail__drills">
                {selected.drills.map((d) => (
                  <li key={d.drillId} data-testid="drill-record-drill" data-passed={d.passed}>
                    <button type="button" className="linklike" onClick={() => onReport(d.drillId)}>
                      {t('drills.drill.row', {
                        title: d.title[lang],
                        score: String(d.score),
                        result: d.passed ? t('drills.result.pass') : t('drills.result.fail'),
                        when: when(d.recordedAt),
                        lead: d.lead,
                      })}
                    </button>
                  </li>
                ))}
                {gone.map((d) => (
                  <li key={d.drillId} data-testid="drill-record-abandoned" className="drilldetail__abandoned">
                    {t('drills.abandoned.row', {
                      title: titleOf(d),
                      when: d.manifest ? when(d.manifest.startedAt) : '—',
                      lead: d.manifest?.lead ?? '—',
                    })}
                  </li>
                ))}
              </ul>
            </PaneSection>
          </DetailPane>
        )
      }
    >
      {operators.map((o, at) => (
        <ListRow key={o.trainee} index={at} data-trainee={o.trainee} data-status={o.status}>
          <span>{o.trainee}</span>
          <span>{role(o)}</span>
          <span className="drillrecrow__status">{statusWord(o)}</span>
          <span>
            {o.passed} / {o.failed}
          </span>
          <span>{o.retrainBy ? when(o.retrainBy) : '—'}</span>
        </ListRow>
      ))}
    </ListPage>
  );
}
