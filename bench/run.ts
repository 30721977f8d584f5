import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { latencyReport, measureLatency } from './latency';

/**
 * Runs the benchmarks and rewrites bench/RESULTS.md with the figures of this
 * run. `npm run bench -- --changes 50` for a quick look.
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main() {
  const changes = arg('changes', 200);
  const pollIntervalMs = arg('interval', 1000);
  process.stdout.write(`change-to-screen latency: ${changes} changes at ${pollIntervalMs} ms polling…\n`);
  const latency = await measureLatency({ changes, pollIntervalMs, port: arg('port', 4890) });
  const report = latencyReport(latency);
  process.stdout.write(`${report}\n`);

  const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  writeFileSync(
    'bench/RESULTS.md',
    [
      '# Benchmark results',
      '',
      `Latest run: ${new Date().toISOString()}, DutyDesk ${version}, Node ${process.version}, ${cpus().length} × ${cpu}.`,
      'Regenerate with `npm run bench`; each figure is compared with a baseline measured in the same run.',
      '',
      '## Change-to-screen latency',
      '',
      report,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
