import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { type BenchRun, type BenchSection, reportShapeProblem } from './section';
import { SECTIONS } from './sections';

/**
 * Runs the benchmarks and rewrites bench/RESULTS.md with the figures of this
 * run, each section stamped with the commit and date it was measured on.
 * `npm run bench -- --changes 50` for a quick look; `--only NAME[,NAME…]` runs those
 * and keeps the others' sections from the last run, stamps and all.
 * `--smoke` runs every section at tiny sizes, checks that each produced a
 * report, and writes nothing: the test command's guard against a
 * benchmark that no longer runs.
 */
const argv = process.argv.slice(2);
const text = (name: string): string | null => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? null) : null;
};
const arg = (name: string, fallback: number): number => {
  const given = text(name);
  if (given === null) return fallback;
  const n = Number(given);
  if (!Number.isFinite(n)) throw new Error(`--${name} takes a number, not "${given}"`);
  return n;
};
const say = (line: string) => process.stdout.write(`${line}\n`);
/** The sections `--only` names, comma-separated; null runs them all. */
const chosen = (): string[] | null =>
  text('only')
    ?.split(',')
    .map((name) => name.trim()) ?? null;

const RESULTS = 'bench/RESULTS.md';

/** The body of one `## ` section of the last RESULTS.md, to carry over a benchmark not run this time. */
function previousSection(heading: string): string | null {
  if (!existsSync(RESULTS)) return null;
  const lines = readFileSync(RESULTS, 'utf8').split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) return null;
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
}

/** The `## ` headings of the last RESULTS.md that no section writes. */
function handWritten(sections: readonly BenchSection[]): string[] {
  if (!existsSync(RESULTS)) return [];
  const known = new Set(sections.map((section) => section.heading));
  return readFileSync(RESULTS, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('## ') && !known.has(line));
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown commit';
  }
}

async function timed(section: BenchSection, run: BenchRun): Promise<{ report: string; seconds: number }> {
  const started = performance.now();
  const report = await section.run(run);
  return { report, seconds: (performance.now() - started) / 1000 };
}

/** How many smoke sections run side by side, each in its own process. */
const SMOKE_PARALLEL = 6;
/**
 * The sections whose smoke runs take longest (about a minute for the first
 * two: a PostgreSQL cluster and PGlite, a Modbus peer's deadlines), started
 * first so that the short ones fill in beside them. In list order the two
 * came last, and the run took 113 s on a quiet machine while the sum of all
 * sections over six slots is about 75.
 */
const SMOKE_LONGEST = [
  'sync',
  'poller',
  'storm',
  'wall',
  'soak',
  'years-start',
  'incident-heap',
  'map',
  'demo-week',
];
/** A smoke section still running after this has hung: it is killed and named. */
const SMOKE_LIMIT_MS = 6 * 60_000;

/** One section at tiny sizes in this process; exits when done, whatever it left open. */
async function smokeOne(section: BenchSection): Promise<never> {
  const prefixed = (line: string) => say(`[${section.name}] ${line}`);
  let failure: string | null = null;
  try {
    const { report, seconds } = await timed(section, { smoke: true, arg, text, say: prefixed });
    const problem = reportShapeProblem(report);
    if (problem) failure = `its report has ${problem}:\n${report}`;
    else prefixed(`ran in ${seconds.toFixed(1)} s`);
  } catch (error) {
    failure = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  if (failure) process.stderr.write(`[${section.name}] ${failure}\n`);
  process.exit(failure ? 1 : 0);
}

/**
 * Every section at tiny sizes, a few at a time, each in a process of its
 * own: most of a smoke run is waiting (windows, timeouts, a browser
 * starting), and one section's synchronous work (building a journal) must
 * not stall another's timers. The figures are not kept. Fails naming each
 * section that threw, produced no report or hung.
 */
async function smoke(sections: readonly BenchSection[]): Promise<void> {
  const rank = (section: BenchSection) => {
    const at = SMOKE_LONGEST.indexOf(section.name);
    return at < 0 ? SMOKE_LONGEST.length : at;
  };
  const queue = [...sections].sort((a, b) => rank(a) - rank(b));
  const failed: string[] = [];
  const passOn = argv.filter((a, i) => a !== '--only' && argv[i - 1] !== '--only');
  const runOne = (section: BenchSection) =>
    new Promise<void>((resolve) => {
      const child = spawn(
        process.execPath,
        [...process.execArgv, process.argv[1] as string, ...passOn, '--only', section.name, '--smoke-one'],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
      const limit = setTimeout(() => {
        failed.push(`${section.name}: still running after ${SMOKE_LIMIT_MS / 60_000} min, killed`);
        child.kill('SIGKILL');
      }, SMOKE_LIMIT_MS);
      child.on('exit', (code, signal) => {
        clearTimeout(limit);
        if (code !== 0 && signal !== 'SIGKILL') failed.push(`${section.name}: exited ${code ?? signal}`);
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: SMOKE_PARALLEL }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await runOne(next);
    }),
  );
  if (failed.length > 0) throw new Error(`${failed.length} benchmark(s) broken:\n${failed.join('\n')}`);
  say(`bench smoke: all ${sections.length} benchmarks ran`);
}

async function full(sections: readonly BenchSection[]): Promise<void> {
  const only = chosen();
  const stamp = `Measured on commit ${commit()}, ${new Date().toISOString().slice(0, 10)}.`;
  const bodies = new Map<string, string>();
  const failed: string[] = [];
  for (const section of sections) {
    if (only !== null && !only.includes(section.name)) continue;
    try {
      const { report } = await timed(section, { smoke: false, arg, text, say });
      bodies.set(section.name, `${stamp}\n\n${report}`);
      say(report);
    } catch (error) {
      // The others still run; this one keeps its last figures, which carry their own older stamp.
      failed.push(section.name);
      process.stderr.write(`bench ${section.name} failed: ${error instanceof Error ? error.stack : error}\n`);
    }
  }
  const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  writeFileSync(
    RESULTS,
    [
      '# Benchmark results',
      '',
      `Latest run: ${new Date().toISOString()}, DutyDesk ${version}, Node ${process.version}, ${cpus().length} × ${cpu}.`,
      'Regenerate with `npm run bench`; each figure is compared with a baseline measured in the same run, and each section says the commit and date it was measured on.',
      '',
      ...sections.flatMap((section) => {
        const body = bodies.get(section.name) ?? previousSection(section.heading);
        return body === null ? [] : [section.heading, '', body, ''];
      }),
      // Sections written by hand (figures from a one-off probe) stay as they were.
      ...handWritten(sections).flatMap((heading) => [heading, '', previousSection(heading) ?? '', '']),
    ].join('\n'),
  );
  if (failed.length > 0)
    throw new Error(`failed: ${failed.join(', ')}; their sections keep the last figures`);
}

async function main() {
  const only = chosen();
  const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0)
    throw new Error(
      `--only: no section ${unknown.join(', ')}; there are ${SECTIONS.map((s) => s.name).join(', ')}`,
    );
  const picked = SECTIONS.filter((s) => only === null || only.includes(s.name));
  if (argv.includes('--smoke-one') && picked.length === 1) await smokeOne(picked[0] as BenchSection);
  if (argv.includes('--smoke')) await smoke(picked);
  else await full(SECTIONS);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
