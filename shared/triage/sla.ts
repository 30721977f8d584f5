import { z } from 'zod';
import { Tier } from './tiers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * What happens to an alarm on its way to being fixed, as recorded in its
 * timeline. Clocks start and stop on these; reminders are satisfied by the
 * `*-reported` ones.
 */
export const SlaEvent = z.enum([
  'raised',
  'planned',
  'dispatched',
  'arrived',
  'fixed',
  'outage-applied',
  'progress-reported',
  'status-reported',
  'materials-reported',
]);
export type SlaEvent = z.infer<typeof SlaEvent>;

export const TimelineEntry = z.object({ event: SlaEvent, at: z.number() }).strict();
export type TimelineEntry = z.infer<typeof TimelineEntry>;

const Ms = z.number().int().positive();

/** Shaoxing's arrival limit depends on where the station is (主城区 or not). */
const Duration = z.union([Ms, z.object({ urban: Ms, other: Ms }).strict()]);

/** What a clock and a reminder both have: a name, the event that starts it and those that stop it. */
const Started = {
  id: z.string().min(1),
  start: SlaEvent,
  /** The first of these at or after the start stops the clock or ends the reminder. */
  stop: z.array(SlaEvent).min(1),
};

export const ClockDef = z
  .object({
    ...Started,
    durationMs: Duration,
    /** A missed commitment escalates; a missed "fix before you must file an outage" prompts the filing. */
    onBreach: z.enum(['escalate', 'prompt-outage']),
    /** The seed sentence the number comes from, shown to the monitor who asks why the clock says so. */
    basis: z.string().min(1),
  })
  .strict()
  .refine((c) => !c.stop.includes(c.start), {
    message: 'a clock cannot stop on its own start event',
    path: ['stop'],
  });
export type ClockDef = z.infer<typeof ClockDef>;

/** A report owed every `everyMs` while the incident lasts; each `doneBy` event restarts the interval. */
export const ReminderDef = z
  .object({
    ...Started,
    everyMs: Ms,
    doneBy: SlaEvent,
    basis: z.string().min(1),
  })
  .strict();
export type ReminderDef = z.infer<typeof ReminderDef>;

const TierClocks = z
  .object({ clocks: z.array(ClockDef), reminders: z.array(ReminderDef) })
  .strict()
  .superRefine((t, ctx) => {
    const ids = [...t.clocks, ...t.reminders].map((c) => c.id);
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) {
      ctx.addIssue({ code: 'custom', message: `duplicate clock id "${id}"` });
    }
  });

export const SlaPreset = z
  .object({
    id: z.string().min(1),
    name: z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict(),
    tiers: z.record(Tier, TierClocks),
  })
  .strict();
export type SlaPreset = z.infer<typeof SlaPreset>;

/** Seed 000, 4.6 服务承诺: the commitment of this project's O&M contract. */
export const SERVICE_COMMITMENT_PRESET: SlaPreset = SlaPreset.parse({
  id: 'service-commitment',
  name: { 'zh-CN': '服务承诺', en: 'Service commitment' },
  tiers: {
    remote: {
      clocks: [
        {
          id: 'plan',
          start: 'raised',
          stop: ['planned', 'fixed'],
          durationMs: 1 * HOUR,
          onBreach: 'escalate',
          basis: '000 故障处理时效承诺: 轻微故障，承诺接到故障报警后 1 小时内完成远程诊断并给出处理方案',
        },
      ],
      reminders: [],
    },
    'on-site': {
      clocks: [
        {
          id: 'dispatch',
          start: 'raised',
          stop: ['dispatched', 'arrived', 'fixed'],
          durationMs: 2 * HOUR,
          onBreach: 'escalate',
          basis: '000 故障处理时效承诺: 需现场服务的故障，接到报警后 2 小时内安排现场服务人员出发',
        },
        {
          id: 'arrive',
          start: 'raised',
          stop: ['arrived', 'fixed'],
          durationMs: 4 * HOUR,
          onBreach: 'escalate',
          basis: '000 故障处理时效承诺: 4 小时内到达故障现场维修',
        },
      ],
      reminders: [],
    },
    emergency: {
      clocks: [
        {
          id: 'plan',
          start: 'raised',
          stop: ['planned', 'fixed'],
          durationMs: 4 * HOUR,
          onBreach: 'escalate',
          basis: '000 故障处理时效承诺: 重大故障，接到报警后 4 小时内启动应急抢修预案',
        },
        {
          id: 'arrive',
          start: 'raised',
          stop: ['arrived', 'fixed'],
          durationMs: 8 * HOUR,
          onBreach: 'escalate',
          basis: '000 故障处理时效承诺: 8 小时内到达故障现场抢修',
        },
      ],
      // 000 应急调度配合安排, 信息实时汇报通道: the reporting table owed while an emergency lasts.
      reminders: [
        {
          id: 'progress',
          start: 'raised',
          stop: ['fixed'],
          everyMs: 1 * HOUR,
          doneBy: 'progress-reported',
          basis: '000 信息实时汇报通道: 应急调度工作进展 每小时 电话',
        },
        {
          id: 'device-status',
          start: 'raised',
          stop: ['fixed'],
          everyMs: 2 * HOUR,
          doneBy: 'status-reported',
          basis: '000 信息实时汇报通道: 设备运行状态 每两小时 书面报告',
        },
        {
          id: 'materials',
          start: 'raised',
          stop: ['fixed'],
          everyMs: 1 * DAY,
          doneBy: 'materials-reported',
          basis: '000 信息实时汇报通道: 物资使用情况 每天 线上平台',
        },
      ],
    },
  },
});

/**
 * Seed 001 处置流程和时限 counts from the moment the crew receives the repair
 * work order (接到…故障检修工单后), i.e. from dispatch, and the same limits
 * hold whatever the tier. A remote-tier alarm has no dispatch: the desk
 * itself holds the order from the moment it is raised.
 */
const shaoxingClocks = (from: SlaEvent) => ({
  clocks: [
    {
      id: 'arrive',
      start: from,
      stop: ['arrived', 'fixed'],
      durationMs: { urban: 1 * HOUR, other: 2 * HOUR },
      onBreach: 'escalate',
      basis: '001 处置流程和时限: 应第一时间到场处置，主城区不应超过1小时，其他区域不应超过2小时',
    },
    {
      id: 'fix',
      start: from,
      stop: ['fixed'],
      durationMs: 4 * HOUR,
      onBreach: 'escalate',
      basis: '001 处置流程和时限: 并且在4个小时内完成故障处置，办结工单',
    },
    {
      id: 'outage-prompt',
      start: from,
      stop: ['fixed', 'outage-applied'],
      durationMs: 2 * HOUR,
      onBreach: 'prompt-outage',
      basis: '001 运行监控: 无法在报修工单派发后2小时内完成处理的故障充电桩 (监控员可进行停运申请)',
    },
    {
      id: 'repair',
      start: 'outage-applied',
      stop: ['fixed'],
      durationMs: 5 * DAY,
      onBreach: 'escalate',
      basis: '001 处置流程和时限: 对4个小时内无法修复的故障…申请充电桩停运，于5日内完成故障检修',
    },
  ],
  reminders: [],
});

/** Seed 001, 绍兴市《电动汽车充电站(桩)运营及服务规范》. */
export const SHAOXING_PRESET: SlaPreset = SlaPreset.parse({
  id: 'shaoxing',
  name: { 'zh-CN': '绍兴运营及服务规范', en: 'Shaoxing operation standard' },
  tiers: {
    remote: shaoxingClocks('raised'),
    'on-site': shaoxingClocks('dispatched'),
    emergency: shaoxingClocks('dispatched'),
  },
});

/** Which preset each station group runs on; groups not listed use `defaultPreset`. */
export const SlaSettings = z
  .object({
    presets: z.array(SlaPreset).min(1),
    defaultPreset: z.string().min(1),
    groups: z.record(z.string(), z.string()).default({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    const ids = new Set(s.presets.map((p) => p.id));
    if (ids.size !== s.presets.length)
      ctx.addIssue({ code: 'custom', path: ['presets'], message: 'duplicate preset id' });
    if (!ids.has(s.defaultPreset)) {
      ctx.addIssue({ code: 'custom', path: ['defaultPreset'], message: `no preset "${s.defaultPreset}"` });
    }
    for (const [group, id] of Object.entries(s.groups)) {
      if (!ids.has(id))
        ctx.addIssue({ code: 'custom', path: ['groups', group], message: `no preset "${id}"` });
    }
  });
export type SlaSettings = z.infer<typeof SlaSettings>;

export const DEFAULT_SLA_SETTINGS: SlaSettings = SlaSettings.parse({
  presets: [SERVICE_COMMITMENT_PRESET, SHAOXING_PRESET],
  defaultPreset: SERVICE_COMMITMENT_PRESET.id,
});

export function presetFor(
  station: { group: string },
  settings: SlaSettings = DEFAULT_SLA_SETTINGS,
): SlaPreset {
  const id = settings.groups[station.group] ?? settings.defaultPreset;
  const preset = settings.presets.find((p) => p.id === id);
  if (!preset) throw new Error(`no SLA preset "${id}": validate the settings with SlaSettings`);
  return preset;
}

export type DeadlineView = {
  kind: 'deadline';
  id: string;
  /** running until the deadline; met or breached once stopped or past it. */
  state: 'not-started' | 'running' | 'met' | 'breached';
  startedAt: number | null;
  deadline: number | null;
  stoppedAt: number | null;
  /** Until the deadline (now, or at the stop); negative when late, null before the start. */
  remainingMs: number | null;
  onBreach: ClockDef['onBreach'];
  basis: string;
};

export type ReminderView = {
  kind: 'reminder';
  id: string;
  state: 'not-started' | 'running' | 'due' | 'stopped';
  everyMs: number;
  lastDoneAt: number | null;
  nextDueAt: number | null;
  /** Until the next report is owed; negative when it is overdue. */
  remainingMs: number | null;
  basis: string;
};

export type ClockView = DeadlineView | ReminderView;

function durationFor(duration: ClockDef['durationMs'], urban: boolean): number {
  if (typeof duration === 'number') return duration;
  return urban ? duration.urban : duration.other;
}

/** The first start, and the first stop at or after it. */
function span(timeline: readonly TimelineEntry[], start: SlaEvent, stop: readonly SlaEvent[]) {
  const started = timeline.find((e) => e.event === start);
  const stopped = started && timeline.find((e) => stop.includes(e.event) && e.at >= started.at);
  return { started, stopped };
}

/**
 * The views are built as whole literals, not spread from a shared base:
 * the desk computes them for every alarm in the queue on every read, and a
 * spread costs several times a literal.
 */
function deadlineView(
  def: ClockDef,
  urban: boolean,
  timeline: readonly TimelineEntry[],
  nowMs: number,
): DeadlineView {
  const { started, stopped } = span(timeline, def.start, def.stop);
  const view = (
    state: DeadlineView['state'],
    startedAt: number | null,
    deadline: number | null,
    stoppedAt: number | null,
    remainingMs: number | null,
  ): DeadlineView => ({
    kind: 'deadline',
    id: def.id,
    state,
    startedAt,
    deadline,
    stoppedAt,
    remainingMs,
    onBreach: def.onBreach,
    basis: def.basis,
  });
  if (!started) return view('not-started', null, null, null, null);
  const deadline = started.at + durationFor(def.durationMs, urban);
  if (stopped) {
    const remainingMs = deadline - stopped.at;
    return view(remainingMs >= 0 ? 'met' : 'breached', started.at, deadline, stopped.at, remainingMs);
  }
  const remainingMs = deadline - nowMs;
  return view(remainingMs > 0 ? 'running' : 'breached', started.at, deadline, null, remainingMs);
}

function reminderView(def: ReminderDef, timeline: readonly TimelineEntry[], nowMs: number): ReminderView {
  const { started, stopped } = span(timeline, def.start, def.stop);
  const done = started && timeline.findLast((e) => e.event === def.doneBy && e.at >= started.at);
  const lastDoneAt = done?.at ?? null;
  const view = (
    state: ReminderView['state'],
    nextDueAt: number | null,
    remainingMs: number | null,
  ): ReminderView => ({
    kind: 'reminder',
    id: def.id,
    state,
    everyMs: def.everyMs,
    lastDoneAt,
    nextDueAt,
    remainingMs,
    basis: def.basis,
  });
  if (!started) return view('not-started', null, null);
  if (stopped) return view('stopped', null, null);
  const nextDueAt = (lastDoneAt ?? started.at) + def.everyMs;
  const remainingMs = nextDueAt - nowMs;
  return view(remainingMs > 0 ? 'running' : 'due', nextDueAt, remainingMs);
}

/**
 * Every clock and reminder of `tier` in `preset`, as of `nowMs`. Timeline
 * entries after `nowMs` are ignored, so a replay shows what the desk showed
 * then. The clocks keep counting from the alarm's own events when the
 * monitor re-tiers it: the commitment runs from 接到报警, not from the
 * moment somebody changed their mind.
 */
export function clocks(
  preset: SlaPreset,
  tier: Tier,
  station: { urban: boolean },
  timeline: readonly TimelineEntry[],
  nowMs: number,
): ClockView[] {
  const seen = timeline.filter((e) => e.at <= nowMs).sort((a, b) => a.at - b.at);
  const { clocks: defs, reminders } = preset.tiers[tier];
  return [
    ...defs.map((def) => deadlineView(def, station.urban, seen, nowMs)),
    ...reminders.map((def) => reminderView(def, seen, nowMs)),
  ];
}

/** When the next clock will breach or reminder fall due, for the engine's timer; null when nothing is counting. */
export function nextClockChange(views: readonly ClockView[]): number | null {
  const times = views.flatMap((v) => {
    if (v.kind === 'deadline') return v.state === 'running' && v.deadline !== null ? [v.deadline] : [];
    return v.state === 'running' && v.nextDueAt !== null ? [v.nextDueAt] : [];
  });
  return times.length ? Math.min(...times) : null;
}

/**
 * What a site writes in its configuration (`sla`): the preset for station
 * groups not listed, and the preset of each listed group. Both shipped
 * presets are always available.
 */
export const SlaChoice = z
  .object({
    default: z.string().min(1).default(SERVICE_COMMITMENT_PRESET.id),
    presetByGroup: z.record(z.string().min(1), z.string().min(1)).default({}),
  })
  .strict()
  .superRefine((choice, ctx) => {
    const known = [SERVICE_COMMITMENT_PRESET.id, SHAOXING_PRESET.id];
    const check = (id: string, path: PropertyKey[]) => {
      if (!known.includes(id)) {
        ctx.addIssue({ code: 'custom', path, message: `no SLA preset "${id}" (known: ${known.join(', ')})` });
      }
    };
    check(choice.default, ['default']);
    for (const [group, id] of Object.entries(choice.presetByGroup)) check(id, ['presetByGroup', group]);
  });
export type SlaChoice = z.infer<typeof SlaChoice>;

/** The settings a configuration's choice stands for; without one, every group runs on the service commitment. */
export function slaSettingsOf(choice: SlaChoice | undefined): SlaSettings {
  if (!choice) return DEFAULT_SLA_SETTINGS;
  return SlaSettings.parse({
    presets: [SERVICE_COMMITMENT_PRESET, SHAOXING_PRESET],
    defaultPreset: choice.default,
    groups: choice.presetByGroup,
  });
}

/**
 * The seed sentence behind every clock and reminder of each preset, by
 * tier and clock id. A client fetches it once (`sla.rules`) and keeps it:
 * an alarm record names its preset, tier and clock ids and no longer
 * repeats the sentences, which were half its bytes in an alarm storm.
 */
export const SlaRuleTexts = z
  .object({
    presets: z.array(
      z
        .object({
          id: z.string().min(1),
          name: z.object({ 'zh-CN': z.string(), en: z.string() }).strict(),
          /** Tier → clock or reminder id → its basis. */
          rules: z.record(Tier, z.record(z.string(), z.string())),
        })
        .strict(),
    ),
  })
  .strict();
export type SlaRuleTexts = z.infer<typeof SlaRuleTexts>;

export function slaRuleTexts(settings: SlaSettings = DEFAULT_SLA_SETTINGS): SlaRuleTexts {
  return {
    presets: settings.presets.map((preset) => ({
      id: preset.id,
      name: preset.name,
      rules: Object.fromEntries(
        Tier.options.map((tier) => {
          const { clocks: defs, reminders } = preset.tiers[tier];
          return [tier, Object.fromEntries([...defs, ...reminders].map((def) => [def.id, def.basis]))];
        }),
      ) as SlaRuleTexts['presets'][number]['rules'],
    })),
  };
}

/** Looks up rule texts by preset, tier and clock id; undefined for a rule the texts do not hold. */
export type RuleText = (preset: string, tier: Tier, clockId: string) => string | undefined;

export function ruleTextOf(texts: SlaRuleTexts): RuleText {
  const byPreset = new Map(texts.presets.map((p) => [p.id, p.rules]));
  return (preset, tier, clockId) => byPreset.get(preset)?.[tier]?.[clockId];
}
