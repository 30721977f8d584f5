import type { IntegrityView } from '../../shared/api/store';
import { CHAIN_START, type ChainPoint, type Journal } from './journal';

const PROGRESS_EVERY_MS = 1000;

export type IntegrityOptions = {
  /** Events checked per slice (tens of milliseconds); between slices the engine polls and serves. */
  chunk?: number;
  now?: () => number;
  onChange: (view: IntegrityView) => void;
};

/**
 * Verifies the journal's hash chain after start, a slice at a time on the
 * event loop, so a journal of millions of events never delays startup or
 * the poller. It only reports: a broken chain is left exactly as found for
 * whoever investigates it.
 */
export class IntegrityCheck {
  private view: IntegrityView = { state: 'pending' };
  private timer: NodeJS.Immediate | null = null;
  private lastProgressAt = 0;
  private readonly chunk: number;
  private readonly now: () => number;

  constructor(
    private readonly journal: Journal,
    private readonly options: IntegrityOptions,
  ) {
    this.chunk = options.chunk ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  current(): IntegrityView {
    return this.view;
  }

  /** Starts a full verification; resolves with its outcome. */
  run(): Promise<IntegrityView> {
    this.stop();
    const total = this.journal.count();
    return new Promise((resolve) => {
      const step = (at: ChainPoint) => {
        this.timer = null;
        let result: ReturnType<Journal['verifyChunk']>;
        try {
          result = this.journal.verifyChunk(at, this.chunk);
        } catch (error) {
          resolve(this.set({ state: 'failed', error: (error as Error).message, verifiedAt: this.now() }));
          return;
        }
        if (!result.ok) {
          resolve(
            this.set({
              state: 'broken',
              brokenAt: result.brokenAt,
              reason: result.reason,
              verifiedAt: this.now(),
            }),
          );
          return;
        }
        if (result.checked < this.chunk) {
          resolve(this.set({ state: 'ok', count: result.last.seq, verifiedAt: this.now() }));
          return;
        }
        this.progress(result.last.seq, Math.max(total, result.last.seq));
        this.timer = setImmediate(() => step(result.last));
      };
      this.set({ state: 'verifying', checked: 0, total });
      this.timer = setImmediate(() => step(CHAIN_START));
    });
  }

  stop(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
  }

  /** Progress goes out about once a second, not once per slice. */
  private progress(checked: number, total: number): void {
    const now = this.now();
    if (now - this.lastProgressAt < PROGRESS_EVERY_MS) {
      this.view = { state: 'verifying', checked, total };
      return;
    }
    this.lastProgressAt = now;
    this.set({ state: 'verifying', checked, total });
  }

  private set(view: IntegrityView): IntegrityView {
    this.view = view;
    this.options.onChange(view);
    return view;
  }
}
