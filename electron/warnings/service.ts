import { ApiError, type EventFrame, eventFrame } from '../../shared/api/frames';
import type { Device, Station } from '../../shared/api/model';
import type { WarningsList, WarningView } from '../../shared/api/warnings';
import type { WorkOrderView } from '../../shared/api/workorders';
import type { Session } from '../../shared/auth/roles';
import type { Actor, JournalEvent, JournalInput } from '../../shared/journal/event';
import { SESSION_EVENT } from '../../shared/report/facts';
import { DAY_MS, Finding } from '../../shared/warning/model';
import { WarningEvent } from '../../shared/warning/monthly';
import { DEFAULT_THRESHOLDS, historyDays } from '../../shared/warning/thresholds';
import { type DeskClock, systemClock } from '../alarms/clock';
import type { Logger } from '../log/logger';
import { DutyRefusal, nextId } from '../workorders/journal';
import type { PreventiveRequest } from '../workorders/orders';
import type { ScanInput, ScanSite } from './scan';
import { SessionTally } from './sessions';
import { scanner } from './worker-client';

/** How often a pass runs by the desk's clock; the first pass of each day reads the whole window again anyway. */
export const PASS_EVERY_MS = 15 * 60_000;

/** A warning no pass finds any more: it is closed, and a later finding raises a new one. */
const CLEARED = 'warning.cleared';
const WARNING_TYPES = ['warning.raised', 'warning.dismissed', 'warning.acted', CLEARED] as const;
const SYSTEM: Actor = { user: 'system', role: 'system' };

type Entry = { view: WarningView; dismissed: boolean };

export type WarningServiceOptions = {
  journal: {
    read(query: { afterSeq?: number; limit?: number; type?: string }): JournalEvent[];
    append(input: JournalInput): JournalEvent;
  };
  historyFile: string;
  workerDir: URL | null;
  clock?: DeskClock;
  log: Logger;
  emit(frame: EventFrame): void;
  preventive(params: PreventiveRequest, actor: Actor): WorkOrderView;
};

/**
 * Early warnings on the desk: every 15 minutes of desk time a pass of the
 * detectors runs in a worker over the history and the journal's sessions;
 * a new finding is journalled as `warning.raised`, once per detector and
 * device while it stays open (acted on or dismissed, it is still not raised
 * again until a pass no longer finds it).
 */
export function startWarnings(options: WarningServiceOptions) {
  const clock = options.clock ?? systemClock;
  const scan = scanner(options.workerDir ? new URL('warnings-worker.js', options.workerDir) : null);
  const tally = new SessionTally();
  /** Live warnings (not cleared) by `${detector}|${deviceId}`. */
  const live = new Map<string, Entry>();
  const byId = new Map<string, Entry>();
  let sessionsSeq = 0;
  let stations: readonly Station[] = [];
  let devices: readonly Device[] = [];
  let lastPassAtMs: number | null = null;
  let error: string | null = null;
  let running: Promise<void> | null = null;
  let cancel: (() => void) | null = null;
  let stopped = false;

  const keyOf = (f: { detector: string; deviceId: string }) => `${f.detector}|${f.deviceId}`;
  const stationOf = (deviceId: string) => devices.find((d) => d.id === deviceId)?.stationId ?? null;

  function replay(): void {
    const events = WARNING_TYPES.flatMap((type) => readAll(type)).sort((a, b) => a.seq - b.seq);
    for (const e of events) {
      const data = (e.data ?? {}) as Record<string, unknown>;
      const id = String(data.warningId ?? '');
      if (e.type === 'warning.raised') {
        const finding = Finding.safeParse(data);
        if (!finding.success) continue;
        const entry: Entry = { view: viewOf(id, finding.data, e.ts), dismissed: false };
        byId.set(id, entry);
        live.set(keyOf(finding.data), entry);
        continue;
      }
      const entry = byId.get(id);
      if (!entry) continue;
      if (e.type === 'warning.dismissed') entry.dismissed = true;
      if (e.type === 'warning.acted') {
        entry.view = { ...entry.view, status: 'acted', workOrderId: String(data.workOrderId ?? '') };
      }
      if (e.type === CLEARED) live.delete(keyOf(entry.view));
    }
  }

  function readAll(type: string): JournalEvent[] {
    const out: JournalEvent[] = [];
    for (let after = 0; ; ) {
      const page = options.journal.read({ type, afterSeq: after, limit: 5000 });
      out.push(...page);
      const last = page.at(-1);
      if (!last || page.length < 5000) return out;
      after = last.seq;
    }
  }

  function readSessions(): void {
    for (const e of readAll(SESSION_EVENT).filter((x) => x.seq > sessionsSeq)) {
      sessionsSeq = e.seq;
      const d = (e.data ?? {}) as Record<string, unknown>;
      if (typeof d.deviceId !== 'string') continue;
      tally.add({
        deviceId: d.deviceId,
        endedAt: Number(d.endedAt ?? e.ts),
        energyKwh: Number(d.energyKwh ?? 0),
        endState: String(d.endState ?? ''),
      });
    }
  }

  function viewOf(id: string, f: Finding, raisedAtMs: number): WarningView {
    return {
      id,
      detector: f.detector,
      deviceId: f.deviceId,
      stationId: stationOf(f.deviceId),
      confidence: f.confidence,
      startedAtMs: f.startedAtMs,
      raisedAtMs,
      adviceKey: f.adviceKey,
      variant: f.variant,
      evidence: f.evidence,
      status: 'open',
      workOrderId: null,
    };
  }

  function scanInput(nowMs: number): ScanInput {
    const days = historyDays(DEFAULT_THRESHOLDS);
    // Whole UTC days, today included, so a pass at any hour compares the same days.
    const startMs = (Math.floor(nowMs / DAY_MS) - days + 1) * DAY_MS;
    const sites: ScanSite[] = stations.map((s) => {
      const at = devices.filter((d) => d.stationId === s.id);
      const of = (kinds: string[]) =>
        at
          .filter((d) => kinds.includes(d.kind))
          .map((d) => ({ deviceId: d.id, profileId: d.profile, guns: d.guns }));
      return {
        siteId: s.id,
        chargers: at
          .filter((d) => d.kind === 'dc-charger' || d.kind === 'ac-charger')
          .map((d) => ({ deviceId: d.id, profileId: d.profile, guns: d.guns, dc: d.kind === 'dc-charger' })),
        inverters: at
          .filter((d) => d.kind === 'pv-inverter')
          .map((d) => ({ deviceId: d.id, profileId: d.profile, guns: 0, ratedKw: d.ratedKw })),
        meters: of(['meter']),
      };
    });
    return { historyFile: options.historyFile, startMs, days, sites, sessions: tally.window(startMs, days) };
  }

  function apply(findings: readonly Finding[], nowMs: number): void {
    const seen = new Set<string>();
    for (const f of findings) {
      const key = keyOf(f);
      seen.add(key);
      const entry = live.get(key);
      if (entry) {
        // Still found: the list shows today's evidence; nothing new is journalled.
        entry.view = {
          ...entry.view,
          confidence: f.confidence,
          evidence: f.evidence,
          startedAtMs: f.startedAtMs,
        };
        continue;
      }
      const id = nextId('W', byId.keys());
      const raised = WarningEvent.parse({
        type: 'warning.raised',
        warningId: id,
        detector: f.detector,
        deviceId: f.deviceId,
        atMs: nowMs,
      });
      options.journal.append({
        type: raised.type,
        subject: id,
        data: { ...f, ...raised },
        reason: null,
        actor: SYSTEM,
        ts: nowMs,
      });
      const created: Entry = { view: viewOf(id, f, nowMs), dismissed: false };
      byId.set(id, created);
      live.set(key, created);
    }
    for (const [key, entry] of live) {
      if (seen.has(key)) continue;
      options.journal.append({
        type: CLEARED,
        subject: entry.view.id,
        data: { type: CLEARED, warningId: entry.view.id, atMs: nowMs },
        reason: null,
        actor: SYSTEM,
        ts: nowMs,
      });
      live.delete(key);
    }
  }

  function list(): WarningsList {
    const warnings = [...live.values()]
      .filter((e) => !e.dismissed)
      .map((e) => e.view)
      .sort((a, b) => b.confidence - a.confidence || a.raisedAtMs - b.raisedAtMs);
    return { warnings, lastPassAtMs, error };
  }

  const changed = () => options.emit(eventFrame('warnings.changed', list()));

  /** One pass now; a pass already running is waited for rather than doubled. */
  function runPass(): Promise<void> {
    if (running) return running;
    running = (async () => {
      const nowMs = clock.now();
      try {
        readSessions();
        apply(await scan(scanInput(nowMs)), nowMs);
        error = null;
      } catch (e) {
        error = (e as Error).message;
        options.log.error(`early-warning pass failed: ${error}`);
      } finally {
        lastPassAtMs = nowMs;
        running = null;
      }
      changed();
    })();
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    cancel = clock.after(PASS_EVERY_MS, () => {
      void runPass().then(schedule);
    });
  }

  function open(id: string): Entry {
    const entry = byId.get(id);
    if (!entry || entry.dismissed || !live.has(keyOf(entry.view))) {
      throw new ApiError('invalid', `no open warning ${id}`);
    }
    return entry;
  }

  replay();
  schedule();

  return {
    setFleet(nextStations: readonly Station[], nextDevices: readonly Device[]): void {
      stations = nextStations;
      devices = nextDevices;
      for (const e of byId.values()) e.view = { ...e.view, stationId: stationOf(e.view.deviceId) };
    },
    /** For tests and tools: a pass now rather than at the next quarter-hour. */
    runPass,
    api: {
      'warnings.list': async () => list(),
      'warnings.scan': async () => {
        await runPass();
        return list();
      },
      'warning.dismiss': async (p: { id: string; reason: string }, session: Session) => {
        const entry = open(p.id);
        const atMs = clock.now();
        const reason = p.reason.trim();
        const data = WarningEvent.parse({ type: 'warning.dismissed', warningId: p.id, reason, atMs });
        options.journal.append({ type: data.type, subject: p.id, data, reason, actor: session, ts: atMs });
        entry.dismissed = true;
        changed();
        return list();
      },
      'warning.workorder': async (p: { id: string; title: string; note?: string }, session: Session) => {
        const entry = open(p.id);
        if (entry.view.workOrderId)
          throw new ApiError('invalid', `warning ${p.id} already has work order ${entry.view.workOrderId}`);
        const stationId = entry.view.stationId;
        if (!stationId)
          throw new ApiError(
            'invalid',
            `warning ${p.id}: ${entry.view.deviceId} is at no configured station`,
          );
        const order = refusedAsInvalid(() =>
          options.preventive(
            {
              warningId: p.id,
              raisedAt: entry.view.raisedAtMs,
              stationId,
              deviceId: entry.view.deviceId,
              title: p.title,
              ...(p.note ? { note: p.note } : {}),
            },
            session,
          ),
        );
        const atMs = clock.now();
        options.journal.append({
          type: 'warning.acted',
          subject: p.id,
          data: WarningEvent.parse({ type: 'warning.acted', warningId: p.id, workOrderId: order.id, atMs }),
          reason: null,
          actor: session,
          ts: atMs,
        });
        entry.view = { ...entry.view, status: 'acted', workOrderId: order.id };
        changed();
        return order;
      },
    },
    async stop(): Promise<void> {
      stopped = true;
      cancel?.();
      await running;
    },
  };
}

export type WarningService = ReturnType<typeof startWarnings>;

function refusedAsInvalid<T>(act: () => T): T {
  try {
    return act();
  } catch (error) {
    if (error instanceof DutyRefusal) throw new ApiError('invalid', error.message);
    throw error;
  }
}
