import { deltaSizeReport, measureDeltaSize } from './alarm-delta-size';
import { measureStorm, stormReport } from './alarm-storm';
import { crewRankReport, defaultCrewRankOptions, measureCrewRank } from './crew-rank';
import { demoWeekReport, measureDemoWeek } from './demo-week';
import { defaultDerivedLagOptions, derivedLagReport, measureDerivedLag } from './derived-lag';
import { drillReport, measureDrill } from './drill';
import { latencyReport, measureLatency } from './latency';
import { defaultMapOptions, mapReport, measureMap } from './map';
import { defaultNotifyOptions, measureNotify, notifyReport } from './notify';
import { defaultPollerOptions, measurePoller, pollerReport } from './poller';
import { defaultReportOptions, measureReports, reportsReport } from './reports';
import type { BenchRun, BenchSection } from './section';
import { soakSections } from './soak-sections';
import { defaultSparkplugOptions, measureSparkplug, sparkplugReport } from './sparkplug';
import { defaultFleetOptions, measureSparkplugFleet, sparkplugFleetReport } from './sparkplug-fleet';
import { defaultStoreOptions, measureStore, storeReport } from './store';
import { defaultSyncOptions, measureSync, syncReport } from './sync';
import { measureWall, wallReport } from './wall';
import { defaultWarningsOptions, measureWarnings, warningsReport } from './warnings';
import { defaultYearsOptions, measureYears, yearsReport } from './years';
import { defaultYearsFiguresOptions, measureYearsFigures, yearsFiguresReport } from './years-figures';
import { defaultYearsHeldOptions, measureYearsHeld, yearsHeldReport } from './years-held';
import { defaultYearsStartOptions, measureYearsStart, yearsStartReport } from './years-start';

/**
 * Every benchmark, in the order of bench/RESULTS.md, as one row each: its
 * sizes, the progress line and what it measures. The full sizes are the
 * targets of the issues that asked for them; `smoke` sizes only prove that
 * each still runs. A new benchmark exports its measure and report and adds
 * one row to SECTIONS.
 */
type Row<T extends object> = {
  name: string;
  heading: string;
  full: T;
  smoke: T;
  /** The command-line flag of each size that may be given (`--flag N`), in a smoke run too. */
  flags?: Partial<Record<keyof T & string, string>>;
  /** The command-line flag of each text option (`--flag TEXT`), such as a directory to keep. */
  texts?: Partial<Record<keyof T & string, string>>;
  /** The progress line before it starts. */
  says: (options: T) => string;
  /** Measures at these sizes and returns the section's Markdown. */
  measure: (options: T, say: (line: string) => void) => Promise<string>;
};

function row<T extends object>(spec: Row<T>): BenchSection {
  return {
    name: spec.name,
    heading: spec.heading,
    async run(run: BenchRun) {
      const base = run.smoke ? spec.smoke : spec.full;
      const options = { ...base } as Record<string, unknown>;
      for (const [key, flag] of Object.entries(spec.flags ?? {}) as [keyof T & string, string][])
        options[key] = run.arg(flag, base[key] as number);
      for (const [key, flag] of Object.entries(spec.texts ?? {}) as [keyof T & string, string][])
        options[key] = run.text(flag) ?? base[key];
      run.say(spec.says(options as T));
      return spec.measure(options as T, run.say);
    },
  };
}

export const SECTIONS: readonly BenchSection[] = [
  row({
    name: 'latency',
    heading: '## Change-to-screen latency',
    // The smoke run shares the machine with every other section: the shipped interval and its deadline, not a shorter one.
    full: { changes: 200, pollIntervalMs: 1000, port: 4890, stations: null as number | null },
    smoke: { changes: 3, pollIntervalMs: 1000, port: 4890, stations: 1 },
    flags: { changes: 'changes', pollIntervalMs: 'interval', port: 'port' },
    says: (o) => `change-to-screen latency: ${o.changes} changes at ${o.pollIntervalMs} ms polling…`,
    measure: async (o) => latencyReport(await measureLatency(o)),
  }),
  row({
    name: 'poller',
    heading: '## Station link: 5,000 devices',
    full: defaultPollerOptions,
    smoke: {
      ...defaultPollerOptions,
      gateways: 3,
      units: 2,
      warmupS: 0.5,
      measureS: 1,
      rounds: 1,
      slowMeasureS: 1,
      silentDeadlineS: 10,
    },
    flags: { gateways: 'gateways', units: 'units' },
    texts: { cpuProfileDir: 'cpu-prof' },
    says: (o) => `station link: ${o.gateways} gateways × ${o.units} unit ids, bare jsmodbus loop vs poller…`,
    measure: async (o, say) => pollerReport(await measurePoller(o, say)),
  }),
  row({
    name: 'wall',
    heading: '## Charger wall: 5,000 tiles at 1 Hz',
    full: { guns: 5000, seconds: 10 },
    smoke: { guns: 40, seconds: 1 },
    flags: { guns: 'guns', seconds: 'wall-seconds' },
    says: (o) => `charger wall: ${o.guns} gun tiles in headless Chromium, updating at 1 Hz vs idle…`,
    measure: async (o) => wallReport(await measureWall(o)),
  }),
  row({
    name: 'storm',
    heading: '## Alarm storm: 10,000 alarms in 10 s',
    full: { alarms: 10_000, seconds: 10, port: 4891 },
    smoke: { alarms: 200, seconds: 1, port: 4891 },
    flags: { alarms: 'alarms', seconds: 'seconds', port: 'port' },
    says: (o) => `alarm storm: ${o.alarms} alarms within ${o.seconds} s, engine then browser…`,
    measure: async (o, say) => stormReport(await measureStorm(o, say)),
  }),
  row({
    name: 'sync',
    heading: '## Sync to the server',
    full: defaultSyncOptions,
    smoke: { events: 500, batch: 100 },
    flags: { events: 'events', batch: 'batch' },
    says: (o) => `sync: ${o.events} events desk → server, PGlite and PostgreSQL, raw INSERT baseline…`,
    measure: async (o, say) => syncReport(await measureSync(o, say)),
  }),
  row({
    name: 'store',
    heading: '## Local store: journal, history, verification',
    full: defaultStoreOptions,
    smoke: { seconds: 0.3, verifyEvents: 2_000, foldSamples: 2_000, devices: 50, keysPerDevice: 8 },
    flags: { seconds: 'store-seconds', verifyEvents: 'verify-events' },
    says: (o) =>
      `local store: bare better-sqlite3 loop, journal appends, history writes, verify ${o.verifyEvents} events…`,
    measure: async (o, say) => storeReport(await measureStore(o, say)),
  }),
  row({
    name: 'map',
    heading: '## Station map: 5,000 stations',
    full: defaultMapOptions,
    smoke: { stations: 50, rounds: 1, panMs: 500 },
    flags: { stations: 'stations', rounds: 'rounds', panMs: 'pan-ms' },
    says: (o) => `station map: ${o.stations} stations vs the basemap alone, headless Chromium…`,
    measure: async (o, say) => mapReport(await measureMap(o, say)),
  }),
  row({
    name: 'reports',
    heading: '## Report exports: a month of 200 chargers',
    full: defaultReportOptions,
    smoke: { stations: 1, rounds: 1 },
    flags: { stations: 'report-stations', rounds: 'report-rounds' },
    says: (o) =>
      `report exports: a month of ${o.stations * 10} chargers as CSV, XLSX and PDF vs a bare CSV join and journal read…`,
    measure: async (o, say) => reportsReport(await measureReports(o, say)),
  }),
  row({
    name: 'notify',
    heading: '## Notifications: alarm to provider, and a storm',
    full: defaultNotifyOptions,
    smoke: { samples: 6, rounds: 1, stormAlarms: 100, stations: 5, causes: 2 },
    flags: { samples: 'notify-samples' },
    says: (o) =>
      `notifications: ${o.samples} alarms through the outbox vs a bare POST, then a ${o.stormAlarms}-alarm storm…`,
    measure: async (o, say) => notifyReport(await measureNotify(o, say)),
  }),
  row({
    name: 'crew',
    heading: '## Dispatch ranking: 200 crews at each of 5,000 stations',
    full: defaultCrewRankOptions,
    smoke: { crews: 5, stations: 20 },
    flags: { crews: 'crews', stations: 'crew-stations' },
    says: (o) =>
      `dispatch ranking: ${o.crews} crews at each of ${o.stations} stations vs a bare distance loop…`,
    measure: async (o) => crewRankReport(measureCrewRank(o)),
  }),
  row({
    name: 'delta-size',
    heading: '## Alarm deltas in a storm: bytes with the SLA rule texts sent once',
    // Ten fault bits per charger: 1,000 chargers are the 10,000-alarm storm of issue 20 item 8.
    full: { chargers: 1_000 },
    smoke: { chargers: 20 },
    flags: { chargers: 'delta-chargers' },
    says: (o) => `alarm delta size: ${o.chargers * 10} alarms, records with and without their rule texts…`,
    measure: async (o) => deltaSizeReport(await measureDeltaSize(o.chargers)),
  }),
  row({
    name: 'sparkplug',
    heading: '## Sparkplug B: broker to desk state, and node death to comm-lost',
    full: defaultSparkplugOptions,
    smoke: { nodes: 2, devicesPerNode: 2, metricsPerMessage: 5, rounds: 5, deaths: 2 },
    flags: { rounds: 'sparkplug-rounds' },
    says: (o) =>
      `sparkplug: ${o.nodes} nodes × ${o.devicesPerNode} devices, ${o.rounds} rounds vs a bare mqtt subscriber…`,
    measure: async (o) => sparkplugReport(await measureSparkplug(o)),
  }),
  row({
    name: 'years',
    heading: '## The desk after five years of records',
    full: defaultYearsOptions,
    smoke: { ...defaultYearsOptions, stations: 1, months: 2, sampleEveryHours: 24 },
    flags: { stations: 'years-stations', months: 'years-months', sampleEveryHours: 'years-sample-hours' },
    texts: { dir: 'years-dir' },
    says: (o) => `five-year desk: ${o.stations} stations over ${o.months} months…`,
    measure: async (o, say) => yearsReport(await measureYears(o, say)),
  }),
  row({
    name: 'sparkplug-fleet',
    heading: '## Sparkplug B: 5,000 devices at 1 Hz',
    full: defaultFleetOptions,
    smoke: { nodes: 2, devicesPerNode: 5, metricsPerMessage: 5, seconds: 2 },
    flags: { seconds: 'sparkplug-fleet-seconds' },
    says: (o) =>
      `sparkplug fleet: ${o.nodes * o.devicesPerNode} devices at 1 Hz for ${o.seconds} s vs a bare subscriber…`,
    measure: async (o) => sparkplugFleetReport(await measureSparkplugFleet(o)),
  }),
  row({
    name: 'years-figures',
    heading: '## The desk after five years: start, reports, verify, backup against one month',
    full: defaultYearsFiguresOptions,
    smoke: { ...defaultYearsFiguresOptions, stations: 1, months: 2, rounds: 1 },
    flags: {
      stations: 'years-figures-stations',
      months: 'years-figures-months',
      rounds: 'years-figures-rounds',
    },
    texts: { dir: 'years-figures-dir' },
    says: (o) => `five-year desk figures: ${o.stations} stations, ${o.months} months against one month…`,
    measure: async (o, say) => yearsFiguresReport(await measureYearsFigures(o, say)),
  }),
  row({
    name: 'years-start',
    heading: '## The desk after five years: cold start of the whole desk against one day',
    full: defaultYearsStartOptions,
    smoke: { ...defaultYearsStartOptions, stations: 1, months: 2, rounds: 1 },
    flags: { stations: 'years-start-stations', months: 'years-start-months', rounds: 'years-start-rounds' },
    texts: { dir: 'years-start-dir', baseline: 'years-start-baseline' },
    says: (o) => `five-year desk cold start: ${o.stations} stations, ${o.months} months against one day…`,
    measure: async (o, say) => yearsStartReport(await measureYearsStart(o, say)),
  }),
  row({
    name: 'years-held',
    heading: '## The desk after five years: what the duty state holds, and pages of older work orders',
    full: defaultYearsHeldOptions,
    smoke: { ...defaultYearsHeldOptions, stations: 1, months: 2, rounds: 1 },
    flags: { stations: 'years-held-stations', months: 'years-held-months', rounds: 'years-held-rounds' },
    texts: { dir: 'years-held-dir' },
    says: (o) => `five-year desk held state: ${o.stations} stations, ${o.months} months against one day…`,
    measure: async (o, say) => yearsHeldReport(await measureYearsHeld(o, say)),
  }),
  row({
    name: 'derived-lag',
    heading: '## The desk after five years: event-loop lag while the derived indexes build',
    full: defaultDerivedLagOptions,
    smoke: { ...defaultDerivedLagOptions, stations: 1, months: 2, rounds: 1 },
    flags: { stations: 'derived-lag-stations', months: 'derived-lag-months', rounds: 'derived-lag-rounds' },
    texts: { dir: 'derived-lag-dir' },
    says: (o) => `derived-index lag: ${o.stations} stations, ${o.months} months, ${o.rounds} rounds…`,
    measure: async (o, say) => derivedLagReport(await measureDerivedLag(o, say)),
  }),
  row({
    name: 'warnings',
    heading: '## Early warnings: detection on a simulated fleet-year, and the daily pass',
    full: defaultWarningsOptions,
    smoke: { evalSeed: 7, evalSites: 8, evalDays: 120, passSites: 20 },
    flags: { evalSeed: 'warn-seed', evalSites: 'warn-sites', passSites: 'warn-pass-sites' },
    says: (o) =>
      `early warnings: ${o.evalSites} sites × ${o.evalDays} days, then a ${o.passSites}-site daily pass…`,
    measure: async (o, say) => warningsReport(await measureWarnings(o, say)),
  }),
  row({
    name: 'demo-week',
    heading: '## Demo first start with its generated week',
    full: { rounds: 3 },
    smoke: { rounds: 1 },
    flags: { rounds: 'demo-rounds' },
    says: (o) => `demo first start: ${o.rounds} rounds, empty vs with the generated week…`,
    measure: async (o, say) => demoWeekReport(await measureDemoWeek(o, say)),
  }),
  row({
    name: 'drill',
    heading: '## Drill at ×60: wall frame rate and scoring lag',
    full: { seconds: 20, rounds: 3 },
    smoke: { seconds: 3, rounds: 1 },
    flags: { seconds: 'drill-seconds', rounds: 'drill-rounds' },
    says: (o) =>
      `drill: fault storm at ×1 and ×60, ${o.seconds} s each, ${o.rounds} rounds, wall in headless Chromium…`,
    measure: async (o, say) => drillReport(await measureDrill(o, say)),
  }),
  ...soakSections,
];
