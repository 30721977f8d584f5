import { DAY_MS, type DetectorId } from '../shared/warning/model';
import { detectSite } from '../shared/warning/pass';
import { DEFAULT_THRESHOLDS, historyDays, type Thresholds } from '../shared/warning/thresholds';
import { type FleetYear, siteWindow } from '../sim/degradation/fleet-year';
import { DEGRADATIONS, type DegradationKind, REPAIR_DAYS } from '../sim/degradation/kinds';

/**
 * The early-warning evaluation: the detectors run at the end of every day of
 * a simulated fleet-year, seeing only the days so far, as the desk's daily
 * pass would. A degradation counts as detected when one of its detectors
 * warns about its device between its onset and a day before its fault; lead
 * time is from that warning to the fault. A warning that starts anywhere
 * else (a healthy device, or before the onset) is a false warning; a warning
 * raised again after it cleared counts again.
 */
/** The seed the default thresholds were tuned on (bench/warnings-tune.ts); the reported figures never use it. */
export const TUNING_SEED = 1;

export type DetectorScore = {
  detector: DetectorId;
  injected: number;
  detected: number;
  leadDays: number[];
  falseWarnings: number;
};

/** Injected and detected by kind of degradation: one detector sees several kinds (charging quality: wear and cutouts). */
export type KindScore = { kind: DegradationKind; injected: number; detected: number };

export type Evaluation = { deviceDays: number; scores: DetectorScore[]; kinds: KindScore[]; passes: number };

export function evaluateFleet(fleet: FleetYear, t: Thresholds = DEFAULT_THRESHOLDS): Evaluation {
  const scores = new Map<DetectorId, DetectorScore>();
  const score = (detector: DetectorId): DetectorScore => {
    let s = scores.get(detector);
    if (!s) {
      s = { detector, injected: 0, detected: 0, leadDays: [], falseWarnings: 0 };
      scores.set(detector, s);
    }
    return s;
  };
  const degradationOf = new Map(fleet.degradations.map((d) => [d.deviceId, d]));
  /** First day each degraded device was warned about by one of its detectors, in its detection window. */
  const firstWarning = new Map<string, number>();
  let passes = 0;
  // Evaluation starts once a detector has a full window of history.
  const from = historyDays(t);
  for (const site of fleet.sites) {
    let open = new Set<string>();
    for (let day = from; day < fleet.days; day++) {
      const findings = detectSite(siteWindow(site, fleet.startMs, day, from), () => t);
      passes++;
      const now = new Set<string>();
      for (const f of findings) {
        const key = `${f.deviceId}|${f.detector}`;
        now.add(key);
        if (open.has(key)) continue;
        const d = degradationOf.get(f.deviceId);
        const attributed =
          d !== undefined &&
          DEGRADATIONS[d.kind].detectors.includes(f.detector) &&
          day >= d.onsetDay &&
          day < d.faultDay + REPAIR_DAYS + t.windowDays;
        if (!attributed) {
          score(f.detector).falseWarnings++;
          continue;
        }
        if (d && day <= d.faultDay - 1 && !firstWarning.has(d.deviceId)) firstWarning.set(d.deviceId, day);
      }
      open = now;
    }
  }
  const kinds = new Map<DegradationKind, KindScore>();
  for (const d of fleet.degradations) {
    // Degradations whose onset falls before the first judged day cannot be judged fairly.
    if (d.onsetDay < from || d.faultDay >= fleet.days) continue;
    const detector = DEGRADATIONS[d.kind].detectors[0] as DetectorId;
    const s = score(detector);
    s.injected++;
    const k = kinds.get(d.kind) ?? { kind: d.kind, injected: 0, detected: 0 };
    kinds.set(d.kind, k);
    k.injected++;
    const warnedDay = firstWarning.get(d.deviceId);
    if (warnedDay === undefined) continue;
    // Warned at the end of `warnedDay`; it counts when that is at least 24 h before the fault day begins.
    const leadMs = d.faultDay * DAY_MS - (warnedDay + 1) * DAY_MS;
    if (leadMs >= DAY_MS) {
      s.detected++;
      k.detected++;
      s.leadDays.push(leadMs / DAY_MS);
    }
  }
  return {
    deviceDays: fleet.deviceCount * (fleet.days - from),
    scores: [...scores.values()],
    kinds: [...kinds.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
    passes,
  };
}
