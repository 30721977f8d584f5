import { confidenceOf, type DaySeries, dayAt, type Finding } from '../model';
import { binomialLowerTail, binomialUpperTail } from '../stats';
import type { Thresholds } from '../thresholds';
import { dispersion, shareRising } from './charging-quality';
import { lastDays, sumFrom } from './level';

/** A charger's sessions and its plug-ins that never started charging, per day. */
export type ChargerPlugDays = { deviceId: string; sessions: DaySeries; unstarted?: DaySeries };

/**
 * Start refusals. A driver plugs in (the gun goes to preparing) and presents
 * a card; when the start is refused the gun goes back to idle without ever
 * charging. Every charger has some of these (an expired card, no balance, a
 * car not ready); a card reader or an authorisation path that is failing
 * refuses ever more of them, long before the charger falls silent, because
 * its drivers keep coming for a while. The share of plug-ins refused over
 * the last `startRefusals.days` days against the charger's own baseline
 * share warns, as charging quality does for failed sessions. A reader
 * failing over weeks raises the baseline share with the recent one, so a
 * share that keeps rising over `startRefusals.trendDays` warns as well.
 * Drivers who present the card before plugging in leave no trace when it
 * is refused, only fewer sessions: a share of the site's sessions fallen
 * over the same days adds its evidence (Fisher's method), once the
 * refusals alone lean the same way (p < 0.05).
 *
 * A day the site's other chargers refused far beyond their own share
 * (binomial upper tail below `startRefusals.siteAlpha`, at two of them at
 * least) was the platform or its payment link, not this charger: it is left
 * out. One other charger alone is no site: its own failing reader would
 * otherwise hide this one every day.
 */
export function startRefusals(
  chargers: readonly ChargerPlugDays[],
  judged: ChargerPlugDays,
  t: Thresholds,
): Finding | null {
  if (!judged.unstarted) return null;
  const masked = siteRefusalDays(chargers, judged, t);
  const keep = (s: DaySeries): DaySeries => ({
    startMs: s.startMs,
    values: s.values.map((v, d) => (masked.has(d) ? null : v)),
  });
  const plugIns = keep(plugInsOf(judged.sessions, judged.unstarted));
  const refused = keep(judged.unstarted);
  return (
    shareRising(judged.deviceId, plugIns, refused, t.startRefusals, t, {
      variant: 'start-refused',
      adviceKey: 'warning.advice.startRefused',
      quantity: 'warning.quantity.refusedShare',
      clumped: true,
      combine: (p) => {
        if (p >= 0.05) return p;
        const x = -2 * (Math.log(p) + Math.log(Math.max(1e-300, sessionsFell(chargers, judged, t))));
        return Math.min(p, Math.exp(-x / 2) * (1 + x / 2));
      },
    }) ?? shareTrend(judged.deviceId, plugIns, refused, t)
  );
}

/**
 * The refused share rising across the last `trendDays`: given the window's
 * refusals, each would fall on a day in proportion to that day's plug-ins
 * if the share held. Refusals lying late in the window, by a standard score
 * above `trendZ` (its variance widened by the dispersion of the window's
 * first half, as refusals clump), say the share rose; busy and quiet days carry only their
 * weight, and a share that is high but steady does not count.
 */
function shareTrend(deviceId: string, plugIns: DaySeries, refused: DaySeries, t: Thresholds): Finding | null {
  const rule = t.startRefusals;
  const p = lastDays(plugIns, rule.trendDays);
  const r = lastDays(refused, rule.trendDays).values;
  const weight = sumFrom(p.values, 0);
  const total = sumFrom(r, 0);
  if (p.values.length < rule.trendDays || weight <= 0 || total < rule.minFailures) return null;
  const share = total / weight;
  const mean = p.values.reduce((a: number, w, d) => a + (w ?? 0) * d, 0) / weight;
  const variance = p.values.reduce((a: number, w, d) => a + (w ?? 0) * (d - mean) ** 2, 0) / weight;
  const score = r.reduce((a: number, v, d) => a + (v ?? 0) * (d - mean), 0);
  // The dispersion of the window's first half: the whole window's would count the rise itself as clumping.
  const half = p.values.length >> 1;
  const early = { plugIns: p.values.slice(0, half), refused: r.slice(0, half) };
  const earlyShare = sumFrom(early.refused, 0) / Math.max(1, sumFrom(early.plugIns, 0));
  const phi = dispersion(early.plugIns, early.refused, Math.max(rule.floorRate, earlyShare));
  const z = score / Math.sqrt(total * variance * phi);
  if (!(z > rule.trendZ)) return null;
  // It began after the day the refusals fell furthest below the window's share, summed from the start.
  let sum = 0;
  let low = 0;
  let start = 0;
  p.values.forEach((w, d) => {
    sum += (r[d] ?? 0) - share * (w ?? 0);
    if (sum < low) {
      low = sum;
      start = d + 1;
    }
  });
  return {
    detector: 'charging-quality',
    deviceId,
    variant: 'start-refused',
    confidence: confidenceOf(z, rule.trendZ),
    startedAtMs: dayAt(p, Math.min(start, p.values.length - 1)),
    adviceKey: 'warning.advice.startRefused',
    evidence: {
      quantity: 'warning.quantity.refusedShare',
      unit: '%',
      points: p.values.map((w, d) => ({
        atMs: dayAt(p, d),
        value: w && w > 0 ? (100 * (r[d] ?? 0)) / w : null,
        lo: 0,
        hi: w && w > 0 ? 100 * Math.min(1, share + 2 * Math.sqrt((share * (1 - share)) / w)) : null,
      })),
    },
  };
}

/**
 * P(this few sessions in the last `startRefusals.days` days) given the
 * charger's sessions over the window, if its share of the site's held: the
 * other chargers say which part of the window's custom fell in those days.
 * 1 where there are no other chargers to say it.
 */
function sessionsFell(chargers: readonly ChargerPlugDays[], judged: ChargerPlugDays, t: Thresholds): number {
  const own = lastDays(judged.sessions, t.windowDays).values;
  const cut = own.length - t.startRefusals.days;
  let othersBase = 0;
  let othersRecent = 0;
  for (const c of chargers) {
    if (c === judged) continue;
    const v = lastDays(c.sessions, t.windowDays).values;
    othersBase += sumFrom(v.slice(0, cut), 0);
    othersRecent += sumFrom(v, cut);
  }
  const total = sumFrom(own, 0);
  if (othersBase + othersRecent <= 0 || total <= 0) return 1;
  return binomialLowerTail(sumFrom(own, cut), total, othersRecent / (othersBase + othersRecent));
}

/** Plug-ins per day: sessions and refused starts; null only when neither is known. */
function plugInsOf(sessions: DaySeries, unstarted: DaySeries): DaySeries {
  return {
    startMs: sessions.startMs,
    values: sessions.values.map((s, d) => {
      const u = unstarted.values[d];
      return (s === null || s === undefined) && (u === null || u === undefined) ? null : (s ?? 0) + (u ?? 0);
    }),
  };
}

/** Days (indices of the site's series, which all cover the same days) on which the other chargers together refused far beyond their share. */
function siteRefusalDays(
  chargers: readonly ChargerPlugDays[],
  judged: ChargerPlugDays,
  t: Thresholds,
): Set<number> {
  const rule = t.startRefusals;
  const others = chargers.flatMap((c) =>
    c !== judged && c.unstarted
      ? [
          {
            plugIns: plugInsOf(c.sessions, c.unstarted).values,
            refused: c.unstarted.values,
          },
        ]
      : [],
  );
  const masked = new Set<number>();
  if (others.length < 2) return masked;
  const days = others[0]?.plugIns.length ?? 0;
  const plugIns = new Array<number>(days).fill(0);
  const refused = new Array<number>(days).fill(0);
  const refusing = new Array<number>(days).fill(0);
  for (const o of others)
    for (let d = 0; d < days; d++) {
      plugIns[d] = (plugIns[d] ?? 0) + (o.plugIns[d] ?? 0);
      refused[d] = (refused[d] ?? 0) + (o.refused[d] ?? 0);
      if ((o.refused[d] ?? 0) > 0) refusing[d] = (refusing[d] ?? 0) + 1;
    }
  const totalPlugIns = plugIns.reduce((a, b) => a + b, 0);
  if (totalPlugIns <= 0) return masked;
  const share = Math.max(rule.floorRate, refused.reduce((a, b) => a + b, 0) / totalPlugIns);
  for (let d = 0; d < days; d++)
    if (
      (refusing[d] ?? 0) >= 2 &&
      binomialUpperTail(refused[d] ?? 0, plugIns[d] ?? 0, share) < rule.siteAlpha
    )
      masked.add(d);
  return masked;
}
