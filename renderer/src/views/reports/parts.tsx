import type { Kpi, Verdict } from '../../../../shared/api/reports';
import { reportText } from '../../../../shared/i18n/words';
import { useI18n } from '../../i18n/context';
import type { Translate } from '../../i18n/lang';
import {
  type Column,
  DataTable,
  type DataTableProps,
  numColumn,
  textColumn,
} from '../../ui/report/DataTable';
import { KpiCell, KpiGrid } from '../../ui/report/KpiCell';
import { TablePanel } from '../../ui/report/TablePanel';
import { kpiParts, messageKey, percent, targetText } from './model';

/** Station and device names as the operator knows them, in the language on screen. */
export type Names = { station(id: string): string; device(id: string | null): string };

/** Grey unless a target is missed (ISA-101): the verdict is written out as well as coloured. */
export function VerdictMark({ verdict }: { verdict: Verdict }) {
  const { t } = useI18n();
  if (verdict === 'none') return null;
  return (
    <span className={`rp-verdict rp-verdict--${verdict}`} data-verdict={verdict}>
      {verdict === 'missed' ? '▲ ' : ''}
      {t(`reports.verdict.${verdict}`)}
    </span>
  );
}

/** The class of a row that missed its target: red, the rest grey. */
export function abnormalIfMissed(row: { verdict: Verdict }): string | undefined {
  return row.verdict === 'missed' ? 'rp-row--abnormal' : undefined;
}

/** One KPI: its name, its value large enough to read across the room, its target and verdict. */
export function KpiTile({ kpi, prefix, counts = false }: { kpi: Kpi; prefix: string; counts?: boolean }) {
  const { t } = useI18n();
  const key = messageKey(prefix, kpi.id);
  const target = targetText(kpi.target, kpi.unit);
  const { text, unit } = kpiParts(kpi);
  return (
    <KpiCell
      name={key ? t(key) : kpi.id}
      value={text}
      unit={unit}
      tone={kpi.verdict}
      testId={`report-kpi-${kpi.id}`}
      data-verdict={kpi.verdict}
      title={`${kpi.target?.basis ? `${reportText(kpi.target.basis, t)}\n` : ''}${t('reports.sources')}: ${reportText(kpi.source, t)}`}
    >
      {/* Plain counts (a shift's) have no target to show; KPIs say so when they have none. */}
      {!(counts && !target) && (
        <div className="rp-tile__target">
          {target ? t('reports.target', { target }) : t('reports.noTarget')}{' '}
          <VerdictMark verdict={kpi.verdict} />
        </div>
      )}
    </KpiCell>
  );
}

export function Tiles({
  kpis,
  prefix,
  counts = false,
}: {
  kpis: readonly Kpi[];
  prefix: string;
  counts?: boolean;
}) {
  return (
    <KpiGrid compact={counts}>
      {kpis.map((k) => (
        <KpiTile key={k.id} kpi={k} prefix={prefix} counts={counts} />
      ))}
    </KpiGrid>
  );
}

/**
 * Where each figure comes from, folded away until asked for, in the words
 * the printed record uses; several figures may share one source.
 */
export function Sources({ sources }: { sources: Readonly<Record<string, string>> }) {
  const { t } = useI18n();
  const texts = [...new Set(Object.values(sources))];
  return (
    <details className="rp-sources">
      <summary>{t('reports.sources')}</summary>
      <ul>
        {texts.map((text) => (
          <li key={text}>{reportText(text, t)}</li>
        ))}
      </ul>
    </details>
  );
}

/** A device as the report lists it: its name, and its id in small grey type to tell twins apart. */
export function DeviceName({ name, id }: { name: string; id: string }) {
  return (
    <>
      {name} <span className="rp-id">{id}</span>
    </>
  );
}

type DeviceRow = { stationId: string; deviceId: string; name: string };

/** The first two columns of every table of devices: the station, then the device by name and id. */
function deviceColumns<T extends DeviceRow>(names: Names, t: Translate): Column<T>[] {
  return [
    textColumn('station', t('reports.station'), (d) => names.station(d.stationId)),
    textColumn('device', t('reports.device'), (d) => <DeviceName name={d.name} id={d.deviceId} />),
  ];
}

/** A table of devices, a row each: the station and the device first, then the columns given. */
export function DeviceTable<T extends DeviceRow>({
  names,
  columns,
  ...table
}: Omit<DataTableProps<T>, 'rowKey'> & { title: string; names: Names }) {
  const { t } = useI18n();
  return <TablePanel<T> {...table} rowKey={deviceKey} columns={[...deviceColumns(names, t), ...columns]} />;
}

function deviceKey(row: DeviceRow): string {
  return row.deviceId;
}

type AlarmRow = { cause: string; deviceId: string | null; stationId: string };

/**
 * The first two columns of every list of alarms: what the alarm says and
 * where it stands; headed when given the words, bare in a list of problems.
 */
export function alarmColumns<T extends AlarmRow>(where: (row: T) => string, t?: Translate): Column<T>[] {
  return [
    textColumn('alarm', t?.('reports.alarm.alarm'), (a) => a.cause),
    textColumn('device', t?.('reports.device'), where),
  ];
}

type TopRow = AlarmRow & { alarmId: string; count: number; share: number | null };

/** The most frequent alarms, a row each: what and where, its count and its share of all alarms. */
export function TopTable<T extends TopRow>({
  where,
  ...table
}: Omit<DataTableProps<T>, 'rowKey' | 'columns'> & { where(row: T): string }) {
  const { t } = useI18n();
  return (
    <DataTable<T>
      {...table}
      rowKey={alarmKey}
      columns={[
        ...alarmColumns(where, t),
        numColumn('count', t('reports.alarm.count'), (a) => a.count),
        numColumn('share', t('reports.alarm.share'), (a) => percent(a.share)),
      ]}
    />
  );
}

function alarmKey(row: { alarmId: string }): string {
  return row.alarmId;
}
