import { parentPort, workerData } from 'node:worker_threads';
import { detectSite } from '../shared/warning/pass';
import { DEFAULT_THRESHOLDS, historyDays } from '../shared/warning/thresholds';
import { simulateFleetYear, siteWindow } from '../sim/degradation/fleet-year';

/**
 * The daily full pass of the early-warning benchmark, in a worker thread as
 * the desk runs it: the fleet's history is built first (not timed), then a
 * bare scan that reads every value of the same windows (the baseline), then
 * the detectors over every site.
 */
const { sites, seed } = workerData as { sites: number; seed: number };
const days = historyDays(DEFAULT_THRESHOLDS);
const fleet = simulateFleetYear({ seed, sites, days, degradedShare: 0.1, startMs: Date.UTC(2026, 0, 1) });
const windows = fleet.sites.map((s) => siteWindow(s, fleet.startMs, days - 1, days));

let t = performance.now();
let checksum = 0;
for (const w of windows) {
  const all = [
    ...w.chargers.flatMap((c) => [c.sessions, c.failures, c.sessionKwh, c.thermal, c.insulationKohm]),
    ...w.inverters.map((i) => i.energyKwh),
    ...w.meters.map((m) => m.counterKwh),
    ...w.gateways.flatMap((g) => [g.requests, g.failures]),
  ];
  for (const s of all) if (s) for (const v of s.values) if (v !== null) checksum += v;
}
const scanMs = performance.now() - t;

t = performance.now();
let findings = 0;
for (const w of windows) findings += detectSite(w).length;
const passMs = performance.now() - t;

parentPort?.postMessage({ devices: fleet.deviceCount, days, scanMs, passMs, findings, checksum });
