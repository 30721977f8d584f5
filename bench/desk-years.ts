import type { JournalInput, JsonValue } from '../shared/journal/event';
import { type Rng, uniform } from '../sim/random';
import type { SyntheticFleet } from './report-month';

/**
 * What a duty desk journals beyond the fleet's own month (report-month.ts):
 * storms that take whole stations off the network at once, the two shift
 * handovers a day with their notes and daily checks, and the sign-ins,
 * locks and switches of the people at the desk.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SYSTEM = { user: 'dutydesk', role: 'system' };
const MONITORS = ['mon-a', 'mon-b', 'mon-c', 'mon-d'];
const LEADS = ['lead-a', 'lead-b'];

/** Typhoons and thunderstorms come in summer: the chance of a storm in a month, by calendar month (0 = January). */
const STORM_CHANCE = [0.1, 0.1, 0.2, 0.3, 0.4, 0.7, 0.9, 0.9, 0.7, 0.3, 0.1, 0.1];

type Comms = { subject: string; stationId: string; deviceId: string | null; cause: string };

function commsEvent(
  type: string,
  at: number,
  from: string,
  to: string,
  c: Comms,
  extra: Record<string, JsonValue> = {},
  user = SYSTEM.user,
) {
  return {
    type,
    subject: c.subject,
    ts: at,
    data: {
      from,
      to,
      cause: c.cause,
      source: 'status',
      deviceId: c.deviceId,
      stationId: c.stationId,
      tier: 'on-site',
      priority: 'high',
      defectClass: 'serious',
      ruleId: c.cause,
      ...extra,
    },
    reason: null,
    actor: user === SYSTEM.user ? SYSTEM : { user, role: 'monitor' },
  } satisfies JournalInput;
}

/**
 * A storm: a third of the stations lose their network within half an
 * hour, each station alarm standing for its devices' (suppressed), and come
 * back over the next hours, each acknowledged by the monitor on duty.
 */
export function stormEvents(fleet: SyntheticFleet, from: number, to: number, rng: Rng): JournalInput[] {
  if (rng() >= (STORM_CHANCE[new Date(from + 8 * HOUR).getUTCMonth()] ?? 0)) return [];
  const events: JournalInput[] = [];
  const hit = Math.round(from + uniform(rng, 0, to - from - DAY));
  const byStation = new Map<string, string[]>();
  for (const d of fleet.devices) byStation.set(d.stationId, [...(byStation.get(d.stationId) ?? []), d.id]);
  for (const station of fleet.stations) {
    if (rng() >= 0.33) continue;
    const lost = Math.round(hit + uniform(rng, 0, 30) * 60_000);
    const back = Math.round(lost + uniform(rng, 1, 8) * HOUR);
    const parent: Comms = {
      subject: `${station.id}:comms.station`,
      stationId: station.id,
      deviceId: null,
      cause: 'comms.station',
    };
    events.push(commsEvent('alarm.raised', lost, 'normal', 'active-unacknowledged', parent));
    for (const deviceId of byStation.get(station.id) ?? []) {
      const child: Comms = {
        subject: `${deviceId}:comms.device`,
        stationId: station.id,
        deviceId,
        cause: 'comms.device',
      };
      const parentOf = { parent: { kind: 'station', id: station.id } };
      events.push(commsEvent('alarm.suppressed', lost, 'normal', 'suppressed-by-design', child, parentOf));
      events.push(commsEvent('alarm.unsuppressed', back, 'suppressed-by-design', 'normal', child));
    }
    events.push(
      commsEvent('alarm.cleared', back, 'active-unacknowledged', 'returned-unacknowledged', parent),
    );
    const monitor = MONITORS[Math.floor(rng() * MONITORS.length)] ?? 'mon-a';
    events.push(
      commsEvent('alarm.acked', back + 90_000, 'returned-unacknowledged', 'normal', parent, {}, monitor),
    );
  }
  return events;
}

/** The shift id of a shift starting at local (UTC+8) `startMs`: `YYYY-MM-DD@HH:MM`. */
function shiftId(startMs: number): string {
  const local = new Date(startMs + 8 * HOUR).toISOString();
  return `${local.slice(0, 10)}@${local.slice(11, 16)}`;
}

/**
 * Two shifts a day (08:00 and 20:00 local): the monitor and the lead sign
 * in, lock the desk for breaks, switch at the handover; the lead records
 * the daily checks and a note or two in the shift's handover record.
 */
export function deskDayEvents(from: number, to: number, rng: Rng): JournalInput[] {
  const events: JournalInput[] = [];
  // 08:00 and 20:00 in UTC+8 are 00:00 and 12:00 UTC: multiples of twelve hours since the epoch.
  const firstShift = Math.ceil(from / (12 * HOUR)) * 12 * HOUR;
  for (let start = firstShift; start < to; start += 12 * HOUR) {
    const monitor = MONITORS[Math.floor(rng() * MONITORS.length)] ?? 'mon-a';
    const lead = LEADS[Math.floor(rng() * LEADS.length)] ?? 'lead-a';
    const id = shiftId(start);
    const subject = `handover/${id}`;
    const acct = (type: string, user: string, role: string, ts: number, data: Record<string, string>) =>
      events.push({ type, subject: `account:${user}`, ts, data, reason: null, actor: { user, role } });
    acct('auth.login', monitor, 'monitor', start + 60_000, { via: 'window' });
    for (let b = 0; b < 2; b++) {
      const locked = Math.round(start + uniform(rng, 1, 11) * HOUR);
      acct('auth.lock', monitor, 'monitor', locked, {});
      acct('auth.unlock', monitor, 'monitor', locked + Math.round(uniform(rng, 5, 30) * 60_000), {});
    }
    acct('auth.logout', monitor, 'monitor', start + 12 * HOUR - 120_000, {});
    if (new Date(start + 8 * HOUR).getUTCHours() === 8) {
      for (const check of ['cameras', 'iot-sim', 'ethernet']) {
        events.push({
          type: 'handover.check',
          subject,
          ts: Math.round(start + uniform(rng, 1, 3) * HOUR),
          data: {
            shiftId: id,
            result: {
              check,
              status: rng() < 0.05 ? 'problem' : 'ok',
              note: '',
              simDataMb: check === 'iot-sim' ? Math.round(uniform(rng, 100, 900)) : null,
            },
          },
          reason: null,
          actor: { user: lead, role: 'shift-lead' },
        });
      }
    }
    for (let n = 0; n < 1 + Math.floor(rng() * 2); n++) {
      events.push({
        type: 'handover.note',
        subject,
        ts: Math.round(start + uniform(rng, 2, 11.5) * HOUR),
        data: { shiftId: id, text: `交班备注 ${n + 1}：巡检正常，雨天注意充电枪防水`, stationId: null },
        reason: null,
        actor: { user: lead, role: 'shift-lead' },
      });
    }
  }
  return events;
}
