import { memo } from 'react';
import { ISA_LETTER } from '../../../../shared/alarm/state';
import type { AlarmView } from '../../../../shared/api';
import type { RuleText } from '../../../../shared/triage/sla';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { isUnacknowledged } from '../../state/alarms';
import { ListOption, type RowProps } from '../../ui/list/List';
import type { FleetMaps } from '../common/useFleetMaps';
import { type QueueRow, type SlaStatus, slaOf } from './model';
import { causeText, formatAge, formatCountdown, PRIORITY_MARK, whereText } from './words';

type Props = RowProps<QueueRow> &
  FleetMaps & {
    nowMs: number;
    /** The basis of the clock shown, as its hover text. */
    ruleText: RuleText;
    onToggle(key: string): void;
  };

export const rowId = (index: number) => `alarm-row-${index}`;

/** One line of the queue: an alarm, or a flood group of one cause at one station. */
export const AlarmRowView = memo(function AlarmRowView({
  row,
  index,
  selected,
  nowMs,
  ruleText,
  stations,
  devices,
  style,
  onPick,
  onToggle,
}: Props) {
  const { t, lang } = useI18n();
  const fleetClock = useFleetTime();
  const lead: AlarmView = row.kind === 'group' ? (row.alarms[0] as AlarmView) : row.alarm;
  const alarms = row.kind === 'group' ? row.alarms : [row.alarm];
  const unacked = row.kind === 'group' ? row.unacknowledged > 0 : isUnacknowledged(row.alarm);
  const where = whereText(
    lead,
    stations.get(lead.stationId),
    lead.deviceId ? devices.get(lead.deviceId) : undefined,
    lang,
  );
  // The nearest deadline of the row's alarms, with whose it is: its basis depends on that alarm's preset and tier.
  let sla: (SlaStatus & { alarm: AlarmView }) | null = null;
  for (const alarm of alarms) {
    const own = slaOf(alarm, nowMs);
    if (own && (!sla || own.deadline < sla.deadline)) sla = { ...own, alarm };
  }
  const oldest = Math.min(...alarms.map((a) => a.raisedAt));
  const expandable = row.kind === 'group' || row.children.length > 0;
  const depth = row.kind === 'group' ? 0 : row.depth;

  return (
    <ListOption
      id={rowId(index)}
      selected={selected}
      data-expanded={expandable ? row.expanded : undefined}
      className={`listrow arow arow--${row.kind}${unacked ? ' arow--unacked' : ''}`}
      data-testid={row.kind === 'group' ? 'alarm-group' : 'alarm-row'}
      data-key={row.key}
      data-alarm-id={row.kind === 'alarm' ? row.alarm.id : undefined}
      data-state={row.kind === 'alarm' ? row.alarm.state : undefined}
      data-priority={lead.priority}
      data-tier={lead.tier}
      data-depth={depth}
      data-children={row.kind === 'alarm' ? row.children.length : row.alarms.length}
      style={style}
      onPick={() => onPick(index)}
    >
      <span className={`arow__prio prio prio--${lead.priority}`} data-filled={unacked}>
        <span aria-hidden="true">{PRIORITY_MARK[lead.priority]}</span> {t(`alarms.priority.${lead.priority}`)}
      </span>
      <span className="arow__tier" data-tier={lead.tier}>
        {t(`alarms.tier.${lead.tier}`)}
      </span>
      <span className="arow__where">
        {depth > 0 && <span className="arow__indent" aria-hidden="true" />}
        <strong>{where.station}</strong>
        {where.detail && <span className="arow__device"> · {where.detail}</span>}
      </span>
      <span className="arow__cause">
        {expandable && (
          <button
            type="button"
            className="arow__toggle"
            tabIndex={-1}
            aria-label={t('alarms.expandHint')}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(row.key);
            }}
          >
            {row.expanded ? '▾' : '▸'}
          </button>
        )}
        <span className="arow__causetext">{causeText(lead.cause, t)}</span>
        {row.kind === 'group' && (
          <span className="arow__count" data-testid="group-count">
            {t('alarms.group', { count: row.alarms.length })}
          </span>
        )}
        {row.kind === 'alarm' && row.children.length > 0 && (
          <span className="arow__count" data-testid="suppressed-count">
            {t('alarms.suppressedChildren', { count: row.children.length })}
          </span>
        )}
        {row.kind === 'alarm' && row.alarm.chattering && (
          <span className="arow__chatter" title={t('alarms.chatteringHint')} data-testid="chattering">
            ↯ {t('alarms.chattering')}
          </span>
        )}
      </span>
      <span className="arow__state">
        {row.kind === 'group' &&
          row.unacknowledged > 0 &&
          t('alarms.groupUnacked', { count: row.unacknowledged })}
        {row.kind === 'alarm' && (
          <>
            <span className="arow__isa">{ISA_LETTER[row.alarm.state]}</span>{' '}
            {t(`alarms.state.${row.alarm.state}`)}
          </>
        )}
      </span>
      <span className="arow__age">{formatAge(nowMs - oldest)}</span>
      <span
        className="arow__sla"
        data-testid="alarm-sla"
        data-breached={sla?.breached ?? false}
        data-deadline={sla?.deadline}
        title={sla ? ruleText(sla.alarm.slaPreset, sla.alarm.tier, sla.clockId) : undefined}
      >
        {sla ? (
          <>
            {sla.breached && <span aria-hidden="true">▲ </span>}
            {formatCountdown(sla.remainingMs)}
          </>
        ) : (
          t('alarms.noSla')
        )}
      </span>
      {/* An alarm back in an unacknowledged state is nobody's yet, whoever acknowledged its last incident. */}
      <span className="arow__acked">{row.kind === 'alarm' && !unacked ? (row.alarm.ackedBy ?? '') : ''}</span>
      <span className="arow__shelf" data-testid="alarm-shelf">
        {row.kind === 'alarm' && row.alarm.shelf ? fleetClock.when(row.alarm.shelf.untilMs, nowMs) : ''}
      </span>
    </ListOption>
  );
});
