import type { Tier } from '../triage/tiers';

/** One alarm worth telling someone about. */
export type AlarmNotice = {
  alarmId: string;
  stationId: string;
  stationName: string;
  deviceName: string;
  /** What went wrong, as the queue groups it (e.g. "insulation fault"); the digest key with the station. */
  cause: string;
  tier: Tier;
  /** The nearest SLA deadline, epoch ms, or null. */
  deadline: number | null;
  raisedAt: number;
};

/** What one message tells: a single alarm (count 1), or every alarm of a station and cause since the last message. */
export type Digest = {
  key: string;
  stationId: string;
  stationName: string;
  cause: string;
  count: number;
  /** The first alarms, in order, for the text (a few device names) and the refs. */
  first: AlarmNotice[];
  /** Every alarm the message tells of, in order: what a restart must not tell again. */
  covered: { alarmId: string; raisedAt: number }[];
  tier: Tier;
  deadline: number | null;
  from: number;
  to: number;
};

/** How many alarms a digest names; the rest are a count. */
export const NAMED = 3;

const TIER_RANK: Record<Tier, number> = { remote: 0, 'on-site': 1, emergency: 2 };

type Group = {
  /** When this key may have its next message. */
  freeAt: number;
  held: Digest | null;
};

export const digestKey = (stationId: string, cause: string) => `${stationId}\u0000${cause}`;

/**
 * At most one message per station and cause per interval, so a storm of
 * 10,000 alarms becomes a few hundred messages, not 10,000. The first alarm
 * of a station and cause goes at once; alarms of the same key within the
 * interval after a message are held and go as one digest when it ends
 * (the worst tier and nearest deadline among them, a count, the first few
 * devices by name). No I/O and no clock of its own: the caller passes the
 * time and runs `due` when `dueAt` says.
 */
export class StormDigest {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly intervalMs: number) {
    if (!(intervalMs > 0)) throw new RangeError(`a digest interval must be > 0 ms, not ${intervalMs}`);
  }

  /**
   * Takes one alarm at `now`: returns the message to send now, or null when
   * it is held; `dueAt` is when its key's held digest will be due.
   */
  offer(alarm: AlarmNotice, now: number): { send: Digest | null; dueAt: number | null } {
    const key = digestKey(alarm.stationId, alarm.cause);
    const group = this.groups.get(key);
    if (!group || group.freeAt <= now) {
      if (group?.held) {
        // A held digest that was not collected yet goes first, with this alarm in it.
        const digest = add(group.held, alarm);
        this.groups.set(key, { freeAt: now + this.intervalMs, held: null });
        return { send: digest, dueAt: null };
      }
      this.groups.set(key, { freeAt: now + this.intervalMs, held: null });
      return { send: start(key, alarm), dueAt: null };
    }
    group.held = group.held ? add(group.held, alarm) : start(key, alarm);
    return { send: null, dueAt: group.freeAt };
  }

  /** The held digests whose interval has ended by `now`, oldest key first; each key's next interval starts. */
  due(now: number): Digest[] {
    const out: Digest[] = [];
    for (const [key, group] of this.groups) {
      if (group.freeAt > now) continue;
      if (group.held) {
        out.push(group.held);
        group.held = null;
        group.freeAt = now + this.intervalMs;
      } else {
        // Quiet for a whole interval: forget it, so the next alarm goes at once.
        this.groups.delete(key);
      }
    }
    return out;
  }

  /** When the next held digest is due, or null when nothing is held. */
  dueAt(): number | null {
    let at: number | null = null;
    for (const group of this.groups.values()) {
      if (group.held && (at === null || group.freeAt < at)) at = group.freeAt;
    }
    return at;
  }

  /** How many alarms are held, not yet in a message. */
  heldCount(): number {
    let n = 0;
    for (const group of this.groups.values()) n += group.held?.count ?? 0;
    return n;
  }
}

function start(key: string, alarm: AlarmNotice): Digest {
  return {
    key,
    stationId: alarm.stationId,
    stationName: alarm.stationName,
    cause: alarm.cause,
    count: 1,
    first: [alarm],
    covered: [{ alarmId: alarm.alarmId, raisedAt: alarm.raisedAt }],
    tier: alarm.tier,
    deadline: alarm.deadline,
    from: alarm.raisedAt,
    to: alarm.raisedAt,
  };
}

/** `digest` with `alarm` counted in. */
function add(digest: Digest, alarm: AlarmNotice): Digest {
  if (digest.first.length < NAMED) digest.first.push(alarm);
  digest.covered.push({ alarmId: alarm.alarmId, raisedAt: alarm.raisedAt });
  digest.count += 1;
  if (TIER_RANK[alarm.tier] > TIER_RANK[digest.tier]) digest.tier = alarm.tier;
  if (alarm.deadline !== null && (digest.deadline === null || alarm.deadline < digest.deadline)) {
    digest.deadline = alarm.deadline;
  }
  digest.from = Math.min(digest.from, alarm.raisedAt);
  digest.to = Math.max(digest.to, alarm.raisedAt);
  return digest;
}
