import { z } from 'zod';
import { Priority } from '../alarm/priority';
import { DeviceKind } from '../api/model';

/** The response tiers of the service commitment (000, 分级故障响应流程). */
export const Tier = z.enum(['remote', 'on-site', 'emergency']);
export type Tier = z.infer<typeof Tier>;

/** 001 缺陷的分类及定性: "按严重程度分为危急、严重、一般缺陷三类". */
export const DefectClass = z.enum(['critical', 'serious', 'general']);
export type DefectClass = z.infer<typeof DefectClass>;

type Text = { 'zh-CN': string; en: string };

/** The seed's definitions, handling deadlines and examples, for the triage dialog and the defect register. */
export const DEFECT_CLASSES: Readonly<
  Record<DefectClass, { name: Text; definition: Text; handling: Text; examples: readonly Text[] }>
> = {
  critical: {
    name: { 'zh-CN': '危急', en: 'critical' },
    definition: {
      'zh-CN': '直接威胁安全运行，或随时可能造成人身伤亡、设备损坏、大面积停电、火灾等事故，并需立即处理',
      en: 'directly threatens safe operation or may at any moment cause injury, equipment damage, a wide outage or fire',
    },
    handling: { 'zh-CN': '应立即消除', en: 'eliminate immediately' },
    examples: [
      { 'zh-CN': '充电设备母线、线缆过热', en: 'busbar or cable of the charger overheating' },
      {
        'zh-CN': '充电机柜起火，内部放电或有爆裂声',
        en: 'charger cabinet on fire, internal discharge or cracking noise',
      },
      {
        'zh-CN': '充电连接装置有裂纹，内部电缆裸露',
        en: 'charging connector cracked, internal cable exposed',
      },
      {
        'zh-CN': '充电服务过程中充电设施通信失败',
        en: 'communication of the charger fails during a charging session',
      },
    ],
  },
  serious: {
    name: { 'zh-CN': '严重', en: 'serious' },
    definition: {
      'zh-CN': '对人身或设备有严重威胁，暂时尚能坚持运行但需尽快处理',
      en: 'a serious threat to people or equipment; can keep running for now but must be handled soon',
    },
    handling: { 'zh-CN': '应在短期内消除', en: 'eliminate in the short term' },
    examples: [
      { 'zh-CN': '充电设备表面不重要紧固件部分松动', en: 'some minor surface fasteners loose' },
      { 'zh-CN': '导向柱弯曲', en: 'guide post bent' },
      { 'zh-CN': '接地失效', en: 'grounding failed' },
    ],
  },
  general: {
    name: { 'zh-CN': '一般', en: 'general' },
    definition: {
      'zh-CN': '危急、严重缺陷以外的设备缺陷，性质一般，情况较轻，对安全运行影响不大',
      en: 'any other defect: minor, with little effect on safe operation',
    },
    handling: {
      'zh-CN': '应列入年、月检修计划予以消除',
      en: 'eliminate in the monthly or annual maintenance plan',
    },
    examples: [
      { 'zh-CN': '充电设备上缺少不重要的部件', en: 'minor parts missing' },
      { 'zh-CN': '设备不清洁、有锈蚀现象', en: 'dirty or rusty equipment' },
      { 'zh-CN': '传动部件、齿轮、轴承润滑不足', en: 'moving parts, gears or bearings short of lubrication' },
      {
        'zh-CN': '其他不属于危急、严重的设备缺陷',
        en: 'any other defect that is neither critical nor serious',
      },
    ],
  },
};

/**
 * 001's "危急缺陷应立即消除，严重缺陷应在短期内消除，一般缺陷应列入年、月检修计划"
 * read against 000's tiers: immediate → emergency repair, short term → a
 * visit, planned → remote diagnosis now and the fix in the plan.
 */
export const TIER_OF_CLASS: Readonly<Record<DefectClass, Tier>> = {
  critical: 'emergency',
  serious: 'on-site',
  general: 'remote',
};

/** Critical and serious defects are safety matters; a general one matters more when someone must drive out. */
export function defaultPriority(defectClass: DefectClass, tier: Tier): Priority {
  if (defectClass === 'critical') return 'critical';
  if (defectClass === 'serious') return 'high';
  return tier === 'remote' ? 'low' : 'medium';
}

/**
 * One row of the triage table. `cause` is an alarm cause code as the engine
 * produces it (a fault-word bit name of a device profile, `gunN.faulted`,
 * `inverter.fault`, `breaker.tripped`, `comms.device`, `comms.gateway`,
 * `comms.station`); `*` matches any run of characters. `kinds` and
 * `charging` narrow the row; `tier` and `priority` default from the class.
 */
export const TriageRule = z
  .object({
    id: z.string().min(1),
    cause: z.string().min(1),
    kinds: z.array(DeviceKind).min(1).optional(),
    /** Whether the device was in a charging session when the alarm was raised. */
    charging: z.boolean().optional(),
    defectClass: DefectClass,
    tier: Tier.optional(),
    priority: Priority.optional(),
    /** Why this row says what it says, with the seed it follows. */
    why: z.string().min(1),
  })
  .strict();
export type TriageRule = z.infer<typeof TriageRule>;
export type TriageRuleInput = z.input<typeof TriageRule>;

const isCatchAll = (r: TriageRule) => r.cause === '*' && !r.kinds && r.charging === undefined;

/** First matching row wins; the last row must match everything, so no alarm goes untriaged. */
export const TriageTable = z.array(TriageRule).superRefine((rules, ctx) => {
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.id))
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate rule id "${r.id}"` });
    seen.add(r.id);
  });
  const last = rules.at(-1);
  if (!last || !isCatchAll(last)) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: 'the last rule must be a catch-all: cause "*", no kinds, no charging',
    });
  }
});
export type TriageTable = z.infer<typeof TriageTable>;

const CHARGERS: DeviceKind[] = ['ac-charger', 'dc-charger'];

/**
 * The shipped table. Safety first (001 危急 examples: fire, overheating
 * busbar/cable, exposed cable, comms failure in a session), then the 严重
 * examples (grounding), then what needs hands on site; everything else is
 * diagnosed remotely first.
 */
// biome-ignore format: one row per line reads like the table it is
export const DEFAULT_TRIAGE_TABLE: TriageTable = TriageTable.parse([
  // 危急 → emergency
  { id: 'smoke', cause: 'smokeDetected', defectClass: 'critical', why: '001 危急: 充电机柜起火; smoke is fire until proven otherwise' },
  { id: 'connector-overheat', cause: 'connectorOverTemperature', defectClass: 'critical', why: '001 危急: 充电设备母线、线缆过热 (gun cable and connector)' },
  { id: 'insulation', cause: 'insulationFault', defectClass: 'critical', why: '001 危急: 内部放电, 内部电缆裸露 — failed insulation exposes live parts' },
  { id: 'transformer-gas', cause: 'gasRelay', kinds: ['box-transformer'], defectClass: 'critical', why: 'a gas (Buchholz) relay operates on arcing inside the tank: 001 危急 内部放电' },
  { id: 'transformer-pressure', cause: 'pressureRelief', kinds: ['box-transformer'], defectClass: 'critical', why: 'pressure relief means an internal fault under way: 001 危急, fire and a wide outage' },
  { id: 'comms-in-session', cause: 'comms.device', kinds: CHARGERS, charging: true, defectClass: 'critical', why: '001 危急: 充电服务过程中充电设施通信失败 — a session nobody can see or stop' },
  // 严重 → on-site
  { id: 'ground', cause: 'groundFault', defectClass: 'serious', why: '001 严重: 接地失效' },
  { id: 'station-comms', cause: 'comms.station', defectClass: 'serious', why: 'the whole station is blind: someone must go and look (router, SIM, supply)' },
  { id: 'gateway-comms', cause: 'comms.gateway', defectClass: 'serious', why: 'every device behind one gateway is blind: the gateway or its link needs a visit' },
  { id: 'breaker-tripped', cause: 'breaker.tripped', defectClass: 'serious', why: '001 特殊巡视: 事故跳闸 needs an inspection before re-closing; the station has no supply' },
  { id: 'breaker-trip-bit', cause: 'breakerTrip', defectClass: 'serious', why: 'the same trip, reported as a fault bit' },
  { id: 'transformer-overheat', cause: 'overTemperature', kinds: ['box-transformer'], defectClass: 'serious', why: 'over-temperature alarm, not trip: can run for now, must be handled soon' },
  { id: 'transformer-door', cause: 'doorOpen', kinds: ['box-transformer'], defectClass: 'serious', why: 'an open transformer door at a public car park is a shock hazard' },
  { id: 'transformer-overload', cause: 'lvOverload', kinds: ['box-transformer'], defectClass: 'serious', tier: 'remote', why: 'threatens the transformer, but the first action is remote: lower the chargers\' power limits' },
  { id: 'emergency-stop', cause: 'emergencyStop', kinds: CHARGERS, defectClass: 'serious', why: 'somebody hit the mushroom button: find out why on site; it is released by hand' },
  { id: 'relay-stuck', cause: 'relayStuck', kinds: CHARGERS, defectClass: 'serious', why: 'a welded contactor can leave the output live after the session' },
  { id: 'module-overheat', cause: 'moduleOverTemperature', kinds: ['dc-charger'], defectClass: 'serious', why: 'power module over-temperature: derating now, damage if it goes on' },
  { id: 'fan', cause: 'fanFault', kinds: ['dc-charger'], defectClass: 'serious', why: 'without cooling the modules overheat next: can run for now, fix soon' },
  { id: 'charger-overheat', cause: 'overTemperature', kinds: ['ac-charger'], defectClass: 'serious', why: 'a 7 kW wallbox has no modules: its over-temperature is terminals and cable' },
  // 一般, but hands needed on site
  { id: 'gun-stuck', cause: 'gunStuck', kinds: CHARGERS, defectClass: 'general', tier: 'on-site', priority: 'high', why: 'not a safety defect, but a driver who cannot unplug and leave' },
  { id: 'meter', cause: 'meterFault', kinds: ['ac-charger'], defectClass: 'general', tier: 'on-site', why: 'a faulty meter must not bill (001: JJG 1148); it is replaced on site' },
  { id: 'module', cause: 'moduleFault', kinds: ['dc-charger'], defectClass: 'general', tier: 'on-site', why: 'a failed power module is swapped on site; the charger runs derated until then' },
  { id: 'oil-level', cause: 'oilLevelLow', kinds: ['box-transformer'], defectClass: 'general', tier: 'on-site', why: 'topping up oil is site work; 001 一般, like 润滑不足' },
  { id: 'string-fuse', cause: 'blownStringFuse', kinds: ['pv-inverter'], defectClass: 'general', tier: 'on-site', why: 'a fuse is replaced by hand; the rest of the array keeps generating' },
  { id: 'inverter-self-test', cause: 'hwTestFailure', kinds: ['pv-inverter'], defectClass: 'general', tier: 'on-site', why: 'an inverter failing its self-test will not start again without a technician' },
  // Analog pre-alarms (profile limits, below the device's own trip): act remotely before it trips
  { id: 'temperature-high', cause: '*Temp*High', defectClass: 'general', priority: 'medium', why: 'approaching the device\'s own trip: lower its power limit remotely and watch (001 危急 if it reaches 母线、线缆过热)' },
  { id: 'gun-temperature-high', cause: 'gun*.temperatureHigh', kinds: CHARGERS, defectClass: 'general', priority: 'medium', why: 'a gun running hot: lower the power limit remotely before the connector trips' },
  { id: 'voltage-out-of-range', cause: 'voltage*', kinds: ['meter'], defectClass: 'general', why: 'supply voltage out of range at the grid connection: a grid matter, report it to the utility' },
  // 一般 → remote diagnosis first
  { id: 'device-comms', cause: 'comms.device', defectClass: 'general', why: 'one device offline: check SIM, link and supply remotely first (001 监控员 daily SIM check)' },
  { id: 'gun-faulted', cause: 'gun*.faulted', kinds: CHARGERS, defectClass: 'general', why: 'a faulted gun with no cause bit: read its log and reset remotely first' },
  { id: 'inverter-fault', cause: 'inverter.fault', kinds: ['pv-inverter'], defectClass: 'general', why: 'inverter in fault with no event bit: diagnose remotely' },
  { id: 'supply', cause: 'acInputFault', defectClass: 'general', why: 'supply problem upstream of the charger: check the transformer and grid remotely' },
  { id: 'bms-comms', cause: 'bmsCommsFailure', kinds: ['dc-charger'], defectClass: 'general', why: 'charger–vehicle BMS link: usually the vehicle; the session has already stopped safely' },
  { id: 'charger-overvoltage', cause: 'overVoltage', kinds: ['ac-charger'], defectClass: 'general', why: 'supply voltage out of range: a grid matter, diagnose remotely' },
  { id: 'charger-undervoltage', cause: 'underVoltage', kinds: ['ac-charger'], defectClass: 'general', why: 'supply voltage out of range: a grid matter, diagnose remotely' },
  { id: 'charger-overcurrent', cause: 'overCurrent', kinds: ['ac-charger'], defectClass: 'general', why: 'usually the vehicle drawing past the CP limit; repeats show up as chattering' },
  { id: 'cp', cause: 'cpAbnormal', kinds: ['ac-charger'], defectClass: 'general', why: 'control pilot fault, usually the vehicle or the plug-in' },
  { id: 'charger-door', cause: 'doorOpen', kinds: ['dc-charger'], defectClass: 'general', why: 'check the camera first (001 监控员 daily camera check)' },
  { id: 'inverter-cabinet', cause: 'cabinetOpen', kinds: ['pv-inverter'], defectClass: 'general', why: 'check the camera first' },
  { id: 'inverter-frequency', cause: '*Frequency', kinds: ['pv-inverter'], defectClass: 'general', why: 'grid frequency out of range: the inverter reconnects by itself' },
  { id: 'inverter-ac-voltage', cause: 'ac*Voltage', kinds: ['pv-inverter'], defectClass: 'general', why: 'grid voltage out of range: the inverter reconnects by itself' },
  { id: 'inverter-disconnect', cause: '*Disconnect', kinds: ['pv-inverter'], defectClass: 'general', why: 'AC, DC or grid disconnected: find out remotely whether on purpose' },
  { id: 'inverter-dc-overvoltage', cause: 'dcOverVoltage', kinds: ['pv-inverter'], defectClass: 'general', why: 'string voltage too high (cold morning, string too long): diagnose remotely' },
  { id: 'inverter-temperature', cause: '*Temperature', kinds: ['pv-inverter'], defectClass: 'general', why: 'the inverter derates itself; ventilation and dirt wait for the next visit' },
  { id: 'inverter-manual', cause: 'manualShutdown', kinds: ['pv-inverter'], defectClass: 'general', why: 'somebody switched it off: check the work log' },
  { id: 'inverter-memory', cause: 'memoryLoss', kinds: ['pv-inverter'], defectClass: 'general', why: 'settings lost: restore them remotely' },
  { id: 'default', cause: '*', defectClass: 'general', why: '001 一般: 其他不属于危急、严重的设备缺陷 — diagnose remotely, then decide' },
]);

/** What the alarm is about, beyond its cause code. */
export type TriageContext = { kind?: DeviceKind; charging?: boolean };

export type Triage = { tier: Tier; defectClass: DefectClass; priority: Priority; ruleId: string };

/** Compiled once per pattern: every alarm raised walks the table. */
const compiled = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  const known = compiled.get(glob);
  if (known) return known;
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const regExp = new RegExp(`^${escaped.join('.*')}$`);
  compiled.set(glob, regExp);
  return regExp;
}

function matches(rule: TriageRule, cause: string, context: TriageContext): boolean {
  if (!globToRegExp(rule.cause).test(cause)) return false;
  if (rule.kinds && !(context.kind && rule.kinds.includes(context.kind))) return false;
  return rule.charging === undefined || rule.charging === (context.charging ?? false);
}

export function triage(
  cause: string,
  context: TriageContext,
  table: TriageTable = DEFAULT_TRIAGE_TABLE,
): Triage {
  const rule = table.find((r) => matches(r, cause, context));
  if (!rule)
    throw new Error(`no triage rule for "${cause}": a table parsed by TriageTable ends with a catch-all`);
  const tier = rule.tier ?? TIER_OF_CLASS[rule.defectClass];
  return {
    tier,
    defectClass: rule.defectClass,
    priority: rule.priority ?? defaultPriority(rule.defectClass, tier),
    ruleId: rule.id,
  };
}

/** A site's own rows go in front of the shipped table and win; the shipped catch-all stays last. */
export function withOverrides(
  overrides: readonly TriageRuleInput[],
  base: TriageTable = DEFAULT_TRIAGE_TABLE,
): TriageTable {
  return TriageTable.parse([...overrides, ...base]);
}

export const TierChange = z
  .object({ from: Tier, to: Tier, reason: z.string().trim().min(1), atMs: z.number() })
  .strict();
export type TierChange = z.infer<typeof TierChange>;

/** The triage of one alarm as it stands, with every change the monitor made to it. */
export type TierAssignment = Triage & { changes: TierChange[] };

export function assignTier(triaged: Triage): TierAssignment {
  return { ...triaged, changes: [] };
}

/**
 * The monitor overrides the table for one alarm. The reason is kept next to
 * the change because the SLA report has to explain why an alarm ran on a
 * different clock than the table says.
 */
export function retier(
  current: TierAssignment,
  to: Tier,
  reason: string,
  atMs: number,
): { next: TierAssignment } | { refused: string } {
  const why = reason.trim();
  if (!why) return { refused: 'a tier change needs a reason' };
  if (to === current.tier) return { refused: `the alarm is already ${to}` };
  return {
    next: {
      ...current,
      tier: to,
      changes: [...current.changes, { from: current.tier, to, reason: why, atMs }],
    },
  };
}
