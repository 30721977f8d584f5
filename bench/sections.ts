import { deltaSizeReport, measureDeltaSize } from './alarm-delta-size';
import { measureStorm, stormReport } from './alarm-storm';
import { crewRankReport, defaultCrewRankOptions, measureCrewRank } from './crew-rank';
import { demoWeekReport, measureDemoWeek } from './demo-week';
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

/**
 * Every benchmark, in the order of bench/RESULTS.md. The full sizes are the
 * targets of the issues that asked for them; `smoke` sizes only prove that
 * each still runs. A new benchmark exports a BenchSection and adds one line
 * to SECTIONS.
 */

/** The smoke sizes in a smoke run; otherwise the full sizes, each number overridable by its command-line flag. */
function sized<T extends object>(
  run: BenchRun,
  full: T,
  smoke: T,
  flags: Partial<Record<keyof T & string, string>>,
): T {
  if (run.smoke) return smoke;
  const given = { ...full } as Record<string, unknown>;
  for (const [key, flag] of Object.entries(flags) as [keyof T & string, string][])
    given[key] = run.arg(flag, full[key] as number);
  return given as T;
}

const latency: BenchSection = {
  name: 'latency',
  heading: '## Change-to-screen latency',
  async run({ smoke, arg, say }) {
    const changes = smoke ? 3 : arg('changes', 200);
    // The smoke run shares the machine with every other section: the shipped interval and its deadline, not a shorter one.
    const pollIntervalMs = smoke ? 1000 : arg('interval', 1000);
    say(`change-to-screen latency: ${changes} changes at ${pollIntervalMs} ms polling…`);
    return latencyReport(
      await measureLatency({ changes, pollIntervalMs, port: arg('port', 4890), stations: smoke ? 1 : null }),
    );
  },
};

const poller: BenchSection = {
  name: 'poller',
  heading: '## Station link: 5,000 devices',
  async run(run) {
    const { text, say } = run;
    const options = sized(
      run,
      { ...defaultPollerOptions, cpuProfileDir: text('cpu-prof') },
      {
        ...defaultPollerOptions,
        gateways: 3,
        units: 2,
        warmupS: 0.5,
        measureS: 1,
        rounds: 1,
        slowMeasureS: 1,
        silentDeadlineS: 10,
      },
      { gateways: 'gateways', units: 'units' },
    );
    say(
      `station link: ${options.gateways} gateways × ${options.units} unit ids, bare jsmodbus loop vs poller…`,
    );
    return pollerReport(await measurePoller(options, say));
  },
};

const wall: BenchSection = {
  name: 'wall',
  heading: '## Charger wall: 5,000 tiles at 1 Hz',
  async run({ smoke, arg, say }) {
    const guns = smoke ? 40 : arg('guns', 5000);
    say(`charger wall: ${guns} gun tiles in headless Chromium, updating at 1 Hz vs idle…`);
    return wallReport(await measureWall({ guns, seconds: smoke ? 1 : arg('wall-seconds', 10) }));
  },
};

const storm: BenchSection = {
  name: 'storm',
  heading: '## Alarm storm: 10,000 alarms in 10 s',
  async run({ smoke, arg, say }) {
    const alarms = smoke ? 200 : arg('alarms', 10_000);
    const seconds = smoke ? 1 : arg('seconds', 10);
    say(`alarm storm: ${alarms} alarms within ${seconds} s, engine then browser…`);
    return stormReport(await measureStorm({ alarms, seconds, port: arg('port', 4891) }, say));
  },
};

const sync: BenchSection = {
  name: 'sync',
  heading: '## Sync to the server',
  async run(run) {
    const { say } = run;
    const options = sized(
      run,
      defaultSyncOptions,
      { events: 500, batch: 100 },
      { events: 'events', batch: 'batch' },
    );
    say(`sync: ${options.events} events desk → server, PGlite and PostgreSQL, raw INSERT baseline…`);
    return syncReport(await measureSync(options, say));
  },
};

const store: BenchSection = {
  name: 'store',
  heading: '## Local store: journal, history, verification',
  async run(run) {
    const { say } = run;
    const options = sized(
      run,
      defaultStoreOptions,
      { seconds: 0.3, verifyEvents: 2_000, foldSamples: 2_000, devices: 50, keysPerDevice: 8 },
      { seconds: 'store-seconds', verifyEvents: 'verify-events' },
    );
    say(
      `local store: bare better-sqlite3 loop, journal appends, history writes, verify ${options.verifyEvents} events…`,
    );
    return storeReport(await measureStore(options, say));
  },
};

const map: BenchSection = {
  name: 'map',
  heading: '## Station map: 5,000 stations',
  async run(run) {
    const { say } = run;
    const options = sized(
      run,
      defaultMapOptions,
      { stations: 50, rounds: 1, panMs: 500 },
      { stations: 'stations', rounds: 'rounds', panMs: 'pan-ms' },
    );
    say(`station map: ${options.stations} stations vs the basemap alone, headless Chromium…`);
    return mapReport(await measureMap(options, say));
  },
};

const reports: BenchSection = {
  name: 'reports',
  heading: '## Report exports: a month of 200 chargers',
  async run(run) {
    const { say } = run;
    const options = sized(
      run,
      defaultReportOptions,
      { stations: 1, rounds: 1 },
      { stations: 'report-stations', rounds: 'report-rounds' },
    );
    say(
      `report exports: a month of ${options.stations * 10} chargers as CSV, XLSX and PDF vs a bare CSV join and journal read…`,
    );
    return reportsReport(await measureReports(options, say));
  },
};

const notify: BenchSection = {
  name: 'notify',
  heading: '## Notifications: alarm to provider, and a storm',
  async run(run) {
    const { say } = run;
    const options = sized(
      run,
      defaultNotifyOptions,
      { samples: 6, rounds: 1, stormAlarms: 100, stations: 5, causes: 2 },
      { samples: 'notify-samples' },
    );
    say(
      `notifications: ${options.samples} alarms through the outbox vs a bare POST, then a ${options.stormAlarms}-alarm storm…`,
    );
    return notifyReport(await measureNotify(options, say));
  },
};

const crew: BenchSection = {
  name: 'crew',
  heading: '## Dispatch ranking: 200 crews at each of 5,000 stations',
  async run(run) {
    const options = sized(
      run,
      defaultCrewRankOptions,
      { crews: 5, stations: 20 },
      { crews: 'crews', stations: 'crew-stations' },
    );
    run.say(
      `dispatch ranking: ${options.crews} crews at each of ${options.stations} stations vs a bare distance loop…`,
    );
    return crewRankReport(measureCrewRank(options));
  },
};

const deltaSize: BenchSection = {
  name: 'delta-size',
  heading: '## Alarm deltas in a storm: bytes with the SLA rule texts sent once',
  async run({ smoke, arg, say }) {
    // Ten fault bits per charger: 1,000 chargers are the 10,000-alarm storm of issue 20 item 8.
    const chargers = smoke ? 20 : arg('delta-chargers', 1_000);
    say(`alarm delta size: ${chargers * 10} alarms, records with and without their rule texts…`);
    return deltaSizeReport(await measureDeltaSize(chargers));
  },
};

const sparkplug: BenchSection = {
  name: 'sparkplug',
  heading: '## Sparkplug B: broker to desk state, and node death to comm-lost',
  async run(run) {
    const options = sized(
      run,
      defaultSparkplugOptions,
      { nodes: 2, devicesPerNode: 2, metricsPerMessage: 5, rounds: 5, deaths: 2 },
      { rounds: 'sparkplug-rounds' },
    );
    run.say(
      `sparkplug: ${options.nodes} nodes × ${options.devicesPerNode} devices, ${options.rounds} rounds vs a bare mqtt subscriber…`,
    );
    return sparkplugReport(await measureSparkplug(options));
  },
};

const years: BenchSection = {
  name: 'years',
  heading: '## The desk after five years of records',
  async run(run) {
    const options = sized(
      run,
      { ...defaultYearsOptions, dir: run.text('years-dir') },
      { ...defaultYearsOptions, stations: 1, months: 2, sampleEveryHours: 24 },
      { stations: 'years-stations', months: 'years-months', sampleEveryHours: 'years-sample-hours' },
    );
    run.say(`five-year desk: ${options.stations} stations over ${options.months} months…`);
    return yearsReport(await measureYears(options, run.say));
  },
};

const sparkplugFleet: BenchSection = {
  name: 'sparkplug-fleet',
  heading: '## Sparkplug B: 5,000 devices at 1 Hz',
  async run(run) {
    const options = sized(
      run,
      defaultFleetOptions,
      { nodes: 2, devicesPerNode: 5, metricsPerMessage: 5, seconds: 2 },
      { seconds: 'sparkplug-fleet-seconds' },
    );
    run.say(
      `sparkplug fleet: ${options.nodes * options.devicesPerNode} devices at 1 Hz for ${options.seconds} s vs a bare subscriber…`,
    );
    return sparkplugFleetReport(await measureSparkplugFleet(options));
  },
};

const yearsFigures: BenchSection = {
  name: 'years-figures',
  heading: '## The desk after five years: start, reports, verify, backup against one month',
  async run(run) {
    const options = sized(
      run,
      { ...defaultYearsFiguresOptions, dir: run.text('years-figures-dir') },
      { ...defaultYearsFiguresOptions, stations: 1, months: 2, rounds: 1 },
      { stations: 'years-figures-stations', months: 'years-figures-months', rounds: 'years-figures-rounds' },
    );
    run.say(
      `five-year desk figures: ${options.stations} stations, ${options.months} months against one month…`,
    );
    return yearsFiguresReport(await measureYearsFigures(options, run.say));
  },
};

const warnings: BenchSection = {
  name: 'warnings',
  heading: '## Early warnings: detection on a simulated fleet-year, and the daily pass',
  async run(run) {
    const options = sized(
      run,
      defaultWarningsOptions,
      { evalSeed: 7, evalSites: 8, evalDays: 120, passSites: 20 },
      { evalSeed: 'warn-seed', evalSites: 'warn-sites', passSites: 'warn-pass-sites' },
    );
    run.say(
      `early warnings: ${options.evalSites} sites × ${options.evalDays} days, then a ${options.passSites}-site daily pass…`,
    );
    return warningsReport(await measureWarnings(options, run.say));
  },
};

const demoWeek: BenchSection = {
  name: 'demo-week',
  heading: '## Demo first start with its generated week',
  async run({ smoke, arg, say }) {
    const rounds = smoke ? 1 : arg('demo-rounds', 3);
    say(`demo first start: ${rounds} rounds, empty vs with the generated week…`);
    return demoWeekReport(await measureDemoWeek({ rounds }, say));
  },
};

export const SECTIONS: readonly BenchSection[] = [
  latency,
  poller,
  wall,
  storm,
  sync,
  store,
  map,
  reports,
  notify,
  crew,
  deltaSize,
  sparkplug,
  years,
  sparkplugFleet,
  yearsFigures,
  warnings,
  demoWeek,
  ...soakSections,
];
