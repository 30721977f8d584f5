import type { FleetDelta, FleetSnapshot } from '../../../shared/api';
import { applyDelta, emptyFleet, type FleetState, fromSnapshot, PendingDeltas } from './fleet';
import { FrameBatch, type ScheduleFrame, Store } from './store';

/**
 * Holds the fleet. Deltas are folded as they come and applied once per
 * animation frame: a second's worth of polls for hundreds of devices costs
 * one React render, not one per value.
 */
export class FleetStore extends Store<FleetState> {
  private readonly pending = new PendingDeltas();
  private readonly frame: FrameBatch;

  constructor(scheduleFrame: ScheduleFrame) {
    super(emptyFleet);
    this.frame = new FrameBatch(scheduleFrame, () => this.flush());
  }

  setSnapshot(snapshot: FleetSnapshot): void {
    // The channel is ordered, so every delta still held arrived before this reply and is already in it.
    this.pending.take();
    this.set(fromSnapshot(snapshot));
  }

  queueDelta(delta: FleetDelta): void {
    this.pending.add(delta);
    this.frame.request();
  }

  flush(): void {
    if (this.pending.size > 0) this.set(applyDelta(this.get(), this.pending.take()));
  }
}
