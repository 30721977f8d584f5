import { Worker } from 'node:worker_threads';
import { Repeating } from '../../node/repeating';
import type { IntegrityView, VerifyScope } from '../../shared/api/store';
import { CHAIN_START, type ChainPoint, type Journal } from './journal';
import { checkpointFile, readCheckpoint, type VerifyCheckpoint, writeCheckpoint } from './verify-checkpoint';
import type { VerifyWorkerMessage } from './verify-worker';

const PROGRESS_EVERY_MS = 1000;
/** Seed 003 keeps records for years; a weekly full check finds an old event altered behind the desk's back. */
export const FULL_CHECK_EVERY_MS = 7 * 24 * 3_600_000;
const SCHEDULE_TICK_MS = 3_600_000;

export type IntegrityOptions = {
  /** Events checked per slice (tens of milliseconds); between slices the engine polls and serves. */
  chunk?: number;
  now?: () => number;
  onChange: (view: IntegrityView) => void;
  /** Told when the checkpoint beside the journal cannot be used (the check then covers the whole chain). */
  onWarning?: (message: string) => void;
  /** The built verify worker; without it the full check runs in slices on this thread. */
  workerFile?: string | URL | null;
  fullEveryMs?: number;
};

type Outcome =
  | { ok: true; last: ChainPoint }
  | { ok: false; view: Extract<IntegrityView, { state: 'broken' | 'failed' }> };

/** Whether the whole chain is due for its scheduled check. */
export function fullCheckDue(fullAt: number | null, now: number, everyMs = FULL_CHECK_EVERY_MS): boolean {
  return fullAt === null || now - fullAt >= everyMs;
}

/**
 * Verifies the journal's hash chain without making start or the poller
 * wait for it. At start it checks only the events after the last verified
 * checkpoint, so a five-year journal starts as fast as a new one; the whole
 * chain is checked on a schedule (weekly) and on demand, in a worker thread.
 * It only reports: a broken chain is left exactly as found for whoever
 * investigates it, and no checkpoint is written past a break.
 */
export class IntegrityCheck {
  private view: IntegrityView = { state: 'pending' };
  private timer: NodeJS.Immediate | null = null;
  private readonly schedule = new Repeating(() => {
    if (fullCheckDue(this.fullAt, this.now(), this.options.fullEveryMs)) void this.full();
  });
  private worker: Worker | null = null;
  private running: Promise<IntegrityView> | null = null;
  private lastProgressAt = 0;
  private readonly chunk: number;
  private readonly now: () => number;
  private readonly file: string;
  private fullAt: number | null = null;
  private stopped = false;

  constructor(
    private readonly journal: Journal,
    private readonly options: IntegrityOptions,
  ) {
    this.chunk = options.chunk ?? 1_000;
    this.now = options.now ?? Date.now;
    this.file = checkpointFile(journal.file);
  }

  current(): IntegrityView {
    return this.view;
  }

  /** The check at start: the tail after a checkpoint that matches the chain, else the whole chain. */
  start(): Promise<IntegrityView> {
    const from = this.resumePoint();
    const run = from ? this.run('tail', from) : this.run('full', CHAIN_START);
    this.schedule.start(SCHEDULE_TICK_MS);
    return run;
  }

  /** A full check now (on demand or by schedule); one already running is not started twice. */
  full(): Promise<IntegrityView> {
    return this.running ?? this.run('full', CHAIN_START);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
    this.schedule.stop();
    void this.worker?.terminate();
    this.worker = null;
  }

  private resumePoint(): ChainPoint | null {
    const { checkpoint, problem } = readCheckpoint(this.file);
    if (problem) this.options.onWarning?.(`verify checkpoint ${this.file} not used: ${problem}`);
    if (!checkpoint) return null;
    this.fullAt = checkpoint.fullAt;
    const point = this.journal.pointAt(checkpoint.seq);
    if (point?.hash === checkpoint.hash) return point;
    // A journal shorter than its checkpoint or with another event there was replaced or altered: check it all.
    this.options.onWarning?.(
      `verify checkpoint at seq ${checkpoint.seq} does not match the journal (${point ? 'another event is there' : 'the journal ends before it'}); checking the whole chain`,
    );
    return null;
  }

  private run(scope: VerifyScope, from: ChainPoint): Promise<IntegrityView> {
    const total = this.journal.count();
    this.set({ state: 'verifying', checked: from.seq, total, scope });
    const outcome =
      scope === 'full' && this.options.workerFile
        ? this.inWorker(this.options.workerFile)
        : this.sliced(scope, from, total);
    const running = outcome.then((result) => this.finish(scope, from, result));
    this.running = running;
    return running.finally(() => {
      if (this.running === running) this.running = null;
    });
  }

  private finish(scope: VerifyScope, from: ChainPoint, outcome: Outcome): IntegrityView {
    // A worker terminated by stop() is not a failed check.
    if (this.stopped) return this.view;
    if (!outcome.ok) return this.set(outcome.view);
    const now = this.now();
    if (scope === 'full') this.fullAt = now;
    const checkpoint: VerifyCheckpoint = {
      seq: outcome.last.seq,
      hash: outcome.last.hash,
      fullAt: this.fullAt,
    };
    try {
      writeCheckpoint(this.file, checkpoint);
    } catch (error) {
      this.options.onWarning?.(`verify checkpoint not written: ${(error as Error).message}`);
    }
    return this.set({
      state: 'ok',
      count: outcome.last.seq,
      verifiedAt: now,
      from: from.seq,
      fullAt: this.fullAt,
    });
  }

  /** Slices on this thread, yielding between them. */
  private sliced(scope: VerifyScope, from: ChainPoint, total: number): Promise<Outcome> {
    return new Promise((resolve) => {
      const step = (at: ChainPoint) => {
        this.timer = null;
        let result: ReturnType<Journal['verifyChunk']>;
        try {
          result = this.journal.verifyChunk(at, this.chunk);
        } catch (error) {
          resolve(this.failed((error as Error).message));
          return;
        }
        if (!result.ok) {
          resolve(this.broken(result.brokenAt, result.reason));
          return;
        }
        if (result.checked < this.chunk) {
          resolve({ ok: true, last: result.last });
          return;
        }
        this.progress(result.last.seq, Math.max(total, result.last.seq), scope);
        this.timer = setImmediate(() => step(result.last));
      };
      this.timer = setImmediate(() => step(from));
    });
  }

  private inWorker(file: string | URL): Promise<Outcome> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        this.worker = null;
        void worker.terminate();
        resolve(outcome);
      };
      const worker = new Worker(file, { workerData: { file: this.journal.file } });
      this.worker = worker;
      worker.on('message', (message: VerifyWorkerMessage) => {
        if (message.kind === 'progress') this.progress(message.checked, message.total, 'full');
        else if (message.kind === 'failed') settle(this.failed(message.error));
        else if (message.ok) settle({ ok: true, last: { seq: message.seq, hash: message.hash } });
        else settle(this.broken(message.brokenAt, message.reason));
      });
      worker.on('error', (error) => settle(this.failed(error.message)));
      worker.on('exit', (code) => settle(this.failed(`the verify worker stopped (exit code ${code})`)));
    });
  }

  private broken(brokenAt: number, reason: string): Outcome {
    return { ok: false, view: { state: 'broken', brokenAt, reason, verifiedAt: this.now() } };
  }

  private failed(error: string): Outcome {
    return { ok: false, view: { state: 'failed', error, verifiedAt: this.now() } };
  }

  /** Progress goes out about once a second, not once per slice. */
  private progress(checked: number, total: number, scope: VerifyScope): void {
    const view: IntegrityView = { state: 'verifying', checked, total, scope };
    const now = this.now();
    if (now - this.lastProgressAt < PROGRESS_EVERY_MS) {
      this.view = view;
      return;
    }
    this.lastProgressAt = now;
    this.set(view);
  }

  private set(view: IntegrityView): IntegrityView {
    this.view = view;
    this.options.onChange(view);
    return view;
  }
}
