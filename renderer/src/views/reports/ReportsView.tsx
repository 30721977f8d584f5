import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import './reports.css';
import type {
  AlarmKpiReport,
  AvailabilityReport,
  ExportFormat,
  MonthlyReport,
  ReportPeriod,
  ShiftReport,
  SlaReport,
} from '../../../../shared/api/reports';
import { formatInZone } from '../../../../shared/handover/format';
import { useI18n } from '../../i18n/context';
import type { FleetState } from '../../state/fleet';
import type { DeskClient } from '../../transport';
import { Button } from '../../ui/button/Button';
import { ExportButtons } from '../../ui/button/ExportButtons';
import { useViewKeys } from '../../ui/list/useViewKeys';
import { AlarmKpiSection } from './AlarmKpiSection';
import { AvailabilitySection } from './AvailabilitySection';
import { downloadExport } from './download';
import { MonthlySection } from './MonthlySection';
import { addMonths, SECTIONS, type Section } from './model';
import type { Names } from './parts';
import { ShiftSection } from './ShiftSection';
import { SlaSection } from './SlaSection';

type Props = { client: DeskClient; fleet: FleetState; active: boolean };

type Reports = {
  monthly: MonthlyReport;
  sla: SlaReport;
  availability: AvailabilityReport;
  alarmKpi: AlarmKpiReport;
  shift: ShiftReport;
};
type Shown = { [S in Section]: { section: S; month: string | null; report: Reports[S] } }[Section];

/** A month's reports read a month of journal: give the engine time on a large desk. */
const REPORT_TIMEOUT_MS = 60_000;
/** What is on screen is computed again this often while the view is open. */
const REFRESH_MS = 60_000;
const EXPORT_KEYS: Readonly<Record<string, ExportFormat>> = { c: 'csv', x: 'xlsx', p: 'pdf' };

/**
 * The monthly operations report, SLA compliance, availability, alarm KPIs
 * and the shift report, computed by the engine from the journal, with
 * their charts and exports. Keys: 1–5 sections, [ and ] months, C / X / P
 * export.
 */
export function ReportsView({ client, fleet, active }: Props) {
  const { t, lang } = useI18n();
  const [section, setSection] = useState<Section>('monthly');
  // null: the engine's current month, until its first answer names it.
  const [month, setMonth] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const asked = useRef(0);

  const names: Names = useMemo(() => {
    const stations = new Map(
      fleet.stations.map((s) => [s.id, lang === 'en' && s.nameEn ? s.nameEn : s.name]),
    );
    const devices = new Map(fleet.devices.map((d) => [d.id, d.name]));
    return {
      station: (id) => stations.get(id) ?? id,
      device: (id) => (id ? (devices.get(id) ?? id) : ''),
    };
  }, [fleet.stations, fleet.devices, lang]);

  useEffect(() => {
    if (!active) return;
    const ask = ++asked.current;
    const byMonth = month ? { month } : {};
    const options = { timeoutMs: REPORT_TIMEOUT_MS };
    const load = async (): Promise<Shown> => {
      switch (section) {
        case 'monthly':
          return { section, month, report: await client.request('report.monthly', byMonth, options) };
        case 'sla':
          return { section, month, report: await client.request('report.sla', byMonth, options) };
        case 'availability':
          return { section, month, report: await client.request('report.availability', byMonth, options) };
        case 'alarmKpi':
          return { section, month, report: await client.request('report.alarmKpi', byMonth, options) };
        case 'shift':
          return { section, month, report: await client.request('report.shift', {}, options) };
      }
    };
    setLoading(true);
    load().then(
      (next) => {
        if (ask !== asked.current) return;
        // The first answer names the engine's current month; it stays on screen while that month loads.
        const named = month === null && next.section !== 'shift' ? next.report.period.month : null;
        setShown(named ? { ...next, month: named } : next);
        setError(null);
        setLoading(false);
        if (named) setMonth(named);
      },
      (failure: unknown) => {
        if (ask !== asked.current) return;
        setError(
          t('reports.error', { message: failure instanceof Error ? failure.message : String(failure) }),
        );
        setLoading(false);
      },
    );
    // tick: the periodic refresh.
    void tick;
  }, [active, section, month, client, t, tick]);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [active]);

  const exportAs = useCallback(
    async (format: ExportFormat) => {
      const label = `${t(`reports.section.${section}`)} ${format.toUpperCase()}`;
      setStatus(t('reports.exporting', { file: label }));
      try {
        const file = await client.request(
          'report.export',
          { report: section, format, lang, ...(month && section !== 'shift' ? { month } : {}) },
          { timeoutMs: REPORT_TIMEOUT_MS },
        );
        await downloadExport(client, file);
        setStatus(t('reports.exported', { file: file.fileName, size: `${Math.ceil(file.bytes / 1024)} KB` }));
      } catch (failure) {
        setStatus(null);
        setError(
          t('reports.error', { message: failure instanceof Error ? failure.message : String(failure) }),
        );
      }
    },
    [client, section, month, lang, t],
  );

  const stepMonth = useCallback((delta: number) => setMonth((m) => (m ? addMonths(m, delta) : m)), []);

  useViewKeys(active, (key, event) => {
    const index = Number(key) - 1;
    const format = EXPORT_KEYS[key];
    if (Number.isInteger(index) && SECTIONS[index]) {
      event.preventDefault();
      setSection(SECTIONS[index]);
    } else if (key === '[' || key === ']') {
      event.preventDefault();
      stepMonth(key === '[' ? -1 : 1);
    } else if (format) {
      event.preventDefault();
      void exportAs(format);
    }
  });

  const current =
    shown && shown.section === section && (section === 'shift' || shown.month === month) ? shown : null;
  const period: ReportPeriod | null = current && current.section !== 'shift' ? current.report.period : null;

  return (
    <div className="view view--reports" hidden={!active} data-testid="reports-view">
      <header className="rp-head">
        <h2>{t('reports.title')}</h2>
        <nav className="rp-sections" aria-label={t('reports.title')}>
          {SECTIONS.map((s, i) => (
            <button
              key={s}
              type="button"
              className="tab"
              aria-current={section === s ? 'page' : undefined}
              data-testid={`report-section-${s}`}
              onClick={() => setSection(s)}
            >
              {t(`reports.section.${s}`)} <kbd>{i + 1}</kbd>
            </button>
          ))}
        </nav>
        <div className="rp-month" hidden={section === 'shift'}>
          <Button onClick={() => stepMonth(-1)} aria-label={t('reports.prev')}>
            ‹ <kbd>[</kbd>
          </Button>
          <label>
            {t('reports.month')}
            <input
              type="month"
              value={month ?? ''}
              data-testid="report-month"
              onChange={(e) => e.target.value && setMonth(e.target.value)}
            />
          </label>
          <Button onClick={() => stepMonth(1)} aria-label={t('reports.next')}>
            <kbd>]</kbd> ›
          </Button>
        </div>
        <div className="rp-export">
          <span className="rp-muted">{t('reports.export')}</span>
          <ExportButtons
            formats={['csv', 'xlsx', 'pdf'] as const}
            testId="report-export"
            label={(format) => (
              <>
                {format.toUpperCase()} <kbd>{format === 'csv' ? 'C' : format === 'xlsx' ? 'X' : 'P'}</kbd>
              </>
            )}
            onExport={(format) => void exportAs(format)}
          />
        </div>
      </header>
      {period && (
        <p className="rp-period" data-testid="report-period">
          {t('reports.period', {
            from: formatInZone(period.from, period.timeZone).slice(0, 10),
            to: formatInZone(period.to - 1, period.timeZone).slice(0, 10),
            zone: period.timeZone,
          })}
          {' · '}
          {t('reports.observed', {
            from: formatInZone(period.observedFrom, period.timeZone),
            to: formatInZone(period.observedTo, period.timeZone),
          })}
          {' · '}
          {t('reports.generated', { time: formatInZone(period.generatedAt, period.timeZone).slice(11) })}
        </p>
      )}
      {error && (
        <p className="banner banner--warn" role="alert" data-testid="report-error">
          {error}
        </p>
      )}
      {status && (
        <p className="rp-status" role="status" data-testid="report-status">
          {status}
        </p>
      )}
      <main className="rp-body" data-testid={`report-${section}`} aria-busy={loading}>
        {!current && <p className="rp-muted">{t('reports.loading')}</p>}
        {current?.section === 'monthly' && <MonthlySection report={current.report} names={names} />}
        {current?.section === 'sla' && <SlaSection report={current.report} names={names} />}
        {current?.section === 'availability' && <AvailabilitySection report={current.report} names={names} />}
        {current?.section === 'alarmKpi' && <AlarmKpiSection report={current.report} names={names} />}
        {current?.section === 'shift' && <ShiftSection report={current.report} names={names} />}
      </main>
    </div>
  );
}
