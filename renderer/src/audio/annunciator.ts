import type { Priority } from '../../../shared/alarm/priority';

/**
 * What the desk wants to be heard: the most urgent priority with an
 * unacknowledged alarm, and whether an SLA breach is waiting to be noticed.
 */
export type Demand = { priority: Priority | null; breach: boolean };

/** One beep: frequency (Hz), start offset and length within the pattern (s). */
type Beep = { hz: number; at: number; length: number; sweepTo?: number };
type Pattern = { beeps: readonly Beep[]; everyMs: number };

/**
 * Four patterns an operator can tell apart without looking (IEC 60601-1-8
 * style: more pulses, higher pitch and faster repetition for more urgent),
 * and a rising sweep for a missed deadline, which is a different kind of news.
 */
export const PATTERNS: Readonly<Record<Priority | 'breach', Pattern>> = {
  critical: { everyMs: 2500, beeps: [...pulses(988, 3, 0, 0.2, 0.14), ...pulses(1319, 2, 0.7, 0.2, 0.14)] },
  high: { everyMs: 5000, beeps: pulses(784, 3, 0, 0.3, 0.18) },
  medium: { everyMs: 10_000, beeps: pulses(587, 2, 0, 0.4, 0.25) },
  low: { everyMs: 20_000, beeps: pulses(440, 1, 0, 0, 0.3) },
  breach: { everyMs: 8000, beeps: [{ hz: 500, at: 0, length: 0.6, sweepTo: 1000 }] },
};

/** `count` beeps of one pitch, `every` seconds apart from `from` (times rounded to the millisecond). */
function pulses(hz: number, count: number, from: number, every: number, length: number): Beep[] {
  return Array.from({ length: count }, (_, i) => ({
    hz,
    at: Math.round((from + i * every) * 1000) / 1000,
    length,
  }));
}

export type SoundState = 'unavailable' | 'blocked' | 'ready';

/** How long `m` keeps the desk quiet; the silence ends by itself so nothing stays unheard for a shift. */
export const SILENCE_MS = 5 * 60_000;

/**
 * Plays the patterns of the current demand until it goes away or the
 * operator silences it. Generated with the Web Audio API: nothing to ship,
 * nothing the CSP must allow. Browsers keep audio suspended until a user
 * gesture; `state` says so, and `unlock` is to be called from one.
 */
export class Annunciator {
  private context: AudioContext | null = null;
  private demand: Demand = { priority: null, breach: false };
  private silencedUntil: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly nextAt: Partial<Record<Priority | 'breach', number>> = {};

  constructor(
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {
    const Context = typeof window === 'undefined' ? undefined : window.AudioContext;
    if (!Context) return;
    this.context = new Context();
    this.context.onstatechange = () => this.onChange();
  }

  get state(): SoundState {
    if (!this.context) return 'unavailable';
    return this.context.state === 'running' ? 'ready' : 'blocked';
  }

  get silenceEndsAt(): number | null {
    if (this.silencedUntil !== null && this.silencedUntil <= this.now()) this.silencedUntil = null;
    return this.silencedUntil;
  }

  unlock(): void {
    if (this.context?.state === 'suspended') void this.context.resume().then(this.onChange);
  }

  setDemand(demand: Demand): void {
    // A changed demand is heard at once, not at the end of the previous pattern's pause.
    if (demand.priority && demand.priority !== this.demand.priority) delete this.nextAt[demand.priority];
    if (demand.breach && !this.demand.breach) delete this.nextAt.breach;
    this.demand = demand;
    if (!this.timer && (demand.priority || demand.breach)) this.timer = setInterval(() => this.tick(), 250);
    this.tick();
  }

  silence(forMs = SILENCE_MS): void {
    this.silencedUntil = this.now() + forMs;
    this.onChange();
  }

  unsilence(): void {
    this.silencedUntil = null;
    this.onChange();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    void this.context?.close();
  }

  private tick(): void {
    const nowMs = this.now();
    if (!this.demand.priority && !this.demand.breach) {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      return;
    }
    if (this.silenceEndsAt !== null || this.state !== 'ready') return;
    // Only the most urgent priority sounds: four patterns at once would be noise, not information.
    for (const which of [this.demand.priority, this.demand.breach ? 'breach' : null] as const) {
      if (!which) continue;
      if ((this.nextAt[which] ?? 0) > nowMs) continue;
      this.nextAt[which] = nowMs + PATTERNS[which].everyMs;
      this.play(PATTERNS[which]);
    }
  }

  private play(pattern: Pattern): void {
    const context = this.context;
    if (!context) return;
    const start = context.currentTime + 0.02;
    for (const beep of pattern.beeps) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'triangle';
      oscillator.frequency.setValueAtTime(beep.hz, start + beep.at);
      if (beep.sweepTo)
        oscillator.frequency.linearRampToValueAtTime(beep.sweepTo, start + beep.at + beep.length);
      // Short ramps at both ends: a hard edge clicks, and a click reads as a fault in the speaker.
      gain.gain.setValueAtTime(0, start + beep.at);
      gain.gain.linearRampToValueAtTime(0.25, start + beep.at + 0.02);
      gain.gain.setValueAtTime(0.25, start + beep.at + beep.length - 0.03);
      gain.gain.linearRampToValueAtTime(0, start + beep.at + beep.length);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + beep.at);
      oscillator.stop(start + beep.at + beep.length + 0.01);
    }
  }
}
