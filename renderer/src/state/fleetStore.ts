import type { FleetDelta, FleetSnapshot } from '../../../shared/api';
import { applyDelta, emptyFleet, type FleetState, fromSnapshot, PendingDeltas } from './fleet';
import { Store } from './store';

export type ScheduleFrame = (callback: () => void) => void;

/**
 * Holds the fleet. Deltas are folded as they come and applied once per
 * animation frame: a second's worth of polls for hundreds of devices costs
 * one React render, not one per value.
 */
export class FleetStore extends Store<FleetState> {
  private readonly pending = new PendingDeltas();
  private scheduled = false;

  constructor(private readonly scheduleFrame: ScheduleFrame) {
    super(emptyFleet);
  }

  setSnapshot(snapshot: FleetSnapshot): void {
    // The channel is ordered, so every delta still held arrived before this reply and is already in it.
    this.pending.take();
    this.set(fromSnapshot(snapshot));
  }

  queueDelta(delta: FleetDelta): void {
    this.pending.add(delta);
    if (this.scheduled) return;
    this.scheduled = true;
    this.scheduleFrame(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending.size > 0) this.set(applyDelta(this.get(), this.pending.take()));
  }
}
