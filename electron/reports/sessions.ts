import type { FleetDelta } from '../../shared/api/contract';
import type { Device } from '../../shared/api/model';
import type { JournalInput } from '../../shared/journal/event';
import {
  type ChargingSession,
  SESSION_EVENT,
  UNSTARTED_EVENT,
  type UnstartedPlugIn,
} from '../../shared/report/facts';
import { SessionTracker } from '../../shared/report/session-tracker';
import { SYSTEM_ACTOR } from '../alarms/service';

/**
 * Records charging sessions in the journal: the desk had no record of them
 * (the charger only shows the session in progress), and the monthly report
 * counts sessions per charger (seed 000). One `charging.session` event per
 * session, written when the gun leaves the session, with its energy, start,
 * end and how it ended. Journal, not telemetry history, because charging
 * records are kept for years (seed 001) and sync with the rest. A plug-in
 * that never started is journalled too (`charging.unstarted`): refused
 * starts are how a failing card reader shows before its charger falls
 * silent (shared/warning/detectors/start-refusals.ts).
 */
export class SessionRecorder {
  private chargers = new Map<string, Device>();
  private unstarted: UnstartedPlugIn[] = [];
  private readonly tracker = new SessionTracker(
    (deviceId) => this.chargers.get(deviceId)?.stationId ?? null,
    (plugIn) => this.unstarted.push(plugIn),
  );

  constructor(private readonly journal: { appendMany(inputs: readonly JournalInput[]): unknown }) {}

  setDevices(devices: readonly Device[]): void {
    this.chargers = new Map(
      devices.filter((d) => d.kind === 'ac-charger' || d.kind === 'dc-charger').map((d) => [d.id, d]),
    );
    this.tracker.keep(new Set(this.chargers.keys()));
  }

  /** Journals the sessions this delta ended, and returns them. */
  onTelemetry(delta: FleetDelta): ChargingSession[] {
    const ended = this.tracker.update(delta.samples);
    const unstarted = this.unstarted;
    this.unstarted = [];
    if (ended.length === 0 && unstarted.length === 0) return ended;
    this.journal.appendMany([
      ...unstarted.map((p) => ({
        type: UNSTARTED_EVENT,
        subject: `${p.deviceId}:gun${p.gun}`,
        data: p,
        reason: null,
        actor: SYSTEM_ACTOR,
        ts: p.endedAt,
      })),
      ...ended.map((s) => ({
        type: SESSION_EVENT,
        subject: `${s.deviceId}:gun${s.gun}`,
        data: {
          deviceId: s.deviceId,
          stationId: s.stationId,
          gun: s.gun,
          startedAt: s.startedAt,
          endedAt: s.endedAt,
          energyKwh: s.energyKwh,
          durationS: s.durationS,
          endState: s.endState,
          ...(s.peakPowerKw != null && s.endPowerKw != null
            ? { peakPowerKw: s.peakPowerKw, endPowerKw: s.endPowerKw }
            : {}),
        },
        reason: null,
        actor: SYSTEM_ACTOR,
        ts: s.endedAt,
      })),
    ]);
    return ended;
  }
}
