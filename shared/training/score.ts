import type { Actor, JsonValue } from '../journal/event';
import { formatOffset } from '../time/offset';
import { Tier } from '../triage/tiers';
import type { Bilingual, DrillExpectation } from './expectation';

/** What scoring reads of a drill desk's journal event. */
export type DrillEvent = { type: string; subject: string; ts: number; actor: Actor; data: JsonValue };

/** The five things a response is judged on (issue 18). */
export const SCORE_ITEMS = ['ack', 'tier', 'dispatch', 'outage', 'handover'] as const;
export type ScoreItem = (typeof SCORE_ITEMS)[number];

/** Each judged item is worth the same; items a scenario does not ask for are left out and the rest scaled to 100. */
const ITEM_POINTS = 20;
/** A step done, but late (or premature, or with too small a crew), earns half. */
const HALF = 0.5;

export type ItemScore = {
  item: ScoreItem;
  points: number;
  max: number;
  /** Drill time of the step, ms from the alarm's raise; null when it was not done. */
  afterMs: number | null;
  /** Who did it. */
  by: string | null;
  /** Why points were taken off; empty when the item earned full marks. */
  deviations: Bilingual[];
};

export type DrillScore = {
  /** 0–100, the judged items scaled to 100. */
  total: number;
  items: ItemScore[];
  /** When the judged alarm was raised (drill time, epoch ms); null when it never came. */
  raisedAt: number | null;
  alarmId: string | null;
};

export type TraineeScore = DrillScore & { trainee: string; steps: ScoreItem[] };

const TIER_TEXT: Record<Tier, Bilingual> = {
  remote: { 'zh-CN': '远程', en: 'remote' },
  'on-site': { 'zh-CN': '现场', en: 'on-site' },
  emergency: { 'zh-CN': '应急', en: 'emergency' },
};

const globCache = new Map<string, RegExp>();
function matchesAlarm(pattern: string, id: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    globCache.set(pattern, re);
  }
  return re.test(id);
}

function field(data: JsonValue, key: string): JsonValue | undefined {
  return data && typeof data === 'object' && !Array.isArray(data) ? data[key] : undefined;
}

const late = (what: Bilingual, afterMs: number, withinMs: number): Bilingual => ({
  'zh-CN': `${what['zh-CN']}用时 ${formatOffset(afterMs)}，场景要求 ${formatOffset(withinMs)} 内`,
  en: `${what.en} took ${formatOffset(afterMs)}; the scenario expects it within ${formatOffset(withinMs)}`,
});

function item(
  name: ScoreItem,
  done: { ts: number; by: string } | null,
  raisedAt: number,
  fraction: number,
  deviations: Bilingual[],
): ItemScore {
  return {
    item: name,
    points: Math.round(ITEM_POINTS * fraction * 10) / 10,
    max: ITEM_POINTS,
    afterMs: done ? done.ts - raisedAt : null,
    by: done?.by ?? null,
    deviations,
  };
}

/** Only what the trainees did counts; the scenario's own events (raises) come from the system. */
type Context = {
  e: DrillExpectation;
  events: DrillEvent[];
  alarmId: string;
  raisedAt: number;
  tableTier: Tier;
};

function scoreAck({ e, events, alarmId, raisedAt }: Context): ItemScore {
  const ack = events.find((x) => x.type === 'alarm.acked' && x.subject === alarmId);
  const done = ack ? { ts: ack.ts, by: ack.actor.user } : null;
  if (!done)
    return item('ack', null, raisedAt, 0, [
      { 'zh-CN': `报警 ${alarmId} 未被确认`, en: `alarm ${alarmId} was never acknowledged` },
    ]);
  const after = done.ts - raisedAt;
  if (after <= e.ackWithin) return item('ack', done, raisedAt, 1, []);
  return item('ack', done, raisedAt, HALF, [
    late({ 'zh-CN': '确认报警', en: 'acknowledging' }, after, e.ackWithin),
  ]);
}

function scoreTier({ e, events, alarmId, raisedAt, tableTier }: Context): ItemScore {
  const changes = events.filter((x) => x.type === 'alarm.retiered' && x.subject === alarmId);
  const last = changes.at(-1);
  const to = last ? Tier.safeParse(field(last.data, 'to')) : null;
  const final = to?.success ? to.data : tableTier;
  const done = last ? { ts: last.ts, by: last.actor.user } : null;
  if (final === e.tier) return item('tier', done, raisedAt, 1, []);
  const expected = TIER_TEXT[e.tier];
  const got = TIER_TEXT[final];
  const deviation: Bilingual = last
    ? {
        'zh-CN': `改为${got['zh-CN']}等级；场景要求${expected['zh-CN']}，因为${e.tierWhy['zh-CN']}`,
        en: `re-tiered to ${got.en}; the scenario expects ${expected.en} because ${e.tierWhy.en}`,
      }
    : {
        'zh-CN': `保持分级表给出的${got['zh-CN']}等级，未改级；场景要求${expected['zh-CN']}，因为${e.tierWhy['zh-CN']}`,
        en: `left at ${got.en} as the triage table says; the scenario expects ${expected.en} because ${e.tierWhy.en}`,
      };
  return item('tier', done, raisedAt, 0, [deviation]);
}

/** The work orders opened on the judged alarm's incident. */
function ordersOf({ events, alarmId }: Context): Set<string> {
  const ids = new Set<string>();
  for (const x of events) {
    if (x.type !== 'workorder.created') continue;
    const incidents = field(x.data, 'incidents');
    if (Array.isArray(incidents) && incidents.some((i) => field(i, 'alarmId') === alarmId))
      ids.add(x.subject);
  }
  return ids;
}

function firstDispatch(ctx: Context): { ts: number; by: string; crew: string[] } | null {
  const orders = ordersOf(ctx);
  const x = ctx.events.find((ev) => ev.type === 'workorder.dispatched' && orders.has(ev.subject));
  if (!x) return null;
  const crew = field(field(x.data, 'event') ?? null, 'crew');
  return {
    ts: x.ts,
    by: x.actor.user,
    crew: Array.isArray(crew) ? crew.filter((c): c is string => typeof c === 'string') : [],
  };
}

function scoreDispatch(ctx: Context, want: NonNullable<DrillExpectation['dispatch']>): ItemScore {
  const { raisedAt } = ctx;
  const dispatch = firstDispatch(ctx);
  if (!dispatch)
    return item('dispatch', null, raisedAt, 0, [
      {
        'zh-CN': `未派出班组；场景要求 ${formatOffset(want.within)} 内派出不少于 ${want.crewMin} 人`,
        en: `no crew was dispatched; the scenario expects a crew of at least ${want.crewMin} within ${formatOffset(want.within)}`,
      },
    ]);
  const deviations: Bilingual[] = [];
  let fraction = 1;
  const after = dispatch.ts - raisedAt;
  if (after > want.within) {
    fraction -= HALF;
    deviations.push(late({ 'zh-CN': '派出班组', en: 'dispatching a crew' }, after, want.within));
  }
  if (dispatch.crew.length < want.crewMin) {
    fraction -= HALF;
    deviations.push({
      'zh-CN': `派出 ${dispatch.crew.length} 人；班组不少于 ${want.crewMin} 人（001）`,
      en: `dispatched ${dispatch.crew.length} ${dispatch.crew.length === 1 ? 'person' : 'people'}; a crew has at least ${want.crewMin} (001)`,
    });
  }
  return item('dispatch', dispatch, raisedAt, Math.max(0, fraction), deviations);
}

function scoreOutage(ctx: Context, want: NonNullable<DrillExpectation['outage']>): ItemScore {
  const { raisedAt, events } = ctx;
  const dispatch = firstDispatch(ctx);
  if (!dispatch)
    return item('outage', null, raisedAt, 0, [
      {
        'zh-CN': '未派单，停运申请无从计时',
        en: 'nothing was dispatched, so no outage application could fall due',
      },
    ]);
  const orders = ordersOf(ctx);
  const filed = events.find(
    (x) =>
      x.type === 'application.filed' &&
      field(x.data, 'kind') === 'outage' &&
      orders.has(String(field(x.data, 'workOrderId') ?? '')),
  );
  const dueAt = dispatch.ts + want.afterDispatch;
  if (!filed)
    return item('outage', null, raisedAt, 0, [
      {
        'zh-CN': `未提交停运申请；派单 ${formatOffset(want.afterDispatch)} 后仍未修复，应在其后 ${formatOffset(want.within)} 内提交`,
        en: `no outage application was filed; with the fault not fixed ${formatOffset(want.afterDispatch)} after dispatch it was due within ${formatOffset(want.within)} of that`,
      },
    ]);
  const done = { ts: filed.ts, by: filed.actor.user };
  const sinceDispatch = filed.ts - dispatch.ts;
  if (filed.ts < dueAt)
    return item('outage', done, raisedAt, HALF, [
      {
        'zh-CN': `派单后 ${formatOffset(sinceDispatch)} 即提交停运申请；应在派单 ${formatOffset(want.afterDispatch)} 后仍未修复时提交`,
        en: `filed ${formatOffset(sinceDispatch)} after dispatch; an outage application is due only when the fault is not fixed ${formatOffset(want.afterDispatch)} after dispatch`,
      },
    ]);
  if (filed.ts > dueAt + want.within)
    return item('outage', done, raisedAt, HALF, [
      {
        'zh-CN': `派单后 ${formatOffset(sinceDispatch)} 才提交停运申请；应在 ${formatOffset(want.afterDispatch + want.within)} 内`,
        en: `filed ${formatOffset(sinceDispatch)} after dispatch; it was due by ${formatOffset(want.afterDispatch + want.within)}`,
      },
    ]);
  return item('outage', done, raisedAt, 1, []);
}

function scoreHandover({ e, events, raisedAt }: Context): ItemScore {
  const notes = events.filter((x) => x.type === 'handover.note');
  const onStation = notes.filter(
    (x) => field(x.data, 'stationId') === e.handover.station || noteText(x).includes(e.handover.station),
  );
  const text = notes.map(noteText).join('\n').toLowerCase();
  const missing = e.handover.mention.filter((m) => !text.includes(m.toLowerCase()));
  const wanted = 1 + e.handover.mention.length;
  const found = (onStation.length ? 1 : 0) + e.handover.mention.length - missing.length;
  const first = onStation[0] ?? notes[0];
  const done = first ? { ts: first.ts, by: first.actor.user } : null;
  const deviations: Bilingual[] = [];
  if (!notes.length) deviations.push({ 'zh-CN': '未写交接班记录', en: 'no handover note was written' });
  else {
    if (!onStation.length)
      deviations.push({
        'zh-CN': `交接班记录未涉及站点 ${e.handover.station}`,
        en: `no handover note is on station ${e.handover.station}`,
      });
    if (missing.length)
      deviations.push({
        'zh-CN': `交接班记录未提及 ${missing.join('、')}`,
        en: `the handover does not mention ${missing.join(', ')}`,
      });
  }
  return item('handover', done, raisedAt, found / wanted, deviations);
}

function noteText(x: DrillEvent): string {
  const text = field(x.data, 'text');
  return typeof text === 'string' ? text : '';
}

function scale(items: ItemScore[]): number {
  const max = items.reduce((sum, i) => sum + i.max, 0);
  const got = items.reduce((sum, i) => sum + i.points, 0);
  return max ? Math.round((got / max) * 1000) / 10 : 0;
}

/**
 * Scores a drill's response from its journal: the events of the drill desk
 * in order, from the drill's start. Only what one of `trainees` did counts;
 * a step done by anyone else (the assessor, the system) is as if not done.
 */
export function scoreDrill(
  expected: DrillExpectation,
  journal: readonly DrillEvent[],
  trainees: readonly string[],
): DrillScore {
  const raised = journal.find((x) => x.type === 'alarm.raised' && matchesAlarm(expected.alarm, x.subject));
  const tableTier = Tier.safeParse(raised ? field(raised.data, 'tier') : undefined);
  if (!raised || !tableTier.success) {
    const never: Bilingual = {
      'zh-CN': `报警 ${expected.alarm} 未出现，无从评分`,
      en: `alarm ${expected.alarm} never came up, so nothing could be scored`,
    };
    const items = applicable(expected).map((name) => ({
      item: name,
      points: 0,
      max: ITEM_POINTS,
      afterMs: null,
      by: null,
      deviations: [never],
    }));
    return { total: 0, items, raisedAt: null, alarmId: null };
  }
  const who = new Set(trainees);
  const ctx: Context = {
    e: expected,
    events: journal.filter((x) => x.ts >= raised.ts && who.has(x.actor.user)),
    alarmId: raised.subject,
    raisedAt: raised.ts,
    tableTier: tableTier.data,
  };
  const items = [scoreAck(ctx), scoreTier(ctx)];
  if (expected.dispatch) items.push(scoreDispatch(ctx, expected.dispatch));
  if (expected.outage) items.push(scoreOutage(ctx, expected.outage));
  items.push(scoreHandover(ctx));
  return { total: scale(items), items, raisedAt: raised.ts, alarmId: raised.subject };
}

function applicable(expected: DrillExpectation): ScoreItem[] {
  return SCORE_ITEMS.filter(
    (name) => (name !== 'dispatch' || expected.dispatch) && (name !== 'outage' || expected.outage),
  );
}

/**
 * The record of each trainee: the team's response is judged once (the desk
 * is worked together, as on a real shift), and each trainee's record says
 * which of its steps they took themselves.
 */
export function scoreTrainees(
  expected: DrillExpectation,
  journal: readonly DrillEvent[],
  trainees: readonly string[],
): TraineeScore[] {
  const team = scoreDrill(expected, journal, trainees);
  return trainees.map((trainee) => ({
    ...team,
    trainee,
    steps: team.items.filter((i) => i.by === trainee).map((i) => i.item),
  }));
}
