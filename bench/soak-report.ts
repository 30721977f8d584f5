import type { SoakResult } from './soak';

const mb = (v: number) => `${v.toFixed(1)} MB`;
const perDay = (v: number, se: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)} ± ${se.toFixed(2)}`;

const settled = ({ settled: s }: SoakResult['segments'][number]) =>
  s
    ? `${s.minutes.toFixed(0)}: ${perDay(s.heapMb.slopePerSimDay, s.heapMb.stdErrPerSimDay)} / ${perDay(s.dataHeapMb.slopePerSimDay, s.dataHeapMb.stdErrPerSimDay)}`
    : '—';

/** The soak's section of RESULTS.md: what ran, one row per desk process, and the checks at the end. */
export function soakReport(r: SoakResult): string {
  const o = r.options;
  const simHours = r.minutesRun / 60;
  const ended = r.minutesRun < o.minutes ? ` (of ${o.minutes} planned: ended early by the stop file)` : '';
  const last = r.sizes.at(-1);
  const firstSize = r.sizes[0];
  const rows = r.segments.map(
    (s, i) =>
      `| ${i + 1} | ${s.minutes.toFixed(0)} (${((s.minutes * o.speed) / 60).toFixed(1)} h sim) | ${mb(s.rssMb.first)} → ${mb(s.rssMb.last)} | ${perDay(s.rssMb.slopePerSimDay, s.rssMb.stdErrPerSimDay)} | ${perDay(s.anonMb.slopePerSimDay, s.anonMb.stdErrPerSimDay)} | ${mb(s.heapMb.first)} → ${mb(s.heapMb.last)} | ${perDay(s.heapMb.slopePerSimDay, s.heapMb.stdErrPerSimDay)} | ${perDay(s.dataHeapMb.slopePerSimDay, s.dataHeapMb.stdErrPerSimDay)} | ${s.fds.min}–${s.fds.max} | ${s.handles.medianFirstThird} → ${s.handles.medianLastThird} | ${s.timers.mostFirstThird} → ${s.timers.mostLastThird} | ${s.lagP99Ms.median.toFixed(0)} / ${s.lagP99Ms.worst.toFixed(0)} ms | ${s.alarmPoints.first} → ${s.alarmPoints.last} | ${settled(s)} |`,
  );
  const types = Object.entries(r.journalTypes)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type} ${n.toLocaleString('en')}`)
    .join(', ');
  return [
    `A real headless desk (out/main/headless.js${o.interpreted ? ", on V8's interpreter alone (`--no-opt --no-sparkplug --no-maglev`): no compiled code, so the heap holds the data and bytecode" : ''}, probed from inside by bench/soak-probe.mjs: heap after a forced GC, RSS, open fds, active handles, event-loop lag) on the simulator's ${o.stations} stations with ${o.faultsPerDay} random faults per device per day, polled every ${o.pollIntervalMs} ms, for ${r.minutesRun} simulated minutes${ended} (${simHours.toFixed(0)} h) at ${o.speed}× (${r.wallMinutes.toFixed(0)} wall minutes). Every simulated minute: up to ${o.acksPerMinute} acknowledgements, ${o.tabsPerMinute} new browser tabs (WebSocket clients loading info, fleet and alarm queue, closed after ${o.tabLifeMin} simulated minutes). A configuration change every ${o.configEveryMin}, a storm (a third of the stations off the network for ${o.stormLastsMin} minutes) every ${o.stormEveryMin}, the sync server stopped or started every ${o.syncEveryMin} simulated minutes, ${r.restarts} desk restarts in the first ${Math.round(o.restartsWithin * 100)} % of the run; backups hourly with increments every 5 minutes. Slopes are least-squares fits per simulated day ± one standard error, after ${o.warmupMin} simulated minutes of warm-up per process.`,
    '',
    '| desk process | wall min after warm-up | RSS | RSS per sim day | of it anonymous, per sim day | heap after GC | heap per sim day | of it data (less code), per sim day | fds | handles but timers (median, first → last third) | timers (most, first → last third) | loop lag p99 median / worst minute | alarm points | from the last new point: wall min, heap / data per sim day |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `- Acknowledged: ${r.acks.acknowledged} alarm acknowledgements (${r.acks.refused} refused: cleared before the ack), ${r.configChanges.acknowledged} configuration changes; in the journal at the end: ${r.acks.missing.length === 0 ? 'every acknowledgement' : `**missing ${r.acks.missing.length}**`}, ${r.configChanges.journalled} config.changed. Chain ${r.chain.ok ? 'verifies' : '**broken**'} over ${r.chain.events.toLocaleString('en')} events.`,
    `- Work orders: ${Object.entries(r.orders.confirmed)
      .map(([type, n]) => `${type.slice('workorder.'.length)} ${n}`)
      .join(
        ', ',
      )} (every ${o.orderEveryMin} simulated minutes one opened on an acknowledged active alarm, a step a minute; ${r.orders.refused} steps refused); in the journal at the end: ${r.orders.missing.length === 0 ? 'every step' : `**missing: ${r.orders.missing.join('; ')}**`}.`,
    `- Unexpected desk exits: ${r.unexpectedExits.length === 0 ? 'none' : r.unexpectedExits.join('; ')}; unhandled errors in its output: ${r.unhandled.length === 0 ? 'none' : r.unhandled.length}. Storms ${r.storms}, sync toggles ${r.syncToggles}, tabs ${r.tabs.opened} opened (${r.tabs.failed} failed).`,
    `- Files: journal ${mb((firstSize?.journal ?? 0) / 2 ** 20)} → ${mb((last?.journal ?? 0) / 2 ** 20)}, history ${mb((firstSize?.history ?? 0) / 2 ** 20)} → ${mb((last?.history ?? 0) / 2 ** 20)}, backups ${mb((last?.backups ?? 0) / 2 ** 20)}.`,
    `- Journal by type: ${types}.`,
  ].join('\n');
}
