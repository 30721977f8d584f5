import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { measureStorm, stormReport } from './alarm-storm';
import { latencyReport, measureLatency } from './latency';
import { defaultMapOptions, mapReport, measureMap } from './map';
import { defaultNotifyOptions, measureNotify, notifyReport } from './notify';
import { defaultPollerOptions, measurePoller, pollerReport } from './poller';
import { defaultReportOptions, measureReports, reportsReport } from './reports';
import { defaultStoreOptions, measureStore, storeReport } from './store';
import { defaultSyncOptions, measureSync, syncReport } from './sync';
import { measureWall, wallReport } from './wall';

/**
 * Runs the benchmarks and rewrites bench/RESULTS.md with the figures of this
 * run. `npm run bench -- --changes 50` for a quick look; `--only poller`,
 * `--only latency` or `--only wall` runs one and keeps the others' sections from the last run.
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const text = (name: string): string | null => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? null) : null;
};

const RESULTS = 'bench/RESULTS.md';
const SECTIONS = {
  latency: '## Change-to-screen latency',
  poller: '## Station link: 5,000 devices',
  wall: '## Charger wall: 5,000 tiles at 1 Hz',
  storm: '## Alarm storm: 10,000 alarms in 10 s',
  sync: '## Sync to the server',
  store: '## Local store: journal, history, verification',
  map: '## Station map: 5,000 stations',
  reports: '## Report exports: a month of 200 chargers',
  notify: '## Notifications: alarm to provider, and a storm',
} as const;
type Section = keyof typeof SECTIONS;

/** The body of one `## ` section of the last RESULTS.md, to carry over a benchmark not run this time. */
function previousSection(section: Section): string | null {
  if (!existsSync(RESULTS)) return null;
  const lines = readFileSync(RESULTS, 'utf8').split('\n');
  const start = lines.indexOf(SECTIONS[section]);
  if (start < 0) return null;
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
}

async function main() {
  const only = text('only');
  if (only !== null && !(only in SECTIONS))
    throw new Error(`--only takes ${Object.keys(SECTIONS).join(' or ')}`);
  const runs = (section: Section) => only === null || only === section;
  const reports: Partial<Record<Section, string>> = {};

  if (runs('latency')) {
    const changes = arg('changes', 200);
    const pollIntervalMs = arg('interval', 1000);
    process.stdout.write(`change-to-screen latency: ${changes} changes at ${pollIntervalMs} ms polling…\n`);
    const latency = await measureLatency({ changes, pollIntervalMs, port: arg('port', 4890) });
    reports.latency = latencyReport(latency);
    process.stdout.write(`${reports.latency}\n`);
  }

  if (runs('poller')) {
    const options = {
      ...defaultPollerOptions,
      gateways: arg('gateways', defaultPollerOptions.gateways),
      units: arg('units', defaultPollerOptions.units),
      cpuProfileDir: text('cpu-prof'),
    };
    process.stdout.write(
      `station link: ${options.gateways} gateways × ${options.units} unit ids, bare jsmodbus loop vs poller…\n`,
    );
    const poller = await measurePoller(options, (line) => process.stdout.write(`${line}\n`));
    reports.poller = pollerReport(poller);
    process.stdout.write(`${reports.poller}\n`);
  }

  if (runs('storm')) {
    const alarms = arg('alarms', 10_000);
    const seconds = arg('seconds', 10);
    process.stdout.write(`alarm storm: ${alarms} alarms within ${seconds} s, engine then browser…\n`);
    const storm = await measureStorm({ alarms, seconds, port: arg('port', 4891) }, (line) =>
      process.stdout.write(`${line}\n`),
    );
    reports.storm = stormReport(storm);
    process.stdout.write(`${reports.storm}\n`);
  }

  if (runs('sync')) {
    const options = {
      events: arg('events', defaultSyncOptions.events),
      batch: arg('batch', defaultSyncOptions.batch),
    };
    process.stdout.write(
      `sync: ${options.events} events desk → server, PGlite and PostgreSQL, raw INSERT baseline…\n`,
    );
    const sync = await measureSync(options, (line) => process.stdout.write(`${line}\n`));
    reports.sync = syncReport(sync);
    process.stdout.write(`${reports.sync}\n`);
  }

  if (runs('store')) {
    const options = {
      ...defaultStoreOptions,
      seconds: arg('store-seconds', defaultStoreOptions.seconds),
      verifyEvents: arg('verify-events', defaultStoreOptions.verifyEvents),
    };
    process.stdout.write(
      `local store: bare better-sqlite3 loop, journal appends, history writes, verify ${options.verifyEvents} events…\n`,
    );
    const store = await measureStore(options, (line) => process.stdout.write(`${line}\n`));
    reports.store = storeReport(store);
    process.stdout.write(`${reports.store}\n`);
  }

  if (runs('map')) {
    const options = {
      stations: arg('stations', defaultMapOptions.stations),
      rounds: arg('rounds', defaultMapOptions.rounds),
      panMs: arg('pan-ms', defaultMapOptions.panMs),
    };
    process.stdout.write(
      `station map: ${options.stations} stations vs the basemap alone, headless Chromium…\n`,
    );
    const map = await measureMap(options, (line) => process.stdout.write(`${line}\n`));
    reports.map = mapReport(map);
    process.stdout.write(`${reports.map}\n`);
  }

  if (runs('reports')) {
    const options = {
      stations: arg('report-stations', defaultReportOptions.stations),
      rounds: arg('report-rounds', defaultReportOptions.rounds),
    };
    process.stdout.write(
      `report exports: a month of ${options.stations * 10} chargers as CSV, XLSX and PDF vs a bare CSV join and journal read…\n`,
    );
    const result = await measureReports(options, (line) => process.stdout.write(`${line}\n`));
    reports.reports = reportsReport(result);
    process.stdout.write(`${reports.reports}\n`);
  }

  if (runs('notify')) {
    const options = { ...defaultNotifyOptions, samples: arg('notify-samples', defaultNotifyOptions.samples) };
    process.stdout.write(
      `notifications: ${options.samples} alarms through the outbox vs a bare POST, then a ${options.stormAlarms}-alarm storm…\n`,
    );
    reports.notify = notifyReport(await measureNotify(options, (line) => process.stdout.write(`${line}\n`)));
    process.stdout.write(`${reports.notify}\n`);
  }

  if (runs('wall')) {
    const guns = arg('guns', 5000);
    process.stdout.write(`charger wall: ${guns} gun tiles in headless Chromium, updating at 1 Hz vs idle…\n`);
    reports.wall = wallReport(await measureWall({ guns, seconds: arg('wall-seconds', 10) }));
    process.stdout.write(`${reports.wall}\n`);
  }

  const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const sections = (Object.keys(SECTIONS) as Section[]).flatMap((section) => {
    const body = reports[section] ?? previousSection(section);
    return body === null ? [] : [SECTIONS[section], '', body, ''];
  });
  writeFileSync(
    RESULTS,
    [
      '# Benchmark results',
      '',
      `Latest run: ${new Date().toISOString()}, DutyDesk ${version}, Node ${process.version}, ${cpus().length} × ${cpu}.`,
      'Regenerate with `npm run bench`; each figure is compared with a baseline measured in the same run.',
      '',
      ...sections,
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
