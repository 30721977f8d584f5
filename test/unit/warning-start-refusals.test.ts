import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionRecorder } from '../../electron/reports/sessions';
import { Journal } from '../../electron/store/journal';
import { SessionTally } from '../../electron/warnings/sessions';
import { SESSION_EVENT, UNSTARTED_EVENT, type UnstartedPlugIn } from '../../shared/report/facts';
import { SessionTracker, showsPlugIns } from '../../shared/report/session-tracker';
import { silentChargers } from '../../shared/warning/detectors/silent';
import { startRefusals } from '../../shared/warning/detectors/start-refusals';
import { DAY_MS, type DaySeries } from '../../shared/warning/model';
import { type ChargerDays, detectSite, type SiteDays } from '../../shared/warning/pass';
import { DEFAULT_THRESHOLDS as T } from '../../shared/warning/thresholds';
import { at, devices } from './report-fixtures';

const START = Date.UTC(2026, 5, 1);
const DAYS = 40;
const days = (f: (d: number) => number | null): DaySeries => ({
  startMs: START,
  values: Array.from({ length: DAYS }, (_, d) => f(d)),
});
/** A reproducible stream in [0, 1), so each case is the same series every run. */
function stream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}
/** Arrivals per day around `mean`, and the refused ones among them at `share(d)` of arrivals. */
function charger(id: string, seed: number, mean: number, share: (d: number) => number): ChargerDays {
  const next = stream(seed);
  const arrivals = Array.from({ length: DAYS }, () => Math.max(0, Math.round(mean + (next() - 0.5) * mean)));
  const refused = arrivals.map((n, d) => {
    let k = 0;
    for (let i = 0; i < n; i++) if (next() < share(d)) k++;
    return k;
  });
  return {
    deviceId: id,
    profileId: 'ac-7kw',
    sessions: days((d) => (arrivals[d] ?? 0) - (refused[d] ?? 0)),
    failures: days(() => 0),
    sessionKwh: days((d) => 14 * ((arrivals[d] ?? 0) - (refused[d] ?? 0))),
    unstarted: days((d) => refused[d] ?? 0),
  };
}
const siteOf = (chargers: ChargerDays[]): SiteDays => ({
  siteId: 's1',
  clearSkyKwhPerKw: days(() => null),
  chargers,
  inverters: [],
  meters: [],
  gateways: [],
});
const peers = () => [charger('ac-1', 1, 6, () => 0.06), charger('ac-2', 2, 6, () => 0.06)];
/** A card reader failing from day 30: the share of drivers it refuses grows to most of them by day 39. */
const failingReader = (d: number) => 0.06 + (d < 30 ? 0 : 0.9 * ((d - 29) / 10) ** 2);

describe('refused starts: a card reader or the authorisation path failing', () => {
  it('warns when ever more plug-ins never start, from when it began', () => {
    const site = siteOf([...peers(), charger('ac-3', 3, 5, failingReader)]);
    const found = detectSite(site);
    // Its sessions falling off may be seen as well (silent equipment), but only at this charger.
    expect(new Set(found.map((x) => x.deviceId))).toEqual(new Set(['ac-3']));
    const f = found.find((x) => x.detector === 'charging-quality');
    expect(f).toMatchObject({ detector: 'charging-quality', deviceId: 'ac-3', variant: 'start-refused' });
    expect(f?.adviceKey).toBe('warning.advice.startRefused');
    expect(f?.evidence.quantity).toBe('warning.quantity.refusedShare');
    expect(f?.startedAtMs).toBeGreaterThanOrEqual(START + 28 * DAY_MS);
    expect(f?.evidence.points.at(-1)?.value).toBeGreaterThan(f?.evidence.points.at(-1)?.hi ?? 100);
  });
  it('sees a share that creeps up over weeks, by the trend test on its own', () => {
    const slow = charger('ac-3', 3, 8, (d) => 0.05 + 0.7 * Math.max(0, (d - 10) / 30) ** 1.5);
    // The level test is switched off here, to see the trend test on its own.
    const trendOnly = { ...T, startRefusals: { ...T.startRefusals, alpha: 1e-300 } };
    const f = startRefusals([...peers(), slow], slow, trendOnly);
    expect(f).toMatchObject({ deviceId: 'ac-3', variant: 'start-refused' });
    expect(f?.startedAtMs).toBeGreaterThan(START);
  });
  it('adds a fall in its sessions when most refused drivers leave unseen, and not a fall alone', () => {
    // Three in four drivers present the card before plugging in: a refusal then shows only as a session missing.
    const next = stream(11);
    const reader = (d: number) => (d < 33 ? 0 : 0.8 * ((d - 32) / 8) ** 1.5);
    const arrivals = Array.from({ length: DAYS }, () => 6 + Math.round(next() * 2));
    const refused = arrivals.map((n, d) => Math.round(n * reader(d)));
    const seen = (d: number) => Math.round((refused[d] ?? 0) / 4) + (d % 9 === 0 ? 1 : 0);
    const tapFirst: ChargerDays = {
      ...charger('ac-3', 3, 6, () => 0),
      sessions: days((d) => (arrivals[d] ?? 0) - (refused[d] ?? 0)),
      unstarted: days(seen),
    };
    const levelOnly = { ...T, startRefusals: { ...T.startRefusals, trendZ: 1e9 } };
    const others = [...peers(), charger('ac-4', 4, 6, () => 0.06)];
    expect(startRefusals([...others, tapFirst], tapFirst, levelOnly)).toMatchObject({
      variant: 'start-refused',
    });
    // Alone, the few refusals seen are not enough: the fall in sessions made the difference.
    expect(startRefusals([tapFirst], tapFirst, levelOnly)).toBeNull();
    // A bay blocked by a parked car: sessions fall, refusals do not rise, and this is no card reader.
    const blocked = { ...tapFirst, unstarted: days((d) => (d % 9 === 0 ? 1 : 0)) };
    expect(startRefusals([...others, blocked], blocked, levelOnly)).toBeNull();
  });
  it('stays quiet on a charger whose drivers are often refused, in bursts, as they always have been', () => {
    const next = stream(7);
    const busy = charger('ac-3', 3, 6, () => 0.2);
    // A refused driver plugs in again now and then: the same refusals, some days doubled or tripled.
    const bursts = days((d) => {
      const k = busy.unstarted?.values[d] ?? 0;
      return k > 0 && next() < 0.3 ? k * 3 : k;
    });
    expect(detectSite(siteOf([...peers(), { ...busy, unstarted: bursts }]))).toEqual([]);
  });
  it('stays quiet when the platform refused starts at every charger of the site, and not when at one alone', () => {
    const outage = (d: number) => (d >= 33 && d < 38 ? 0.6 : 0.06);
    const site = siteOf([
      charger('ac-1', 1, 6, outage),
      charger('ac-2', 2, 6, outage),
      charger('ac-3', 3, 6, outage),
      charger('ac-4', 4, 6, outage),
    ]);
    expect(detectSite(site)).toEqual([]);
    const alone = siteOf([
      charger('ac-1', 1, 6, () => 0.06),
      charger('ac-2', 2, 6, () => 0.06),
      charger('ac-3', 3, 6, outage),
    ]);
    expect(detectSite(alone).map((f) => [f.deviceId, f.variant])).toContainEqual(['ac-3', 'start-refused']);
    expect(detectSite(alone).every((f) => f.deviceId === 'ac-3')).toBe(true);
  });
  it('stays quiet over a holiday with no plug-ins and days the desk kept no count', () => {
    const quiet = (s: DaySeries) => days((d) => (d >= 38 ? null : d >= 31 ? 0 : (s.values[d] ?? 0)));
    const holiday = (c: ChargerDays) => ({
      ...c,
      sessions: quiet(c.sessions),
      unstarted: quiet(c.unstarted as DaySeries),
    });
    expect(detectSite(siteOf([...peers(), charger('ac-3', 3, 5, () => 0.06)].map(holiday)))).toEqual([]);
  });
  it('does not judge a new desk’s first days', () => {
    const c = charger('ac-3', 3, 5, failingReader);
    const firstDays = (s: DaySeries | undefined) => ({ startMs: START, values: (s?.values ?? []).slice(33) });
    const young = { ...c, sessions: firstDays(c.sessions), unstarted: firstDays(c.unstarted) };
    expect(startRefusals([young], young, T)).toBeNull();
  });
  it('leaves the falling-share test of silent chargers to the chargers whose plug-ins it cannot see', () => {
    const fading = charger('ac-3', 3, 8, (d) => (d < 16 ? 0.05 : 0.05 + 0.9 * ((d - 15) / 25) ** 2));
    const trendOnly = { ...T, silent: { ...T.silent, alpha: 1e-300 } };
    const others = [charger('ac-1', 1, 8, () => 0.05), charger('ac-2', 2, 8, () => 0.05)];
    expect(silentChargers([...others, fading], trendOnly)).toEqual([]);
    const { unstarted: _unseen, ...blind } = fading;
    expect(silentChargers([...others, blind], trendOnly).map((f) => f.variant)).toEqual(['charger-fading']);
  });
});

describe('plug-ins that never started, from the gun telemetry', () => {
  const sample = (key: string, value: string | number, ts: number) =>
    ({ deviceId: 'ac-1', key, value, quality: 'good', ts }) as const;
  const track = () => {
    const heard: UnstartedPlugIn[] = [];
    return {
      heard,
      tracker: new SessionTracker(
        () => 's1',
        (p) => heard.push(p),
      ),
    };
  };
  it('hears of a gun that went from preparing back to idle, and of no session', () => {
    const { heard, tracker } = track();
    tracker.update([sample('gun1.state', 'preparing', 1_000)]);
    expect(tracker.update([sample('gun1.state', 'idle', 61_000)])).toEqual([]);
    expect(heard).toEqual([{ deviceId: 'ac-1', stationId: 's1', gun: 1, pluggedAt: 1_000, endedAt: 61_000 }]);
  });
  it('hears nothing of a session that charged, a gun that faulted, or one first seen finishing', () => {
    const { heard, tracker } = track();
    tracker.update([sample('gun1.state', 'preparing', 0)]);
    tracker.update([sample('gun1.state', 'charging', 10_000), sample('gun1.energy', 5, 10_000)]);
    expect(tracker.update([sample('gun1.state', 'idle', 20_000)])).toHaveLength(1);
    tracker.update([sample('gun1.state', 'preparing', 30_000)]);
    tracker.update([sample('gun1.state', 'faulted', 40_000)]);
    tracker.update([sample('gun1.state', 'idle', 50_000)]);
    // A desk started while a gun was finishing saw a session end, not a start refused.
    tracker.update([sample('gun1.state', 'finishing', 60_000)]);
    tracker.update([sample('gun1.state', 'idle', 70_000)]);
    expect(heard).toEqual([]);
  });
  it('journals them apart from the sessions, which the monthly report counts', () => {
    const journal = Journal.open(join(mkdtempSync(join(tmpdir(), 'dutydesk-unstarted-')), 'journal.sqlite'));
    try {
      const recorder = new SessionRecorder(journal);
      recorder.setDevices(devices);
      const poll = (m: number, state: string) =>
        recorder.onTelemetry({
          status: [],
          samples: [{ deviceId: 's1-ac1', key: 'gun1.state', value: state, quality: 'good', ts: at(m) }],
        });
      poll(0, 'preparing');
      expect(poll(2, 'idle')).toEqual([]);
      const [event] = journal.read({ type: UNSTARTED_EVENT });
      expect(event).toMatchObject({ subject: 's1-ac1:gun1', ts: at(2) });
      expect(event?.data).toEqual({
        deviceId: 's1-ac1',
        stationId: 's1',
        gun: 1,
        pluggedAt: at(0),
        endedAt: at(2),
      });
      expect(journal.read({ type: SESSION_EVENT })).toEqual([]);
    } finally {
      journal.close();
    }
  });
  it('counts them per day beside the sessions', () => {
    const tally = new SessionTally();
    const day = Date.UTC(2026, 5, 10, 3);
    tally.addUnstarted('ac-1', day);
    tally.addUnstarted('ac-1', day + 60_000);
    tally.add(
      { deviceId: 'ac-1', endedAt: day, energyKwh: 9, endState: 'idle', peakPowerKw: null, endPowerKw: null },
      T.endPower.ratio,
    );
    expect(tally.window(Date.UTC(2026, 5, 10), 1)['ac-1']).toMatchObject({ sessions: [1], unstarted: [2] });
  });
  it('knows which gun states can show a plug-in before it charges', () => {
    const state = (names: string[]) => ({
      key: 'gun1.state',
      enum: Object.fromEntries(names.map((n, i) => [String(i), n])),
    });
    expect(showsPlugIns([state(['idle', 'preparing', 'charging'])])).toBe(true);
    expect(showsPlugIns([state(['idle', 'charging', 'faulted'])])).toBe(false);
    expect(showsPlugIns([{ key: 'gun1.power' }])).toBe(false);
  });
});
