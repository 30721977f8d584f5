import { ApiError, type EventFrame, eventFrame } from '../../shared/api/frames';
import type { Device, Station } from '../../shared/api/model';
import type { WarningsList, WarningView } from '../../shared/api/warnings';
import type { WorkOrderView } from '../../shared/api/workorders';
import type { Session } from '../../shared/auth/roles';
import type { Actor, JournalEvent, JournalInput } from '../../shared/journal/event';
import type { Profile } from '../../shared/profile/schema';
import { SESSION_EVENT, UNSTARTED_EVENT } from '../../shared/report/facts';
import { lifetimeCounter } from '../../shared/report/meter-reconcile';
import { showsPlugIns } from '../../shared/report/session-tracker';
import { DAY_MS, Finding } from '../../shared/warning/model';
import { WarningEvent } from '../../shared/warning/monthly';
import {
  DEFAULT_THRESHOLDS,
  historyDays,
  type Thresholds,
  thresholdsFor,
} from '../../shared/warning/thresholds';
import type { LinkCounts } from '../acquisition/poller';
import { type DeskClock, systemClock } from '../alarms/clock';
import type { Logger } from '../log/logger';
import { DutyRefusal, nextId } from '../workorders/journal';
import type { PreventiveRequest } from '../workorders/orders';
import { CommsDays } from './comms-days';
import type { ScanCounter, ScanGateway, ScanInput, ScanSite } from './scan';
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
  /** Where each gateway's comms counts per day are kept between restarts. */
  commsFile: string;
  /** Each Modbus gateway's request counts since the poller started (Poller.linkStats). */
  comms: () => ReadonlyMap<string, LinkCounts>;
  workerDir: URL | null;
  clock?: DeskClock;
  /** Brings history's rollups up to every sample polled so far; a pass reads only them. */
  settleHistory(): Promise<void>;
  /** Desk time between passes; a test on a fast clock asks for fewer. */
  passEveryMs?: number;
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
  const commsDays = new CommsDays(options.commsFile, options.log);
  const passEveryMs = options.passEveryMs ?? PASS_EVERY_MS;
  /** Live warnings (not cleared) by `${detector}|${deviceId}`. */
  const live = new Map<string, Entry>();
  const byId = new Map<string, Entry>();
  let sessionsSeq = 0;
  let unstartedSeq = 0;
  let stations: readonly Station[] = [];
  let devices: readonly Device[] = [];
  /** Thresholds and lifetime counter of each profile the fleet uses. */
  let profileInfo = new Map<string, { thresholds: Thresholds; counter: ScanCounter; plugIns: boolean }>();
  const thresholdsOf = (profileId: string) => profileInfo.get(profileId)?.thresholds ?? DEFAULT_THRESHOLDS;
  const profileOfDevice = new Map<string, string>();
  let lastPassAtMs: number | null = null;
  let error: string | null = null;
  let running: Promise<void> | null = null;
  let cancel: (() => void) | null = null;
  let stopped = false;

  const keyOf = (f: { detector: string; deviceId: string }) => `${f.detector}|${f.deviceId}`;
  /** A device's station; a gateway (comms quality) is at the station of the devices behind it. */
  const stationOf = (deviceId: string) =>
    (devices.find((d) => d.id === deviceId) ?? devices.find((d) => d.endpoint === deviceId))?.stationId ??
    null;

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

  function readAll(type: string, afterSeq = 0): JournalEvent[] {
    const out: JournalEvent[] = [];
    for (let after = afterSeq; ; ) {
      const page = options.journal.read({ type, afterSeq: after, limit: 5000 });
      out.push(...page);
      const last = page.at(-1);
      if (!last || page.length < 5000) return out;
      after = last.seq;
    }
  }

  function readSessions(): void {
    for (const e of readAll(UNSTARTED_EVENT, unstartedSeq)) {
      unstartedSeq = e.seq;
      const d = (e.data ?? {}) as Record<string, unknown>;
      if (typeof d.deviceId === 'string') tally.addUnstarted(d.deviceId, Number(d.endedAt ?? e.ts));
    }
    for (const e of readAll(SESSION_EVENT).filter((x) => x.seq > sessionsSeq)) {
      sessionsSeq = e.seq;
      const d = (e.data ?? {}) as Record<string, unknown>;
      if (typeof d.deviceId !== 'string') continue;
      const power = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
      tally.add(
        {
          deviceId: d.deviceId,
          endedAt: Number(d.endedAt ?? e.ts),
          energyKwh: Number(d.energyKwh ?? 0),
          endState: String(d.endState ?? ''),
          peakPowerKw: power(d.peakPowerKw),
          endPowerKw: power(d.endPowerKw),
        },
        thresholdsOf(profileOfDevice.get(d.deviceId) ?? '').endPower.ratio,
      );
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
    const days = Math.max(
      ...[DEFAULT_THRESHOLDS, ...[...profileInfo.values()].map((p) => p.thresholds)].map(historyDays),
    );
    // Whole UTC days, today included, so a pass at any hour compares the same days.
    const startMs = (Math.floor(nowMs / DAY_MS) - days + 1) * DAY_MS;
    const gateways = gatewaysBySite(startMs, days);
    const counter = (profileId: string) => profileInfo.get(profileId)?.counter ?? null;
    const sites: ScanSite[] = stations.map((s) => {
      const at = devices.filter((d) => d.stationId === s.id);
      const device = (d: Device) => ({ deviceId: d.id, profileId: d.profile, guns: d.guns });
      return {
        siteId: s.id,
        lat: s.lat,
        lng: s.lng,
        chargers: at
          .filter((d) => d.kind === 'dc-charger' || d.kind === 'ac-charger')
          .map((d) => ({
            ...device(d),
            dc: d.kind === 'dc-charger',
            plugIns: profileInfo.get(d.profile)?.plugIns ?? false,
          })),
        inverters: at
          .filter((d) => d.kind === 'pv-inverter')
          .map((d) => ({ ...device(d), ratedKw: d.ratedKw, counter: counter(d.profile) })),
        meters: at
          .filter((d) => d.kind === 'meter')
          .map((d) => ({ ...device(d), counter: counter(d.profile) })),
        gateways: gateways.get(s.id) ?? [],
      };
    });
    const thresholds = Object.fromEntries([...profileInfo].map(([id, p]) => [id, p.thresholds]));
    return {
      historyFile: options.historyFile,
      startMs,
      days,
      sites,
      sessions: tally.window(startMs, days),
      thresholds,
    };
  }

  /** Each gateway's day counts, at the station of the first device behind it. */
  function gatewaysBySite(startMs: number, days: number): Map<string, ScanGateway[]> {
    const out = new Map<string, ScanGateway[]>();
    for (const [gatewayId, counts] of commsDays.window(startMs, days)) {
      const stationId = devices.find((d) => d.endpoint === gatewayId)?.stationId;
      if (!stationId) continue;
      out.set(stationId, [...(out.get(stationId) ?? []), { gatewayId, ...counts }]);
    }
    return out;
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
        commsDays.note(options.comms(), nowMs);
        commsDays.save();
        readSessions();
        // Otherwise the pass judges the day by whatever the last timed rollup reached.
        await options.settleHistory();
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
    cancel = clock.after(passEveryMs, () => {
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
    /** Throws when a profile's early-warning thresholds are not valid (the profile loader checked them already). */
    setFleet(
      nextStations: readonly Station[],
      nextDevices: readonly Device[],
      profiles: ReadonlyMap<string, Profile>,
    ): void {
      stations = nextStations;
      devices = nextDevices;
      profileInfo = new Map(
        [...new Set(nextDevices.map((d) => d.profile))].flatMap((id) => {
          const p = profiles.get(id);
          if (!p) return [];
          const c = lifetimeCounter(p.points);
          const counter = c ? { key: c.point.key, toKwh: c.toKwh } : null;
          return [
            [
              id,
              { thresholds: thresholdsFor(p.warnings), counter, plugIns: showsPlugIns(p.points) },
            ] as const,
          ];
        }),
      );
      profileOfDevice.clear();
      for (const d of nextDevices) profileOfDevice.set(d.id, d.profile);
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
      // Stopped once already: the counts were saved then, and a file written since is not ours to overwrite.
      if (stopped) return;
      stopped = true;
      cancel?.();
      await running;
      commsDays.note(options.comms(), clock.now());
      commsDays.save();
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
