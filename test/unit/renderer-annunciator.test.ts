import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Annunciator, PATTERNS, SILENCE_MS } from '../../renderer/src/audio/annunciator';
import type { Priority } from '../../shared/alarm/priority';

/** An AudioParam that remembers what was scheduled on it. */
class FakeParam {
  readonly events: { kind: 'set' | 'ramp'; value: number; at: number }[] = [];
  setValueAtTime(value: number, at: number) {
    this.events.push({ kind: 'set', value, at });
    return this;
  }
  linearRampToValueAtTime(value: number, at: number) {
    this.events.push({ kind: 'ramp', value, at });
    return this;
  }
}

type Tone = { oscillator: FakeOscillator; gain: FakeGain };

class FakeOscillator {
  type = 'sine';
  readonly frequency = new FakeParam();
  startAt: number | null = null;
  stopAt: number | null = null;
  target: unknown = null;
  connect<T>(node: T): T {
    this.target = node;
    return node;
  }
  start(at: number) {
    this.startAt = at;
  }
  stop(at: number) {
    this.stopAt = at;
  }
}

class FakeGain {
  readonly gain = new FakeParam();
  target: unknown = null;
  connect<T>(node: T): T {
    this.target = node;
    return node;
  }
}

/**
 * Stands in for the browser's AudioContext: its clock follows the (fake)
 * timers, it starts suspended as browsers keep it until a user gesture, and
 * it records every tone it is asked to make.
 */
class FakeAudioContext {
  static last: FakeAudioContext | null = null;
  state: 'suspended' | 'running' | 'closed' = 'suspended';
  readonly destination = { kind: 'speakers' };
  readonly tones: Tone[] = [];
  onstatechange: (() => void) | null = null;
  private readonly born = Date.now();
  private pending: FakeOscillator | null = null;

  constructor() {
    FakeAudioContext.last = this;
  }
  get currentTime() {
    return (Date.now() - this.born) / 1000;
  }
  createOscillator() {
    this.pending = new FakeOscillator();
    return this.pending;
  }
  createGain() {
    const gain = new FakeGain();
    if (this.pending) this.tones.push({ oscillator: this.pending, gain });
    this.pending = null;
    return gain;
  }
  resume() {
    this.state = 'running';
    this.onstatechange?.();
    return Promise.resolve();
  }
  close() {
    this.state = 'closed';
    return Promise.resolve();
  }
}

/** The pitch each tone starts at, in order. */
const pitches = (tones: readonly Tone[]) => tones.map((t) => t.oscillator.frequency.events[0]?.value);

function context(): FakeAudioContext {
  const c = FakeAudioContext.last;
  if (!c) throw new Error('no AudioContext was created');
  return c;
}

async function ready(): Promise<{ sound: Annunciator; audio: FakeAudioContext; changes: () => number }> {
  let changes = 0;
  const sound = new Annunciator(() => changes++, Date.now);
  const audio = context();
  sound.unlock();
  await vi.advanceTimersByTimeAsync(0);
  return { sound, audio, changes: () => changes };
}

describe('annunciator', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 20, 0, 0) });
    FakeAudioContext.last = null;
    vi.stubGlobal('window', { AudioContext: FakeAudioContext });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('is unavailable without Web Audio, blocked until a gesture unlocks it, then ready', async () => {
    vi.stubGlobal('window', {});
    expect(new Annunciator(() => {}).state).toBe('unavailable');

    vi.stubGlobal('window', { AudioContext: FakeAudioContext });
    let changes = 0;
    const sound = new Annunciator(() => changes++, Date.now);
    expect(sound.state).toBe('blocked');
    // Blocked: the demand is kept, but nothing can play yet.
    sound.setDemand({ priority: 'critical', breach: false });
    expect(context().tones).toHaveLength(0);
    sound.unlock();
    await vi.advanceTimersByTimeAsync(0);
    expect(sound.state).toBe('ready');
    expect(changes).toBeGreaterThan(0);
    // The next tick of the running demand is heard.
    await vi.advanceTimersByTimeAsync(250);
    expect(pitches(context().tones)).toEqual(PATTERNS.critical.beeps.map((b) => b.hz));
    sound.dispose();
    expect(context().state).toBe('closed');
  });

  it.each<[Priority, number[], number]>([
    ['critical', [988, 988, 988, 1319, 1319], 2500],
    ['high', [784, 784, 784], 5000],
    ['medium', [587, 587], 10_000],
    ['low', [440], 20_000],
  ])('plays the %s pattern at once and repeats it on its own period', async (priority, hz, everyMs) => {
    const { sound, audio } = await ready();
    sound.setDemand({ priority, breach: false });
    expect(pitches(audio.tones)).toEqual(hz);
    // Each beep goes through its own envelope to the speakers, starting and stopping where the pattern says.
    const start = audio.tones[0]?.oscillator.startAt ?? 0;
    PATTERNS[priority].beeps.forEach((beep, i) => {
      const tone = audio.tones[i];
      expect(tone?.oscillator.target).toBe(tone?.gain);
      expect(tone?.gain.target).toBe(audio.destination);
      expect(tone?.oscillator.startAt).toBeCloseTo(start + beep.at, 6);
      expect(tone?.oscillator.stopAt).toBeCloseTo(start + beep.at + beep.length + 0.01, 6);
      // Silent at both ends: no click.
      expect(tone?.gain.gain.events[0]).toMatchObject({ value: 0 });
      expect(tone?.gain.gain.events.at(-1)).toMatchObject({ value: 0 });
    });
    await vi.advanceTimersByTimeAsync(everyMs - 250);
    expect(audio.tones).toHaveLength(hz.length);
    await vi.advanceTimersByTimeAsync(250);
    expect(pitches(audio.tones)).toEqual([...hz, ...hz]);
    sound.dispose();
  });

  it('sounds only the most urgent priority, and a more urgent one at once', async () => {
    const { sound, audio } = await ready();
    sound.setDemand({ priority: 'low', breach: false });
    expect(pitches(audio.tones)).toEqual([440]);
    await vi.advanceTimersByTimeAsync(1000);
    sound.setDemand({ priority: 'critical', breach: false });
    expect(pitches(audio.tones)).toEqual([440, 988, 988, 988, 1319, 1319]);
    // 20 s later the low pattern's period is over, but low is no longer what sounds.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(pitches(audio.tones).filter((hz) => hz === 440)).toHaveLength(1);
    sound.dispose();
  });

  it('keeps quiet while silenced and sounds again when the silence expires by itself', async () => {
    const { sound, audio, changes } = await ready();
    sound.setDemand({ priority: 'high', breach: false });
    expect(audio.tones).toHaveLength(3);
    const before = changes();
    sound.silence();
    expect(changes()).toBe(before + 1);
    expect(sound.silenceEndsAt).toBe(Date.now() + SILENCE_MS);
    await vi.advanceTimersByTimeAsync(SILENCE_MS - 250);
    expect(audio.tones).toHaveLength(3);
    expect(sound.silenceEndsAt).not.toBeNull();
    await vi.advanceTimersByTimeAsync(250);
    expect(sound.silenceEndsAt).toBeNull();
    expect(pitches(audio.tones)).toEqual([784, 784, 784, 784, 784, 784]);
    sound.dispose();
  });

  it('lifts a silence early on request, and a shorter silence ends sooner', async () => {
    const { sound, audio } = await ready();
    sound.setDemand({ priority: 'medium', breach: false });
    sound.silence(60_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(audio.tones).toHaveLength(2);
    sound.unsilence();
    await vi.advanceTimersByTimeAsync(250);
    expect(audio.tones).toHaveLength(4);
    sound.dispose();
  });

  it('marks an SLA breach with a rising sweep of its own, beside the priority pattern', async () => {
    const { sound, audio } = await ready();
    sound.setDemand({ priority: null, breach: true });
    expect(audio.tones).toHaveLength(1);
    const sweep = audio.tones[0]?.oscillator.frequency.events;
    expect(sweep?.[0]).toMatchObject({ kind: 'set', value: 500 });
    expect(sweep?.[1]).toMatchObject({ kind: 'ramp', value: 1000 });
    await vi.advanceTimersByTimeAsync(PATTERNS.breach.everyMs);
    expect(audio.tones).toHaveLength(2);

    sound.setDemand({ priority: 'low', breach: true });
    expect(pitches(audio.tones)).toEqual([500, 500, 440]);
    // A breach silenced is quiet too. Its repeat fell due during the silence, so it sounds as the
    // silence ends; the low pattern keeps its own 20 s period, counted from when it last sounded.
    sound.silence(10_000);
    await vi.advanceTimersByTimeAsync(9_750);
    expect(audio.tones).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(250);
    expect(pitches(audio.tones).slice(3)).toEqual([500]);
    // 10 s on: the breach again after its 8 s, then low 20 s after it last sounded.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pitches(audio.tones).slice(3)).toEqual([500, 500, 440]);
    sound.dispose();
  });

  it('stops when nothing is left to announce', async () => {
    const { sound, audio } = await ready();
    sound.setDemand({ priority: 'critical', breach: true });
    expect(audio.tones).toHaveLength(6);
    sound.setDemand({ priority: null, breach: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(audio.tones).toHaveLength(6);
    expect(vi.getTimerCount()).toBe(0);
    sound.dispose();
  });
});
