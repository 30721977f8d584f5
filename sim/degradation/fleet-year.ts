import { clearSkyDays } from '../../shared/warning/clear-sky';
import { DAY_MS, type DaySeries } from '../../shared/warning/model';
import type { ChargerDays, GatewayDays, InverterDays, MeterDays, SiteDays } from '../../shared/warning/pass';
import { deriveSeed, gaussian, mulberry32, type Rng, uniform } from '../random';
import {
  DEGRADATIONS,
  type Degradation,
  type DegradationKind,
  type DeviceRole,
  repaired,
  severity,
} from './kinds';
import { failedShareOfDay, SOILING_LOSS } from './slow';

/**
 * A simulated fleet-year at day resolution: what the desk's history and
 * journal sum up to each day, with normal noise (clouds in spells, wet days,
 * idle days, holidays, comms outages, sensor dropouts) and slow degradations
 * injected at known onsets. Deterministic by seed: the same seed gives the
 * same year, and each site draws from its own stream.
 */
export type FleetYearOptions = {
  seed: number;
  sites: number;
  days: number;
  /** Share of devices that get one degradation during the year. */
  degradedShare: number;
  startMs: number;
};

export type YearSeries = (number | null)[];

type ChargerYear = {
  role: 'dc-charger' | 'ac-charger';
  deviceId: string;
  sessions: YearSeries;
  failures: YearSeries;
  kwh: YearSeries;
  thermal?: YearSeries;
  insulation?: YearSeries;
  /** Sessions whose end power is known (those that did not fail), and those of them cut at power. */
  powered: YearSeries;
  atPower: YearSeries;
  /** Plug-ins that never started charging: refused authorisations, drivers who gave up. */
  unstarted: YearSeries;
};
type InverterYear = { deviceId: string; ratedKw: number; energy: YearSeries };
type MeterYear = { deviceId: string; counter: YearSeries };
type GatewayYear = { deviceId: string; requests: YearSeries; failures: YearSeries };

export type SiteYear = {
  siteId: string;
  clearSky: YearSeries;
  chargers: ChargerYear[];
  inverters: InverterYear[];
  meters: MeterYear[];
  gateways: GatewayYear[];
};

export type FleetYear = {
  startMs: number;
  days: number;
  sites: SiteYear[];
  degradations: Degradation[];
  deviceCount: number;
};

/** Public holidays of the year (day-of-year ranges): every site's chargers go quiet together. */
const HOLIDAYS: readonly [number, number][] = [
  [28, 35],
  [120, 123],
  [273, 280],
];

export function simulateFleetYear(o: FleetYearOptions): FleetYear {
  const clearSky = clearSkyYear(o.startMs, o.days);
  const sites: SiteYear[] = [];
  const degradations: Degradation[] = [];
  let deviceCount = 0;
  for (let s = 0; s < o.sites; s++) {
    const siteId = `site-${String(s + 1).padStart(4, '0')}`;
    const rng = mulberry32(deriveSeed(o.seed, siteId));
    const plan = sitePlan(rng, siteId);
    const site = simulateSite(rng, o, siteId, plan, clearSky, degradations);
    deviceCount += site.chargers.length + site.inverters.length + site.meters.length + site.gateways.length;
    sites.push(site);
  }
  return { startMs: o.startMs, days: o.days, sites, degradations, deviceCount };
}

type Plan = { dc: number; ac: number; inverters: number; devices: { id: string; role: DeviceRole }[] };

function sitePlan(rng: Rng, siteId: string): Plan {
  const dc = Math.floor(uniform(rng, 1, 4));
  const ac = Math.floor(uniform(rng, 2, 7));
  const inverters = rng() < 0.7 ? Math.floor(uniform(rng, 2, 5)) : rng() < 0.5 ? 1 : 0;
  const devices: Plan['devices'] = [];
  for (let i = 0; i < dc; i++) devices.push({ id: `${siteId}-dc${i + 1}`, role: 'dc-charger' });
  for (let i = 0; i < ac; i++) devices.push({ id: `${siteId}-ac${i + 1}`, role: 'ac-charger' });
  for (let i = 0; i < inverters; i++) devices.push({ id: `${siteId}-pv${i + 1}`, role: 'inverter' });
  devices.push({ id: `${siteId}-meter`, role: 'meter' }, { id: `${siteId}-gw`, role: 'gateway' });
  return { dc, ac, inverters, devices };
}

/** At most one degradation per device, its kind among those the device's role can show. */
function pickDegradations(
  rng: Rng,
  o: FleetYearOptions,
  plan: Plan,
  out: Degradation[],
): Map<string, Degradation> {
  const byDevice = new Map<string, Degradation>();
  for (const device of plan.devices) {
    if (rng() >= o.degradedShare) continue;
    const kinds = (Object.keys(DEGRADATIONS) as DegradationKind[]).filter((k) =>
      DEGRADATIONS[k].roles.includes(device.role),
    );
    if (device.role === 'inverter' && plan.inverters < 2) continue;
    const kind = kinds[Math.floor(rng() * kinds.length)];
    if (!kind) continue;
    const [lo, hi] = DEGRADATIONS[kind].weeks;
    const length = Math.round(uniform(rng, lo * 7, hi * 7));
    // Onset after a month of healthy history, fault before the year ends.
    const onsetDay = Math.floor(uniform(rng, 35, Math.max(36, o.days - length - 1)));
    const d = { kind, deviceId: device.id, onsetDay, faultDay: onsetDay + length };
    byDevice.set(device.id, d);
    out.push(d);
  }
  return byDevice;
}

function simulateSite(
  rng: Rng,
  o: FleetYearOptions,
  siteId: string,
  plan: Plan,
  clearSky: readonly number[],
  allDegradations: Degradation[],
): SiteYear {
  const byDevice = pickDegradations(rng, o, plan, allDegradations);
  const sev = (id: string, kind: DegradationKind, day: number): number => {
    const d = byDevice.get(id);
    return d && d.kind === kind && !repaired(d, day) ? severity(d, day) : 0;
  };
  const weather = weatherYear(rng, o.days);
  const closed = Array.from({ length: o.days }, (_, d) => {
    const doy = (Math.floor(o.startMs / DAY_MS) + d) % 365;
    return HOLIDAYS.some(([a, b]) => doy >= a && doy <= b) || rng() < 0.005;
  });
  // End power has its own streams, so adding it left every other series of a seed as it was.
  const supplyRng = mulberry32(deriveSeed(o.seed, `${siteId}:supply`));
  /** Days the site's supply was cut: every session running then ended at power, at every charger. */
  const supplyCut = Array.from({ length: o.days }, () => supplyRng() < SUPPLY_CUTS_PER_DAY);
  // So have plug-ins: every series of a seed from before them stays as it was.
  const authRng = mulberry32(deriveSeed(o.seed, `${siteId}:authorisation`));
  /** Share of the day's starts the operator's platform refused at every charger of the site (0 on most days). */
  const authDown = Array.from({ length: o.days }, () =>
    authRng() < AUTH_OUTAGES_PER_DAY ? uniform(authRng, 0.3, 0.8) : 0,
  );
  const chargers: ChargerYear[] = plan.devices
    .filter((d) => d.role === 'dc-charger' || d.role === 'ac-charger')
    .map((d) => {
      const c = simulateCharger(
        rng,
        o.days,
        d.id,
        d.role as 'dc-charger' | 'ac-charger',
        weather,
        closed,
        sev,
      );
      return {
        ...c,
        ...endPowerYear(o.seed, c, supplyCut, sev),
        unstarted: unstartedYear(o.seed, c, authDown, sev),
      };
    });
  const inverters: InverterYear[] = plan.devices
    .filter((d) => d.role === 'inverter')
    .map((d) => {
      const ratedKw = Math.round(uniform(rng, 30, 60));
      const pr = uniform(rng, 0.75, 0.85);
      const strings = Math.floor(uniform(rng, 3, 6));
      const energy = weather.map((w, day) => {
        if (rng() < 0.003) return null;
        const soil = SOILING_LOSS * sev(d.id, 'soiling', day);
        const s = sev(d.id, 'string-loss', day);
        const stringOut = (1 / strings) * failedShareOfDay(s * s * uniform(rng, 0.6, 1.4));
        const base = ratedKw * (clearSky[day] as number) * pr * w.sun * (1 + 0.015 * gaussian(rng));
        return Math.max(0, base * (1 - soil) * (1 - stringOut));
      });
      return { deviceId: d.id, ratedKw, energy };
    });
  const meterId = `${siteId}-meter`;
  const aux = uniform(rng, 2, 8);
  const loss = uniform(rng, 1.01, 1.03);
  const counter = Array.from({ length: o.days }, (_, day): number | null => {
    if (rng() < 0.003) return null;
    const delivered = chargers.reduce((sum, c) => sum + ((c.kwh[day] as number | null) ?? 0), 0);
    const frozen = sev(meterId, 'frozen-counter', day);
    const stuck = failedShareOfDay(frozen * frozen * uniform(rng, 0.7, 1.3));
    const leak = 0.2 * sev(meterId, 'leaking-meter', day);
    return Math.max(0, (delivered * loss * (1 + leak) + aux * (1 + 0.05 * gaussian(rng))) * (1 - stuck));
  });
  const gwId = `${siteId}-gw`;
  const devices = plan.devices.length - 1;
  const baseRate = uniform(rng, 0.001, 0.006);
  const requests: YearSeries = [];
  const commsFailures: YearSeries = [];
  for (let day = 0; day < o.days; day++) {
    if (rng() < 0.003) {
      requests.push(null);
      commsFailures.push(null);
      continue;
    }
    const n = devices * 86_400;
    const s = sev(gwId, 'sim-signal-decay', day);
    const outage = rng() < 0.01 ? uniform(rng, 0.1, 0.5) : 0;
    const rate = Math.min(1, baseRate * Math.exp(0.3 * gaussian(rng)) * (0.5 / baseRate) ** (s * s) + outage);
    requests.push(n);
    commsFailures.push(Math.round(n * rate));
  }
  return {
    siteId,
    clearSky: [...clearSky],
    chargers,
    inverters,
    meters: [{ deviceId: meterId, counter }],
    gateways: [{ deviceId: gwId, requests, failures: commsFailures }],
  };
}

type Weather = { sun: number; wet: boolean };

/** Sunshine per day as a share of clear sky, in spells: a cloudy day tends to follow a cloudy day. */
function weatherYear(rng: Rng, days: number): Weather[] {
  const out: Weather[] = [];
  let state = 0;
  for (let d = 0; d < days; d++) {
    if (rng() < 0.35) state = rng() < 0.5 ? 0 : rng() < 0.6 ? 1 : 2;
    const sun =
      state === 0 ? uniform(rng, 0.85, 1) : state === 1 ? uniform(rng, 0.45, 0.85) : uniform(rng, 0.05, 0.35);
    out.push({ sun, wet: state === 2 });
  }
  return out;
}

/** Share of days a site's supply is cut for a while (a grid fault, a transformer trip). */
const SUPPLY_CUTS_PER_DAY = 0.004;

/** Share of days a site's starts are refused for a while (the platform or its payment link down). */
const AUTH_OUTAGES_PER_DAY = 0.005;

/**
 * Plug-ins that never started charging, as the desk sees them in the gun
 * state (preparing, then idle, with no charging between). At a healthy
 * charger a share of its drivers is refused or gives up (an expired card,
 * no balance, a car not ready: 3–15 % of arrivals, by charger), and a
 * refused driver plugs in again now and then, so the count is clumpier than
 * a Poisson count. A failing card reader refuses the share of drivers its
 * sessions lost; only those who plug in before presenting the card show
 * (30–90 % by charger: the rest tap first and leave unseen). A platform
 * outage refuses a share of the day's starts at every charger of the site.
 */
function unstartedYear(
  seed: number,
  c: Pick<ChargerYear, 'deviceId'> & { arrivals: readonly number[] },
  authDown: readonly number[],
  sev: (id: string, kind: DegradationKind, day: number) => number,
): YearSeries {
  const rng = mulberry32(deriveSeed(seed, `${c.deviceId}:unstarted`));
  const refused = uniform(rng, 0.03, 0.15);
  const plugFirst = uniform(rng, 0.3, 0.9);
  return c.arrivals.map((rate, day) => {
    const reader = sev(c.deviceId, 'card-reader', day);
    const mean = rate * (refused + (authDown[day] ?? 0) + reader * reader * plugFirst);
    let plugs = 0;
    for (let n = poisson(rng, mean); n > 0; n--) {
      plugs++;
      while (rng() < 0.3) plugs++;
    }
    return plugs;
  });
}

/**
 * How a charger's sessions ended: those that did not fail have a known end
 * power, and a share of them end at power rather than tapering (drivers who
 * unplug before full, a few in a hundred, more at some chargers); a power
 * cutout adds up to 40 % by its fault, and a cut supply ends about half of
 * that day's sessions at power at every charger of the site.
 */
function endPowerYear(
  seed: number,
  c: Pick<ChargerYear, 'deviceId' | 'sessions' | 'failures'>,
  supplyCut: readonly boolean[],
  sev: (id: string, kind: DegradationKind, day: number) => number,
): Pick<ChargerYear, 'powered' | 'atPower'> {
  const rng = mulberry32(deriveSeed(seed, `${c.deviceId}:end-power`));
  const unplugged = uniform(rng, 0.01, 0.06);
  const powered: YearSeries = [];
  const atPower: YearSeries = [];
  c.sessions.forEach((n, day) => {
    const known = Math.max(0, (n ?? 0) - ((c.failures[day] as number | null) ?? 0));
    const cut = sev(c.deviceId, 'power-cutout', day);
    const p = Math.min(0.9, unplugged + 0.4 * cut * cut + (supplyCut[day] ? 0.5 : 0));
    let ended = 0;
    for (let i = 0; i < known; i++) if (rng() < p) ended++;
    powered.push(known);
    atPower.push(ended);
  });
  return { powered, atPower };
}

function simulateCharger(
  rng: Rng,
  days: number,
  deviceId: string,
  role: 'dc-charger' | 'ac-charger',
  weather: readonly Weather[],
  closed: readonly boolean[],
  sev: (id: string, kind: DegradationKind, day: number) => number,
): Omit<ChargerYear, 'powered' | 'atPower' | 'unstarted'> & { arrivals: number[] } {
  const dc = role === 'dc-charger';
  const lambda = dc ? uniform(rng, 8, 20) : uniform(rng, 3, 10);
  const p0 = uniform(rng, 0.003, 0.02);
  const rth = uniform(rng, 1.5, 3);
  const insulation = uniform(rng, 8_000, 15_000);
  const sessions: YearSeries = [];
  const failures: YearSeries = [];
  const kwh: YearSeries = [];
  const thermal: YearSeries = [];
  const insul: YearSeries = [];
  /** Drivers expected each day, before a failing card reader turns some away. */
  const arrivals: number[] = [];
  for (let day = 0; day < days; day++) {
    const weekday = day % 7 < 5 ? 1 : 0.7;
    const idle = rng() < 0.01 ? 0.1 : 1;
    const reader = sev(deviceId, 'card-reader', day);
    arrivals.push(closed[day] ? 0 : lambda * weekday * idle);
    const n = poisson(rng, (arrivals[day] as number) * (1 - reader * reader));
    const wear = sev(deviceId, 'contactor-wear', day);
    const pFail = Math.min(0.9, p0 + 0.4 * wear * wear);
    let f = 0;
    for (let i = 0; i < n; i++) if (rng() < pFail) f++;
    sessions.push(n);
    failures.push(f);
    kwh.push(n * (dc ? 28 : 14) * (1 + 0.15 * gaussian(rng)) ** 1);
    const dropout = rng() < 0.01;
    const contact = sev(deviceId, 'contact-resistance', day);
    thermal.push(
      n === 0
        ? null
        : dropout
          ? rng() < 0.5
            ? null
            : 0
          : rth * (1 + 3 * contact * contact) * (1 + 0.04 * gaussian(rng)),
    );
    const decay = sev(deviceId, 'insulation-decay', day);
    const wet = weather[day]?.wet ? uniform(rng, 0.3, 0.9) : 1;
    insul.push(
      n === 0
        ? null
        : dropout
          ? 0
          : insulation * (100 / insulation) ** (decay * decay) * wet * Math.exp(0.1 * gaussian(rng)),
    );
  }
  return dc
    ? { role, deviceId, sessions, failures, kwh, thermal, insulation: insul, arrivals }
    : { role, deviceId, sessions, failures, kwh, arrivals };
}

function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rng)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

/** Clear-sky yield per kW of rating (derating 1) for each day, at the fleet's region (Hangzhou bay). */
function clearSkyYear(startMs: number, days: number): number[] {
  return clearSkyDays({ lat: 30.0, lng: 120.5 }, startMs, days).values;
}

/** The detectors' view of a site at the end of `endDay`: the last `windowDays` days up to and including it. */
export function siteWindow(site: SiteYear, startMs: number, endDay: number, windowDays: number): SiteDays {
  const from = Math.max(0, endDay + 1 - windowDays);
  const slice = (v: YearSeries): DaySeries => ({
    startMs: startMs + from * DAY_MS,
    values: v.slice(from, endDay + 1),
  });
  const chargers: ChargerDays[] = site.chargers.map((c) => ({
    deviceId: c.deviceId,
    profileId: c.role === 'dc-charger' ? 'dc-120kw-dual' : 'ac-7kw',
    sessions: slice(c.sessions),
    failures: slice(c.failures),
    sessionKwh: slice(c.kwh),
    ...(c.thermal ? { thermal: slice(c.thermal) } : {}),
    ...(c.insulation ? { insulationKohm: slice(c.insulation) } : {}),
    endPower: { powered: slice(c.powered), atPower: slice(c.atPower) },
    unstarted: slice(c.unstarted),
  }));
  const inverters: InverterDays[] = site.inverters.map((i) => ({
    deviceId: i.deviceId,
    profileId: 'pv-sunspec-103',
    ratedKw: i.ratedKw,
    energyKwh: slice(i.energy),
  }));
  const meters: MeterDays[] = site.meters.map((m) => ({
    deviceId: m.deviceId,
    profileId: 'meter-3p-f32',
    counterKwh: slice(m.counter),
  }));
  const gateways: GatewayDays[] = site.gateways.map((g) => ({
    gatewayId: g.deviceId,
    requests: slice(g.requests),
    failures: slice(g.failures),
  }));
  return {
    siteId: site.siteId,
    clearSkyKwhPerKw: slice(site.clearSky),
    chargers,
    inverters,
    meters,
    gateways,
  };
}
