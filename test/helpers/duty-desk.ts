import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskClock } from '../../electron/alarms/clock';
import { type Engine, startEngine } from '../../electron/engine/engine';
import type { DeskConfigInput } from '../../shared/config/schema';
import { startFleet } from '../../sim/fleet';
import { quietLog, resources, sha256 } from './desk';

/**
 * The desk's clock for drills and tests: real time plus whatever the test
 * has skipped. Timers set on it fire at their real time or as soon as a
 * skip passes them, whichever comes first.
 */
export class SkippingClock implements DeskClock {
  private offset: number;
  private readonly timers = new Set<{ at: number; fn: () => void; real: NodeJS.Timeout }>();

  /** `startMs`: the moment the clock reads now, so a test sees the same hours whenever it runs. */
  constructor(startMs?: number) {
    this.offset = startMs === undefined ? 0 : startMs - Date.now();
  }

  now = (): number => Date.now() + this.offset;

  after(ms: number, fn: () => void): () => void {
    const timer = {
      at: this.now() + Math.max(0, ms),
      fn,
      real: setTimeout(
        () => {
          if (this.timers.delete(timer)) fn();
        },
        Math.max(0, ms),
      ),
    };
    this.timers.add(timer);
    return () => {
      clearTimeout(timer.real);
      this.timers.delete(timer);
    };
  }

  /** Moves the clock forward and runs, in time order, every timer that came due. */
  skip(ms: number): void {
    this.offset += ms;
    for (;;) {
      const due = [...this.timers].filter((t) => t.at <= this.now()).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      clearTimeout(due.real);
      this.timers.delete(due);
      due.fn();
    }
  }
}

/** Who the duty tests act as: their tokens and roles. */
export const PEOPLE = {
  monitor: { token: 'wang-token', name: 'wang.fang', role: 'monitor' },
  secondMonitor: { token: 'chen-token', name: 'chen.jing', role: 'monitor' },
  lead: { token: 'li-token', name: 'li.qiang', role: 'shift-lead' },
  wallboard: { token: 'tv-token', name: 'lobby-tv', role: 'wallboard' },
} as const;

/**
 * A simulator fleet and an engine on one skipping clock, so SLA deadlines
 * hours away can be reached in a test. `restart()` starts a new engine on
 * the same journal and configuration, as after a crash or an update.
 */
export async function startDutyDesk(
  options: {
    stations?: number;
    sla?: DeskConfigInput['sla'];
    /** More sections of the configuration (crews, notify, escalation). */
    more?: Partial<DeskConfigInput>;
    /** Where the desk's and the fleet's clock starts; real time by default. */
    startMs?: number;
    /** The fleet's physics period; 0 leaves ticking to the test, which moves the clock by steps. */
    fleetTickMs?: number;
    pollIntervalMs?: number;
    /** Desk time between early-warning passes. */
    warningPassEveryMs?: number;
  } = {},
) {
  const clock = new SkippingClock(options.startMs);
  const fleet = await startFleet({
    seed: 7,
    stations: options.stations ?? 2,
    now: clock.now,
    ...(options.fleetTickMs === undefined ? {} : { tickMs: options.fleetTickMs }),
  });
  const config = {
    ...fleet.config,
    pollIntervalMs: options.pollIntervalMs ?? 200,
    timeoutMs: 200,
    access: {
      localRole: 'wallboard' as const,
      tokens: Object.values(PEOPLE).map((p) => ({ name: p.name, role: p.role, sha256: sha256(p.token) })),
    },
    ...(options.sla ? { sla: options.sla } : {}),
    ...options.more,
  };
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-duty-'));
  const configPath = join(dir, 'stations.json');
  const dataDir = join(dir, 'data');
  const start = () =>
    startEngine({
      shell: 'headless',
      configPath,
      resourcesDir: resources,
      dataDir,
      log: quietLog,
      clock,
      ...(options.warningPassEveryMs ? { warningPassEveryMs: options.warningPassEveryMs } : {}),
    });
  writeFileSync(configPath, JSON.stringify(config));
  let engine: Engine = await start();
  return {
    clock,
    fleet,
    config,
    configPath,
    dataDir,
    get engine() {
      return engine;
    },
    /** Stops the engine and starts a new one on the same files; `edit` may change the configuration first. */
    async restart(edit?: (c: typeof config) => typeof config) {
      await engine.stop();
      if (edit) writeFileSync(configPath, JSON.stringify(edit(config)));
      engine = await start();
      return engine;
    },
    async stop() {
      await engine.stop();
      await fleet.stop();
    },
  };
}
