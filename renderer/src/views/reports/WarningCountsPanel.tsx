import { DetectorId } from '../../../../shared/warning/model';
import {
  CONFIRM_WITHIN_MS,
  type MonthlyWarnings,
  type WarningCounts,
} from '../../../../shared/warning/monthly';
import { useI18n } from '../../i18n/context';
import { DataTable, numColumn, textColumn } from '../../ui/report/DataTable';
import { Panel } from '../../ui/report/KpiCell';

type Row = WarningCounts & { detector: DetectorId };

/** The month's early warnings per detector: raised, acted on, confirmed by a later fault, dismissed (issue 19). */
export function WarningCountsPanel({ warnings }: { warnings: MonthlyWarnings }) {
  const { t } = useI18n();
  const rows: Row[] = DetectorId.options.flatMap((detector) => {
    const counts = warnings.byDetector[detector];
    return counts ? [{ ...counts, detector }] : [];
  });
  const count = (key: keyof WarningCounts) => (row: WarningCounts) => row[key];
  return (
    <Panel title={t('reports.warnings.title')} testId="report-warnings">
      <DataTable<Row>
        narrow
        rows={rows}
        rowKey={(r) => r.detector}
        rowTestId={(r) => `report-warnings-${r.detector}`}
        empty={t('reports.warnings.none')}
        columns={[
          textColumn('detector', t('reports.warnings.detector'), (r) => t(`warn.detector.${r.detector}`), {
            rowHead: true,
          }),
          numColumn('raised', t('reports.warnings.raised'), count('raised'), { testId: 'raised' }),
          numColumn('acted', t('reports.warnings.actedOn'), count('actedOn'), { testId: 'acted' }),
          numColumn('confirmed', t('reports.warnings.confirmed'), count('confirmed'), {
            testId: 'confirmed',
          }),
          numColumn('dismissed', t('reports.warnings.dismissed'), count('dismissed'), {
            testId: 'dismissed',
          }),
        ]}
        foot={
          <tr data-testid="report-warnings-total">
            <th>{t('reports.total')}</th>
            <td className="num">{warnings.raised}</td>
            <td className="num">{warnings.actedOn}</td>
            <td className="num">{warnings.confirmed}</td>
            <td className="num">{warnings.dismissed}</td>
          </tr>
        }
      />
      <p className="rp-muted">{t('reports.warnings.source', { days: CONFIRM_WITHIN_MS / 86_400_000 })}</p>
    </Panel>
  );
}
