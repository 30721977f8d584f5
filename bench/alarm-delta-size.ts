import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../electron/log/logger';
import { Journal } from '../electron/store/journal';
import { startDuty } from '../electron/workorders/duty';
import { loadProfiles } from '../node/profiles';
import { resourcesDir } from '../node/resources';
import type { AlarmsDelta, AlarmView } from '../shared/api/contract';
import type { Device } from '../shared/api/model';
import { ruleTextOf, type SlaRuleTexts, slaSettingsOf } from '../shared/triage/sla';
import { testStatus } from '../test/helpers/fleet-fixtures';
import { FAULT_BITS, fleetFor } from './storm-fleet';

/**
 * Bytes of the alarms.delta frames of an alarm storm (issue 20 item 8).
 * The storm of bench/alarm-storm.ts on the engine path — AC chargers with
 * ten fault bits each, twenty per station — with two of its five station
 * groups on the Shaoxing preset, so both presets' clocks are in the records. Each
 * frame is measured as the transports send it (JSON, UTF-8). The baseline
 * is the same frames with each clock's basis put back in the record, as the
 * records carried it before the texts moved to `sla.rules`; that reply,
 * sent once per connection, is counted beside them.
 */
export type DeltaSizeResult = {
  alarms: number;
  frames: number;
  /** As sent: clocks name their rule by preset, tier and id. */
  bytes: number;
  /** The same frames with each clock's basis inline. */
  inlineBytes: number;
  /** The one `sla.rules` reply a client fetches and keeps. */
  rulesBytes: number;
};

/** Two of the storm fleet's five groups run on the Shaoxing preset, the rest on the service commitment. */
const SHAOXING_GROUPS = ['片区 2', '片区 4'];

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** A record with its clocks' basis inline, as before `sla.rules`. */
function inline(alarm: AlarmView, basisOf: ReturnType<typeof ruleTextOf>) {
  return {
    ...alarm,
    clocks: alarm.clocks.map((c) => ({ ...c, basis: basisOf(alarm.slaPreset, alarm.tier, c.id) ?? '' })),
  };
}

export async function measureDeltaSize(chargers: number): Promise<DeltaSizeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-delta-size-'));
  const journal = Journal.open(join(dir, 'journal.sqlite'), { synchronous: 'NORMAL' });
  const deltas: AlarmsDelta[] = [];
  const sla = slaSettingsOf({
    default: 'service-commitment',
    presetByGroup: Object.fromEntries(SHAOXING_GROUPS.map((g) => [g, 'shaoxing'])),
  });
  const duty = startDuty({
    journal,
    emit: (frame) => {
      if (frame.event === 'alarms.delta') deltas.push(frame.data as AlarmsDelta);
    },
    log: createLogger('bench', () => {}),
    sla,
  });
  try {
    const { stations, devices } = fleetFor(chargers, (g) => `10.0.${g}.1:502`);
    duty.setFleet(stations, devices, loadProfiles(join(resourcesDir(), 'profiles')), sla);
    const status = (d: Device, faults: readonly string[]) => testStatus(d.id, faults, 0);
    duty.onTelemetry({ status: devices.map((d) => status(d, [])), samples: [] });
    deltas.length = 0;
    const perFlush = Math.max(1, Math.floor(devices.length / 100));
    for (let i = 0; i < devices.length; i += perFlush) {
      duty.onTelemetry({
        status: devices.slice(i, i + perFlush).map((d) => status(d, FAULT_BITS)),
        samples: [],
      });
    }
    const rules: SlaRuleTexts = await duty.api['sla.rules']({}, { user: 'bench', role: 'admin' });
    const basisOf = ruleTextOf(rules);
    const frame = (data: unknown) => ({ type: 'event', event: 'alarms.delta', data });
    return {
      alarms: deltas.reduce((n, d) => n + d.alarms.length, 0),
      frames: deltas.length,
      bytes: deltas.reduce((n, d) => n + bytesOf(frame(d)), 0),
      inlineBytes: deltas.reduce(
        (n, d) => n + bytesOf(frame({ ...d, alarms: d.alarms.map((a) => inline(a, basisOf)) })),
        0,
      ),
      rulesBytes: bytesOf({ type: 'reply', id: 1, ok: true, result: rules }),
    };
  } finally {
    duty.stop();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;

export function deltaSizeReport(r: DeltaSizeResult): string {
  const perRecord = (bytes: number) => (bytes / r.alarms).toFixed(0);
  return [
    `An alarm storm of ${r.alarms.toLocaleString('en')} alarms (${r.alarms / FAULT_BITS.length} AC chargers × ${FAULT_BITS.length} fault bits, two stations in five on the Shaoxing preset, the rest on the service commitment) on the engine path: the bytes of its ${r.frames} alarms.delta frames as sent, against the same frames with each clock's seed sentence inline as the records carried it before.`,
    '',
    '| alarm records | frames | bytes per record | total |',
    '|---|---:|---:|---:|',
    `| clock basis inline (before) | ${r.frames} | ${perRecord(r.inlineBytes)} | ${kb(r.inlineBytes)} |`,
    `| rule keys only, texts from \`sla.rules\` (now) | ${r.frames} | ${perRecord(r.bytes)} | ${kb(r.bytes)} |`,
    `| \`sla.rules\` reply, once per connection | 1 | — | ${kb(r.rulesBytes)} |`,
    '',
    `Deltas now: ${((r.bytes / r.inlineBytes) * 100).toFixed(0)} % of before (${(r.inlineBytes / r.bytes).toFixed(2)}× smaller).`,
  ].join('\n');
}
