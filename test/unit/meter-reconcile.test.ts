import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MeterReconciler } from '../../electron/reports/meter-reconciler';
import { SessionRecorder } from '../../electron/reports/sessions';
import { Journal } from '../../electron/store/journal';
import { loadProfiles } from '../../node/profiles';
import type { PointSample } from '../../shared/api/model';
import { DEFAULT_SHIFT_SCHEDULE, shiftAt } from '../../shared/handover/schedule';
import { catalogueWords, type Lang } from '../../shared/i18n/catalogue';
import { SESSION_EVENT } from '../../shared/report/facts';
import {
  checkMeter,
  METER_ANOMALY_EVENT,
  METER_CHECKPOINT_EVENT,
  meterSubject,
} from '../../shared/report/meter-reconcile';
import { shiftReport } from '../../shared/report/shift';
import { resources } from '../helpers/desk';
import { at, devices } from './report-fixtures';

/**
 * The reconciliation on a real journal file, a dual-gun DC charger fed
 * the telemetry a desk would read (s1-dc1: 0.1 kWh meter steps, 0.01 kWh
 * session-energy steps), across stops and starts driven by the test.
 */

const DC = 's1-dc1';
const profiles = loadProfiles(join(resources, 'profiles'));
const opened: Journal[] = [];
afterEach(() => {
  for (const j of opened.splice(0)) j.close();
});

type Gun = { state: string; energy?: number };

/** One poll of the charger at minute `m`: both guns and, when given, the meter. */
function poll(m: number, guns: [Gun, Gun], meter?: number): PointSample[] {
  const sample = (key: string, value: string | number): PointSample => ({
    deviceId: DC,
    key,
    value,
    quality: 'good',
    ts: at(m),
  });
  return [
    ...guns.flatMap((g, i) => [
      sample(`gun${i + 1}.state`, g.state),
      ...(g.energy === undefined ? [] : [sample(`gun${i + 1}.energy`, g.energy)]),
    ]),
    ...(meter === undefined ? [] : [sample('totalEnergy', meter)]),
  ];
}

/** A desk run on `journal`: the session recorder and the reconciler wired as the report service wires them. */
function run(journal: Journal) {
  const sessions = new SessionRecorder(journal);
  const meters = new MeterReconciler(journal, () => at(0));
  sessions.setDevices(devices);
  meters.setDevices(devices, profiles);
  return {
    feed: (samples: PointSample[]) =>
      meters.onTelemetry(samples, sessions.onTelemetry({ status: [], samples })),
    stop: () => meters.stop(),
  };
}

/** A desk run per idle meter reading, an hour apart, each stopped before the next starts; the last keeps running. */
function runsReading(journal: Journal, readings: readonly number[]): void {
  readings.forEach((kwh, i) => {
    const desk = run(journal);
    desk.feed(poll(60 * i, [idle, idle], kwh));
    if (i < readings.length - 1) desk.stop();
  });
}

function journalAt(name: string) {
  const journal = Journal.open(join(mkdtempSync(join(tmpdir(), 'dutydesk-meter-')), `${name}.sqlite`));
  opened.push(journal);
  return journal;
}

const meterEvents = (journal: Journal) => journal.read({ subject: meterSubject(DC) });
const idle: Gun = { state: 'idle' };

describe('meter against journal', () => {
  it.each([
    ['no checkpoint yet', null, 0, 100, 'first'],
    ['as accounted', 100, 2, 130.02, 'match'],
    ['within two meter steps and the session steps', 100, 2, 130.2, 'match'],
    ['more than that', 100, 2, 140, 'missing'],
    ['went back a little beyond the slack', 100, 2, 129.6, 'backwards'],
    ['replaced meter', 100, 0, 3, 'backwards'],
  ] as const)('%s', (_name, baselineKwh, sessions, accountedKwh, kind) => {
    const verdict = checkMeter({
      baselineKwh,
      sessions,
      sessionsKwh: sessions * 15,
      accountedKwh,
      meterStepKwh: 0.1,
      sessionStepKwh: 0.01,
      guns: 2,
    });
    expect(verdict.kind).toBe(kind);
    if (verdict.kind === 'missing') expect(verdict.energyKwh).toBeCloseTo(10, 6);
  });
});

describe('the reconciler across stops and starts', () => {
  it('a session under way at stop and still under way at start is not missing; one that ended in the gap is', () => {
    const journal = journalAt('dual');
    const first = run(journal);
    first.feed(poll(0, [idle, idle], 1000));
    // Gun 1 charges; gun 2 finishes a session the desk sees end.
    first.feed(
      poll(
        10,
        [
          { state: 'charging', energy: 5 },
          { state: 'charging', energy: 20 },
        ],
        1025,
      ),
    );
    first.feed(poll(20, [{ state: 'charging', energy: 8 }, idle], 1028));
    first.stop();
    expect(
      meterEvents(journal).map((e) => [e.type, (e.data as { accountedKwh: number }).accountedKwh]),
    ).toEqual([
      [METER_CHECKPOINT_EVENT, 1000],
      [METER_CHECKPOINT_EVENT, 1020],
    ]);

    // Next start: gun 1 is still on the same car (12 kWh so far); gun 2 charged a whole car of 30 kWh unseen.
    const second = run(journal);
    second.feed(poll(600, [{ state: 'charging', energy: 12 }, idle], 1062));
    const reconstructed = journal.read({ type: SESSION_EVENT }).filter((e) => e.subject === meterSubject(DC));
    expect(reconstructed.map((e) => e.data)).toEqual([
      expect.objectContaining({
        reconstructed: true,
        energyKwh: 30,
        gap: { from: at(20), to: at(600) },
        counter: { key: 'totalEnergy', expectedKwh: 1020, accountedKwh: 1050, meterKwh: 1062 },
      }),
    ]);
  });

  it('a session that ends after the last meter reading before the stop is not counted twice', () => {
    const journal = journalAt('late-end');
    const first = run(journal);
    first.feed(poll(0, [{ state: 'charging', energy: 4 }, idle], 500));
    // The meter is read every few polls: the session ends on a poll without it.
    first.feed(poll(5, [{ state: 'idle', energy: 0 }, idle]));
    first.stop();
    expect(journal.read({ type: SESSION_EVENT })).toHaveLength(1);
    const second = run(journal);
    second.feed(poll(60, [idle, idle], 500));
    expect(meterEvents(journal).map((e) => e.type)).toEqual([METER_CHECKPOINT_EVENT, METER_CHECKPOINT_EVENT]);
  });

  it('a counter that went back is an anomaly, and the next start compares with the new reading', () => {
    const journal = journalAt('back');
    runsReading(journal, [9000, 12, 12]);
    expect(meterEvents(journal).map((e) => e.type)).toEqual([
      METER_CHECKPOINT_EVENT,
      METER_CHECKPOINT_EVENT,
      METER_ANOMALY_EVENT,
      METER_CHECKPOINT_EVENT,
    ]);
    expect(journal.read({ type: SESSION_EVENT })).toHaveLength(0);
  });

  it('the shift list says what each meter event was, in zh-CN and en', () => {
    const journal = journalAt('words');
    runsReading(journal, [800, 830.5, 2]);
    const shift = shiftAt(DEFAULT_SHIFT_SCHEDULE, at(0));
    const events = journal.read({ limit: 100 });
    const summaries = (lang: Lang) =>
      shiftReport({
        shift,
        events,
        handover: [],
        now: at(0),
        words: { t: catalogueWords(lang), point: () => '' },
      })
        .events.filter((e) => e.type !== METER_CHECKPOINT_EVENT)
        .map((e) => e.summary);
    expect(summaries('zh-CN')).toEqual([
      '补记（停机期间结束）· 30.50 kWh',
      '电表累计电量低于日志记录（应为 830.5 kWh，读得 2.0 kWh），未补记会话',
    ]);
    expect(summaries('en')).toEqual([
      'reconstructed (ended while the desk was stopped) · 30.50 kWh',
      'meter counter below what the journal accounts for (expected 830.5 kWh, read 2.0 kWh); no session reconstructed',
    ]);
  });

  it('waits for every gun before it accounts: a gun in a session without its energy is no reading', () => {
    const journal = journalAt('wait');
    const desk = run(journal);
    desk.feed([...poll(0, [{ state: 'charging' }, idle], 700)]);
    expect(meterEvents(journal)).toHaveLength(0);
    desk.feed(poll(1, [{ state: 'charging', energy: 3 }, idle], 700));
    expect(meterEvents(journal).map((e) => (e.data as { accountedKwh: number }).accountedKwh)).toEqual([697]);
  });
});
