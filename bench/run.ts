import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { latencyReport, measureLatency } from './latency';
import { defaultPollerOptions, measurePoller, pollerReport } from './poller';

/**
 * Runs the benchmarks and rewrites bench/RESULTS.md with the figures of this
 * run. `npm run bench -- --changes 50` for a quick look; `--only poller` or
 * `--only latency` runs one and keeps the other's section from the last run.
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
