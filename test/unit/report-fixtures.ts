import type { Device, Station } from '../../shared/api/model';
import type { JsonValue } from '../../shared/journal/event';
import type { ReportEvent } from '../../shared/report/facts';
import { reportPeriod } from '../../shared/report/period';

/** Events and a small fleet for the report unit tests: times are minutes into November 2026, Shanghai time. */

export const TZ = 'Asia/Shanghai';
/** 2026-11-01 00:00 in Shanghai. */
export const T0 = Date.UTC(2026, 9, 31, 16);
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const at = (minutes: number) => T0 + minutes * MIN;

const SYSTEM = { user: 'dutydesk', role: 'system' };
const MONITOR = { user: 'mon-a', role: 'monitor' };

export const stations: Station[] = [
  { id: 's1', name: '一号站', nameEn: 'One', address: '', lat: 30, lng: 120, group: '越城区', urban: true },
  { id: 's2', name: '二号站', nameEn: 'Two', address: '', lat: 30, lng: 120, group: '诸暨市', urban: false },
];

const device = (
  id: string,
  stationId: string,
  kind: Device['kind'],
  guns: number,
  endpoint: string,
): Device => ({
  id,
  stationId,
  name: id.toUpperCase(),
  kind,
  profile: kind === 'dc-charger' ? 'dc-120kw-dual' : kind === 'ac-charger' ? 'ac-7kw' : 'pv-sunspec-103',
  endpoint,
  unitId: 1,
  guns,
  ratedKw: 7,
});

export const devices: Device[] = [
  device('s1-ac1', 's1', 'ac-charger', 1, 'gw1:502'),
  device('s1-dc1', 's1', 'dc-charger', 2, 'gw1:502'),
  device('s1-pv1', 's1', 'pv-inverter', 0, 'gw1:502'),
  device('s2-ac1', 's2', 'ac-charger', 1, 'gw2:502'),
  device('s2-pv1', 's2', 'pv-inverter', 0, 'gw2:502'),
];

export const fleet = { stations, devices };

/** The whole of November observed, as if the desk had run all month and the report was made on 1 December. */
export const november = reportPeriod('2026-11', TZ, T0 - HOUR, Date.UTC(2026, 10, 30, 16) + HOUR);

export function event(
  type: string,
  subject: string,
  minute: number,
  data: JsonValue,
  by = SYSTEM,
): ReportEvent {
  return { ts: at(minute), type, subject, data, reason: null, actor: by };
}

type AlarmOptions = {
  from?: string;
  to?: string;
  tier?: string;
  priority?: string;
  source?: 'status' | 'limit';
  stationId?: string;
};

/** alarm.raised of `${device}:${cause}` (or a station / gateway alarm when device is null). */
export function raise(alarmId: string, minute: number, o: AlarmOptions = {}): ReportEvent {
  const [owner = '', cause = ''] = alarmId.split(/:(?=[^:]+$)/);
  const isDevice = !cause.startsWith('comms.station') && !cause.startsWith('comms.gateway');
  return event('alarm.raised', alarmId, minute, {
    from: o.from ?? 'normal',
    to: o.to ?? 'active-unacknowledged',
    cause,
    source: o.source ?? 'status',
    deviceId: isDevice ? owner : null,
    stationId: o.stationId ?? (isDevice ? (owner.split('-')[0] ?? '') : owner),
    tier: o.tier ?? 'remote',
    priority: o.priority ?? 'low',
  });
}

/** A step of one alarm from `from` to `to`, its cause read from the id; `from` is active-unacknowledged unless given. */
const alarmStep =
  (type: string, usualTo: string, by = SYSTEM) =>
  (alarmId: string, minute: number, from = 'active-unacknowledged', to = usualTo): ReportEvent =>
    event(type, alarmId, minute, { from, to, cause: alarmId.slice(alarmId.lastIndexOf(':') + 1) }, by);

export const clear = alarmStep('alarm.cleared', 'returned-unacknowledged');
export const ack = alarmStep('alarm.acked', 'active-acknowledged', MONITOR);

export function workOrder(
  id: string,
  minute: number,
  incident: { alarmId: string; raisedAt: number },
  tier = 'on-site',
) {
  return event(
    'workorder.created',
    id,
    minute,
    {
      title: 'fix',
      incidents: [incident],
      stationId: 's1',
      deviceIds: [incident.alarmId.split(':')[0] ?? ''],
      tier,
      defectClass: 'serious',
    },
    MONITOR,
  );
}

export function step(id: string, type: string, minute: number, event_: Record<string, JsonValue>) {
  return event(`workorder.${type}`, id, minute, { event: event_, detail: null, stationId: 's1' }, MONITOR);
}

export function session(deviceId: string, endMinute: number, energyKwh: number): ReportEvent {
  return event('charging.session', `${deviceId}:gun1`, endMinute, {
    deviceId,
    stationId: deviceId.split('-')[0] ?? '',
    gun: 1,
    startedAt: at(endMinute - 60),
    endedAt: at(endMinute),
    energyKwh,
    durationS: 3600,
    endState: 'idle',
  });
}

export function application(
  id: string,
  minute: number,
  kind: string,
  deviceIds: string[],
  extra: { from?: number | null; until?: number | null; reason?: string } = {},
): ReportEvent {
  return event(
    'application.filed',
    id,
    minute,
    {
      kind,
      target: { deviceId: deviceIds[0] ?? '' },
      deviceIds,
      stationId: deviceIds[0]?.split('-')[0] ?? '',
      reason: extra.reason ?? (kind === 'exemption' ? 'extreme-weather' : 'before-maintenance'),
      note: '',
      from: extra.from ?? null,
      until: extra.until ?? null,
    },
    MONITOR,
  );
}

export const decide = (id: string, minute: number, type: 'approved' | 'rejected' | 'ended') =>
  event(`application.${type}`, id, minute, { kind: 'outage', from: 'applied', to: type }, MONITOR);
