/**
 * Loaded into the desk under soak with `node --import`: once every
 * SOAK_PROBE_MS it appends one line to SOAK_PROBE_FILE with what only the
 * process itself can see (heap, active handles, event-loop lag) beside its
 * RSS and open file descriptors. The desk's own code is not changed for it.
 * With --expose-gc the heap is read after a full collection, so garbage
 * that is merely waiting does not look like a leak.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapCodeStatistics, writeHeapSnapshot } from 'node:v8';
import { isMainThread, threadId } from 'node:worker_threads';

const file = process.env.SOAK_PROBE_FILE;
const every = Number(process.env.SOAK_PROBE_MS ?? 6000);
// Heap snapshots at chosen probe ticks (e.g. "40,290"), to compare what a process holds early and late.
const snapshotDir = process.env.SOAK_HEAP_SNAPSHOT_DIR;
const snapshotAt = new Set((process.env.SOAK_HEAP_SNAPSHOT_AT ?? '').split(',').filter(Boolean).map(Number));
let tick = 0;

// --import runs in the desk's worker threads too: each of them writes its own heap beside the engine's lines.
if (file && !isMainThread) {
  const timer = setInterval(() => {
    globalThis.gc?.();
    const memory = process.memoryUsage();
    const line = {
      pid: process.pid,
      thread: threadId,
      t: Date.now(),
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
    };
    appendFileSync(`${file}.workers`, `${JSON.stringify(line)}\n`);
  }, every);
  timer.unref();
}

if (file && isMainThread) {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const timer = setInterval(() => {
    const lagMs = {
      p50: lag.percentile(50) / 1e6,
      p99: lag.percentile(99) / 1e6,
      max: lag.max / 1e6,
    };
    globalThis.gc?.();
    lag.reset();
    const memory = process.memoryUsage();
    // Compiled code and bytecode grow for minutes as V8 optimises the hot paths, and settle: not a leak.
    const code = getHeapCodeStatistics();
    const handles = {};
    for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
    // Anonymous memory is what a leak grows; file and shared pages are SQLite's mapped files and page cache.
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    const line = {
      pid: process.pid,
      t: Date.now(),
      rss: memory.rss,
      rssAnon: kb('RssAnon'),
      rssFile: kb('RssFile'),
      rssShmem: kb('RssShmem'),
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      heapCode: code.code_and_metadata_size + code.bytecode_and_metadata_size,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      fds: readdirSync('/proc/self/fd').length,
      handles,
      lagMs,
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    tick += 1;
    if (snapshotDir && snapshotAt.has(tick))
      writeHeapSnapshot(`${snapshotDir}/${process.pid}-${tick}.heapsnapshot`);
  }, every);
  timer.unref();
}
