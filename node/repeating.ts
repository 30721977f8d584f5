/**
 * A task run every so often for as long as its owner runs. The timer is
 * unref'd: a repeating task is never why a desk, a test or the simulator
 * stays alive, so a process whose work is done exits even if a stop was
 * missed. Starting again replaces the schedule; stopping twice is harmless.
 */
export class Repeating {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly task: () => void) {}

  start(everyMs: number): void {
    this.stop();
    this.timer = setInterval(this.task, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Runs `task` every `everyMs` as a Repeating does, from now on; the function returned stops it. */
export function repeatEvery(task: () => void, everyMs: number): () => void {
  const repeating = new Repeating(task);
  repeating.start(everyMs);
  return () => repeating.stop();
}
