import { z } from 'zod';
import { DAY_MS } from '../../shared/warning/model';
import type { LinkCounts } from '../acquisition/poller';
import type { Logger } from '../log/logger';
import { readDerived, writeDerived } from '../store/derived-file';

/** Requests, timeouts, retries and reconnects of one gateway on one day, in that order. */
const Counts = z.tuple([
  z.number().int().min(0),
  z.number().int().min(0),
  z.number().int().min(0),
  z.number().int().min(0),
]);
const CommsFile = z.object({
  version: z.literal(1),
  /** Gateway id → UTC day number (as text) → counts. */
  gateways: z.record(z.string(), z.record(z.string().regex(/^\d+$/), Counts)),
});

export type GatewayDays = { requests: number[]; failures: number[] };

const KEYS = [
  'requests',
  'timeouts',
  'retries',
  'reconnects',
] as const satisfies readonly (keyof LinkCounts)[];

/**
 * Each gateway's comms counts per day, for the comms-quality detector: the
 * poller counts since it started, this turns the counts into days and keeps
 * them in a small file beside the journal, so a restart loses at most what
 * came after the last save (a pass saves). Derived data: deleting the file
 * loses the comms history, never a record.
 */
export class CommsDays {
  private readonly byGateway = new Map<string, Map<number, number[]>>();
  private last = new Map<string, LinkCounts>();

  constructor(
    private readonly file: string,
    log: Logger,
  ) {
    const { value, problem } = readDerived(file, CommsFile, 'a comms-days file');
    if (problem) log.warn(`${file}: ${problem}; the comms counts start again from now`);
    for (const [gateway, days] of Object.entries(value?.gateways ?? {}))
      this.byGateway.set(gateway, new Map(Object.entries(days).map(([day, c]) => [Number(day), [...c]])));
  }

  /**
   * Adds what each gateway's counters advanced since the last call to the
   * day of `nowMs`. Counters that went back belong to a new poller (the
   * configuration was applied again): all of theirs is new.
   */
  note(counts: ReadonlyMap<string, LinkCounts>, nowMs: number): void {
    const day = Math.floor(nowMs / DAY_MS);
    for (const [gateway, now] of counts) {
      const before = this.last.get(gateway);
      const reset = before !== undefined && KEYS.some((k) => now[k] < before[k]);
      const days = this.byGateway.get(gateway) ?? new Map<number, number[]>();
      this.byGateway.set(gateway, days);
      const row = days.get(day) ?? [0, 0, 0, 0];
      KEYS.forEach((k, i) => {
        row[i] = (row[i] ?? 0) + now[k] - (before && !reset ? before[k] : 0);
      });
      days.set(day, row);
    }
    this.last = new Map([...counts].map(([g, c]) => [g, { ...c }]));
  }

  /**
   * Each gateway's requests and failures (timeouts and reconnects) over
   * `days` days from `startMs`; a day without counts is null (the desk was
   * not running). Days before `startMs` are dropped for good.
   */
  window(
    startMs: number,
    days: number,
  ): Map<string, { requests: (number | null)[]; failures: (number | null)[] }> {
    const first = Math.floor(startMs / DAY_MS);
    const out = new Map<string, { requests: (number | null)[]; failures: (number | null)[] }>();
    for (const [gateway, byDay] of this.byGateway) {
      for (const day of byDay.keys()) if (day < first) byDay.delete(day);
      const requests: (number | null)[] = [];
      const failures: (number | null)[] = [];
      for (let i = 0; i < days; i++) {
        const c = byDay.get(first + i);
        requests.push(c ? (c[0] ?? 0) : null);
        failures.push(c ? (c[1] ?? 0) + (c[3] ?? 0) : null);
      }
      out.set(gateway, { requests, failures });
    }
    return out;
  }

  save(): void {
    const gateways: Record<string, Record<string, number[]>> = {};
    for (const [gateway, byDay] of this.byGateway)
      gateways[gateway] = Object.fromEntries([...byDay].map(([day, c]) => [String(day), c]));
    writeDerived(this.file, { version: 1, gateways });
  }
}
