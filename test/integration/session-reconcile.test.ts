import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { DESK_READER } from '../../electron/handover/work-source';
import type { JournalEvent } from '../../shared/journal/event';
import { SESSION_EVENT } from '../../shared/report/facts';
import {
  METER_ANOMALY_EVENT,
  METER_CHECKPOINT_EVENT,
  meterSubject,
} from '../../shared/report/meter-reconcile';
import { monthOf } from '../../shared/report/period';
import { RULES_EVENT } from '../../shared/report/rules';
import { IN_SESSION } from '../../shared/report/session-tracker';
import { startDesk } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { pdfText, xlsxText } from '../helpers/record-text';
import { until } from '../helpers/until';

/**
 * Issue 20 item 7, against the simulator as a real Modbus peer over TCP:
 * the desk watches station sx01, a car plugs into a charger, the desk is
 * stopped mid-session, the simulator's clock runs eight hours (the car
 * finishes and leaves; others may come), and at the next start the desk
 * finds the energy its journal does not account for and records it as a
 * reconstructed session. Another charger's register is set back while the
 * desk is down (a replaced meter): that is an anomaly, not a session.
 */

type Desk = Awaited<ReturnType<typeof startDesk>>;

const TZ = 'Asia/Shanghai';
/** 10:00 in Shaoxing on 10 November 2026: the simulated fleet's own clock. */
let simNow = Date.UTC(2026, 10, 10, 2);
const MINUTE = 60_000;

describe('sessions that ended while the desk was stopped', () => {
  let desk: Desk;
  let second: Engine | null = null;
  let charger = '';
  let replaced = '';
  /** The charger's register before the car came, and what it accounts for after the gap. */
  let meterBefore = 0;
  let accountedAfter = 0;
  let replacedAccounted = 0;
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-session-reconcile-'));

  const journal = <T>(use: (read: (q: { type?: string; subject?: string }) => JournalEvent[]) => T) =>
    withDeskJournal(desk.dataDir, (j) => use((q) => j.read({ ...q, limit: 100_000 })));
  const meterEvents = (deviceId: string) => journal((read) => read({ subject: meterSubject(deviceId) }));
  const point = (deviceId: string, key: string) => desk.fleet.device(deviceId).image.readPoint(key);
  const inSession = (deviceId: string) => IN_SESSION.has(String(point(deviceId, 'gun1.state')));
  /** What the journal should account for now: the register less the session under way. */
  const accounted = (deviceId: string) =>
    Number(point(deviceId, 'totalEnergy')) -
    (inSession(deviceId) ? Number(point(deviceId, 'gun1.energy')) : 0);
  /** Moves the simulated clock on, a minute of physics at a time. */
  const run = (minutes: number) => {
    for (let i = 0; i < minutes; i++) {
      simNow += MINUTE;
      desk.fleet.tick();
    }
  };

  beforeAll(async () => {
    desk = await startDesk({ stations: 1, simClock: { now: () => simNow, tickMs: 0 } });
    const chargers =
      desk.fleet.stations[0]?.devices.filter((d) => d.profile === 'ac-7kw').map((d) => d.id) ?? [];
    const idle = chargers.filter((id) => !inSession(id));
    charger = idle[0] ?? '';
    replaced = chargers.find((id) => id !== charger) ?? '';
    expect(charger && replaced).toBeTruthy();

    // The first start has nothing to compare with: each charger's register becomes the baseline.
    await until(
      () => [charger, replaced].every((id) => meterEvents(id).some((e) => e.type === METER_CHECKPOINT_EVENT)),
      'the first meter checkpoints',
    );
    meterBefore = Number(point(charger, 'totalEnergy'));
    expect((desk.fleet.device(charger).model as { plugIn(): boolean }).plugIn()).toBe(true);
    run(10);
    // The desk has seen the car charging (its session energy register and the meter) before it stops.
    await until(async () => {
      const { samples } = await desk.engine.api['fleet.snapshot']({}, DESK_READER);
      const reading = (key: string) => samples.find((s) => s.deviceId === charger && s.key === key)?.value;
      const energy = reading('gun1.energy');
      return (
        typeof energy === 'number' && energy > 0 && reading('totalEnergy') === point(charger, 'totalEnergy')
      );
    }, 'the desk saw the session under way');
    await desk.engine.stop();

    // Eight hours without the desk: the car finishes; the other charger's meter is replaced.
    run(8 * 60);
    desk.fleet.setPoint(replaced, 'totalEnergy', 5);
    accountedAfter = accounted(charger);
    replacedAccounted = accounted(replaced);

    second = await desk.reopen();
    await until(
      () =>
        meterEvents(charger).some((e) => e.type === SESSION_EVENT) &&
        meterEvents(replaced).some((e) => e.type === METER_ANOMALY_EVENT),
      'the reconciliation at start',
    );
  }, 90_000);

  afterAll(async () => {
    await second?.stop();
    await desk?.fleet.stop();
  });

  it('records the energy charged while the desk was down as a reconstructed session, with the gap', () => {
    const events = meterEvents(charger);
    const stop = events.find(
      (e) => e.type === METER_CHECKPOINT_EVENT && (e.data as { why: string }).why === 'stop',
    );
    const reconstructed = events.filter((e) => e.type === SESSION_EVENT);
    expect(reconstructed).toHaveLength(1);
    const data = reconstructed[0]?.data as {
      reconstructed: boolean;
      energyKwh: number;
      gap: { from: number; to: number };
      counter: { key: string; expectedKwh: number; accountedKwh: number };
    };
    expect(data.reconstructed).toBe(true);
    // Two readings of a 0.1 kWh register and a few 0.01 kWh session registers apart.
    expect(Math.abs(data.energyKwh - (accountedAfter - meterBefore))).toBeLessThan(0.25);
    expect(data.counter.key).toBe('totalEnergy');
    expect(data.counter.accountedKwh - data.counter.expectedKwh).toBeCloseTo(data.energyKwh, 6);
    // The gap runs from the desk's last reading before it stopped to its first reading after.
    expect(data.gap.from).toBe((stop?.data as { at: number } | undefined)?.at);
    expect(data.gap.to).toBeGreaterThan(data.gap.from);
    // The session the desk saw begin was never recorded as an ordinary one: it ended unseen.
    expect(journal((read) => read({ subject: `${charger}:gun1` }))).toHaveLength(0);
  });

  it('two starts on one configuration journal its revision once', () => {
    expect(journal((read) => read({ type: RULES_EVENT }))).toHaveLength(1);
  });

  it('an applied configuration edit journals its revision, by whoever applied it', async () => {
    const api = second?.api;
    if (!api) throw new Error('no second engine');
    const { config } = await api['config.get']({}, DESK_READER);
    const group = desk.fleet.stations[0]?.station.group ?? '';
    const sla = { default: 'service-commitment', presetByGroup: { [group]: 'shaoxing' } };
    await api['config.update']({ config: { ...config, sla }, reason: '改用绍兴规范' }, DESK_READER);
    const revisions = journal((read) => read({ type: RULES_EVENT }));
    expect(revisions).toHaveLength(2);
    expect(revisions[1]).toMatchObject({
      actor: { user: DESK_READER.user, role: DESK_READER.role },
      data: { sla, presets: { [group]: 'shaoxing' } },
    });
  });

  it('a register that went back is an anomaly, not a session', () => {
    const events = meterEvents(replaced);
    const anomaly = events.find((e) => e.type === METER_ANOMALY_EVENT)?.data as {
      accountedKwh: number;
      counter: { expectedKwh: number };
    };
    expect(anomaly.accountedKwh).toBeCloseTo(replacedAccounted, 1);
    expect(anomaly.counter.expectedKwh).toBeGreaterThan(1_000);
    expect(events.filter((e) => e.type === SESSION_EVENT)).toHaveLength(0);
  });

  it('the monthly report counts it and marks it reconstructed, in zh-CN and en', async () => {
    const event = meterEvents(charger).find((e) => e.type === SESSION_EVENT);
    const month = monthOf(event?.ts ?? 0, TZ);
    const api = second?.api;
    if (!api) throw new Error('no second engine');
    const report = await api['report.monthly']({ month }, DESK_READER);
    const row = report.chargers.find((c) => c.deviceId === charger);
    expect(row).toMatchObject({ sessions: 1, reconstructedSessions: 1 });
    for (const [lang, words] of [
      ['zh-CN', '补记'],
      ['en', 'reconstructed'],
    ] as const) {
      const file = async (format: 'xlsx' | 'pdf') => {
        const first = await api['report.export']({ report: 'monthly', format, month, lang }, DESK_READER);
        const parts = [Buffer.from(first.base64, 'base64')];
        for (let index = 1; index < first.chunks; index++) {
          const chunk = await api['report.exportChunk']({ exportId: first.exportId, index }, DESK_READER);
          parts.push(Buffer.from(chunk.base64, 'base64'));
        }
        return Buffer.concat(parts);
      };
      expect(await xlsxText(await file('xlsx'))).toContain(words);
      expect(pdfText(dir, `monthly-${lang}`, await file('pdf'))).toContain(words);
    }
  });
});
