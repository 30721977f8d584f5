import type { SlaReport } from '../../../../shared/api/reports';
import { formatInZone } from '../../../../shared/handover/format';
import { useI18n } from '../../i18n/context';
import { duration, messageKey, percent } from './model';
import { GREYS, GroupedBars, type Names, Panel, Sources, Tiles, VerdictMark } from './parts';

const limit = (ms: number, other: number | null) =>
  other === null ? `${ms / 3_600_000} h` : `${ms / 3_600_000} / ${other / 3_600_000} h`;

/** Met and breached per tier and clock, all groups together: a bar pair per commitment. */
function clockBars(report: SlaReport) {
  const sums = new Map<
    string,
    { key: string; tier: SlaReport['clocks'][number]['tier']; clock: string; met: number; breached: number }
  >();
  for (const c of report.clocks) {
    const key = `${c.tier}|${c.clock}`;
    const entry = sums.get(key) ?? { key, tier: c.tier, clock: c.clock, met: 0, breached: 0 };
    entry.met += c.met;
    entry.breached += c.breached;
    sums.set(key, entry);
  }
  return [...sums.values()];
}

/** Response, dispatch, arrival and fix against the preset each station group is on. */
export function SlaSection({ report, names }: { report: SlaReport; names: Names }) {
  const { t } = useI18n();
  const zone = report.period.timeZone;
  const group = (g: string) => (g === '*' ? t('reports.allGroups') : g);
  const clockName = (id: string) => {
    const key = messageKey('reports.clock', id);
    return key ? t(key) : id;
  };
  const w = report.workOrders;
  return (
    <>
      <Panel title={t('reports.sla.kpis')}>
        <Tiles kpis={report.kpis} prefix="reports.slaKpi" />
      </Panel>
      <Panel title={t('reports.sla.tiers')}>
        <div className="rp-scroll">
          <table className="rp-table" data-testid="report-sla-tiers">
            <thead>
              <tr>
                <th>{t('reports.group')}</th>
                <th>{t('reports.sla.preset')}</th>
                <th>{t('reports.sla.tier')}</th>
                <th className="num">{t('reports.sla.incidents')}</th>
                <th className="num">{t('reports.sla.fixed')}</th>
                <th className="num">{t('reports.sla.resolution')}</th>
                <th className="num">{t('reports.sla.timely')}</th>
                <th className="num">{t('reports.sla.untimely')}</th>
                <th className="num">{t('reports.sla.pending')}</th>
                <th className="num">{t('reports.sla.timeliness')}</th>
                <th className="num" title={t('reports.sla.medians')}>
                  {t('reports.sla.response')}
                </th>
                <th className="num">{t('reports.sla.dispatch')}</th>
                <th className="num">{t('reports.sla.arrival')}</th>
                <th className="num">{t('reports.sla.fix')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {report.tiers.map((r) => (
                <tr
                  key={`${r.group}|${r.tier}`}
                  className={`${r.group === '*' ? 'rp-row--total' : ''}${r.verdict === 'missed' ? ' rp-row--abnormal' : ''}`}
                  data-testid={`report-sla-${r.group}-${r.tier}`}
                >
                  <td>{group(r.group)}</td>
                  <td className="rp-muted">{r.preset}</td>
                  <td>{t(`reports.tier.${r.tier}`)}</td>
                  <td className="num">{r.incidents}</td>
                  <td className="num">{r.fixed}</td>
                  <td className="num">{percent(r.resolutionRate)}</td>
                  <td className="num">{r.timely}</td>
                  <td className="num">{r.untimely}</td>
                  <td className="num">{r.pending}</td>
                  <td className="num">{percent(r.timelinessRate)}</td>
                  <td className="num">{duration(r.responseMs)}</td>
                  <td className="num">{duration(r.dispatchMs)}</td>
                  <td className="num">{duration(r.arrivalMs)}</td>
                  <td className="num">{duration(r.fixMs)}</td>
                  <td>
                    <VerdictMark verdict={r.verdict} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {report.tiers.length === 0 && <p className="rp-muted">{t('reports.none')}</p>}
      </Panel>
      <Panel title={t('reports.sla.chart')}>
        <GroupedBars
          testId="report-chart-sla"
          unit=""
          series={[
            { key: 'met', name: t('reports.sla.met'), fill: GREYS.primary },
            { key: 'breached', name: t('reports.sla.breached'), fill: GREYS.secondary },
          ]}
          data={clockBars(report).map((c) => ({
            id: c.key,
            label: `${t(`reports.tier.${c.tier}`)} · ${clockName(c.clock)}`,
            values: { met: c.met, breached: c.breached },
            missed: { breached: c.breached > 0 },
          }))}
        />
      </Panel>
      <Panel title={t('reports.sla.clocks')}>
        <div className="rp-scroll">
          <table className="rp-table" data-testid="report-sla-clocks">
            <thead>
              <tr>
                <th>{t('reports.group')}</th>
                <th>{t('reports.sla.tier')}</th>
                <th>{t('reports.sla.clock')}</th>
                <th className="num">{t('reports.sla.limit')}</th>
                <th className="num">{t('reports.sla.met')}</th>
                <th className="num">{t('reports.sla.breached')}</th>
                <th className="num">{t('reports.sla.running')}</th>
                <th className="num">{t('reports.sla.notStarted')}</th>
                <th className="num">{t('reports.sla.median')}</th>
                <th className="num">{t('reports.sla.max')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {report.clocks.map((c) => (
                <tr
                  key={`${c.group}|${c.tier}|${c.clock}`}
                  className={c.verdict === 'missed' ? 'rp-row--abnormal' : undefined}
                  title={`${t('reports.sla.basis')}: ${c.basis}`}
                >
                  <td>{group(c.group)}</td>
                  <td>{t(`reports.tier.${c.tier}`)}</td>
                  <td>{clockName(c.clock)}</td>
                  <td className="num">{limit(c.limitMs, c.limitOtherMs)}</td>
                  <td className="num">{c.met}</td>
                  <td className="num">{c.breached}</td>
                  <td className="num">{c.running}</td>
                  <td className="num">{c.notStarted}</td>
                  <td className="num">{duration(c.medianMs)}</td>
                  <td className="num">{duration(c.maxMs)}</td>
                  <td>
                    <VerdictMark verdict={c.verdict} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <div className="rp-columns">
        <Panel title={t('reports.sla.workOrders')}>
          <table className="rp-table rp-table--narrow" data-testid="report-sla-workorders">
            <tbody>
              {(
                [
                  ['created', w.created],
                  ['dispatched', w.dispatched],
                  ['resolved', w.resolved],
                  ['accepted', w.accepted],
                  ['cancelled', w.cancelled],
                ] as const
              ).map(([key, n]) => (
                <tr key={key}>
                  <th>{t(`reports.sla.${key}`)}</th>
                  <td className="num">{n}</td>
                </tr>
              ))}
              <tr>
                <th>{t('reports.sla.resolution')}</th>
                <td className="num">{percent(w.resolutionRate)}</td>
              </tr>
            </tbody>
          </table>
        </Panel>
        <Panel title={t('reports.sla.applications')}>
          <table className="rp-table" data-testid="report-sla-applications">
            <thead>
              <tr>
                <th>ID</th>
                <th>{t('reports.sla.kind')}</th>
                <th>{t('reports.station')}</th>
                <th className="num">{t('reports.sla.devices')}</th>
                <th>{t('reports.sla.state')}</th>
                <th>{t('reports.sla.excluded')}</th>
              </tr>
            </thead>
            <tbody>
              {report.applications.map((a) => (
                <tr key={a.id} title={a.reason}>
                  <td className="rp-id">{a.id}</td>
                  <td>{t(`reports.app.${a.kind}`)}</td>
                  <td>{names.station(a.stationId)}</td>
                  <td className="num">{a.devices}</td>
                  <td className="rp-muted">{a.state}</td>
                  <td>
                    {a.excludedFrom === null || a.excludedTo === null
                      ? '—'
                      : `${formatInZone(a.excludedFrom, zone)} – ${formatInZone(a.excludedTo, zone)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.applications.length === 0 && <p className="rp-muted">{t('reports.none')}</p>}
        </Panel>
      </div>
      <Sources sources={report.sources} />
    </>
  );
}
