import { wallClockMs } from '../handover/schedule';
import type { Tier } from '../triage/tiers';
import type { Digest } from './digest';

export type Language = 'zh-CN' | 'en';

export type TextOptions = {
  language: Language;
  /** Times are shown in this zone (the desk's, e.g. Asia/Shanghai), whatever the machine's. */
  timeZone: string;
  link: string | null;
};

const TIER: Record<Language, Record<Tier, string>> = {
  'zh-CN': { remote: '远程处理', 'on-site': '现场处理', emergency: '紧急抢修' },
  en: { remote: 'remote', 'on-site': 'on-site', emergency: 'emergency' },
};

const LABEL = {
  'zh-CN': { station: '站点', device: '设备', cause: '原因', tier: '等级', deadline: '截止', link: '链接' },
  en: {
    station: 'Station',
    device: 'Device',
    cause: 'Cause',
    tier: 'Tier',
    deadline: 'Deadline',
    link: 'Link',
  },
} as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** "12-05 14:32" in `timeZone`: a crew reads the date too, since a deadline can fall after midnight. */
export function shortTime(ms: number, timeZone: string): string {
  const wall = new Date(wallClockMs(ms, timeZone));
  return `${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}

/** A short clock time, "14:32", for the span a digest covers. */
const clockTime = (ms: number, timeZone: string) => shortTime(ms, timeZone).slice(6);

/**
 * The title and text of an alarm message: station, device, cause, tier,
 * deadline and a link, one line each, short enough for a phone's lock
 * screen. A digest names its first devices and counts the rest.
 */
export function alarmText(digest: Digest, options: TextOptions): { title: string; body: string } {
  const { language, timeZone } = options;
  const label = LABEL[language];
  const tier = TIER[language][digest.tier];
  const names = digest.first.map((a) => a.deviceName);
  const zh = language === 'zh-CN';
  const span =
    digest.from === digest.to
      ? clockTime(digest.from, timeZone)
      : `${clockTime(digest.from, timeZone)}–${clockTime(digest.to, timeZone)}`;
  const devices =
    digest.count === 1
      ? (names[0] ?? '')
      : zh
        ? `${names.join('、')}${digest.count > names.length ? ' 等' : ''}，共 ${digest.count} 条告警（${span}）`
        : `${names.join(', ')}${digest.count > names.length ? ' and others' : ''}: ${digest.count} alarms (${span})`;
  const count = digest.count > 1 ? ` ×${digest.count}` : '';
  const title = zh
    ? `【${tier}】${digest.stationName} ${digest.cause}${count}`
    : `[${tier}] ${digest.stationName}: ${digest.cause}${count}`;
  const sep = zh ? '：' : ': ';
  const lines = [
    `${label.station}${sep}${digest.stationName}`,
    `${label.device}${sep}${devices}`,
    `${label.cause}${sep}${digest.cause}`,
    `${label.tier}${sep}${tier}`,
  ];
  if (digest.deadline !== null) lines.push(`${label.deadline}${sep}${shortTime(digest.deadline, timeZone)}`);
  if (options.link) lines.push(`${label.link}${sep}${options.link}`);
  return { title, body: lines.join('\n') };
}

/**
 * Where a message carries a link that must never sit in the journal (a crew
 * page capability): the outbox keeps this mark, and the link is minted again
 * as each attempt goes out (Notifier.resolveLinks).
 */
export const LINK_AT_SEND = '{link-at-send}';

/** A link into the desk: its address with the alarm or station to open. */
export function deskLink(base: string | undefined, params: Record<string, string>): string | null {
  if (!base) return null;
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

const WORDS = {
  'zh-CN': {
    dispatch: '派单',
    alarm: '告警',
    reminder: '提醒',
    missed: '逾期未报',
    escalation: '升级',
    workOrder: '工单',
    crew: '班组',
    arrival: '到场时限',
    report: '应报',
    due: '截止',
    unacked: '无人确认',
    minutes: (n: number) => `${n} 分钟`,
  },
  en: {
    dispatch: 'Dispatch',
    alarm: 'Alarm',
    reminder: 'Reminder',
    missed: 'Overdue',
    escalation: 'Escalation',
    workOrder: 'Work order',
    crew: 'Crew',
    arrival: 'Arrive by',
    report: 'Report',
    due: 'Due',
    unacked: 'Unacknowledged for',
    minutes: (n: number) => `${n} min`,
  },
} as const;

/** What a crew, lead or manager message is about: the alarm's facts and the work order's. */
export type JobFacts = {
  stationName: string;
  deviceName: string | null;
  cause: string;
  tier: Tier;
  workOrderId: string | null;
  /** The deadline the message is about (arrival for a dispatch, the report's for a reminder). */
  deadline: number | null;
};

export type JobMessage =
  | { kind: 'dispatch'; crewName: string; members: readonly string[] }
  | { kind: 'alarm' }
  | { kind: 'reminder'; report: string; missed: boolean }
  | { kind: 'escalation'; unackedMinutes: number };

/**
 * The text of a dispatch, reminder or escalation: what kind, then station,
 * device, cause, tier, the deadline and the link, one line each (issue 15:
 * short, zh-CN by default).
 */
export function jobText(
  facts: JobFacts,
  message: JobMessage,
  options: TextOptions,
): { title: string; body: string } {
  const { language, timeZone } = options;
  const zh = language === 'zh-CN';
  const label = LABEL[language];
  const word = WORDS[language];
  const sep = zh ? '：' : ': ';
  const tier = TIER[language][facts.tier];
  const lines: [string, string][] = [];
  if (facts.workOrderId) lines.push([word.workOrder, facts.workOrderId]);
  if (message.kind === 'dispatch')
    lines.push([
      word.crew,
      zh
        ? `${message.crewName}（${message.members.join('、')}）`
        : `${message.crewName} (${message.members.join(', ')})`,
    ]);
  if (message.kind === 'reminder') lines.push([word.report, message.report]);
  if (message.kind === 'escalation') lines.push([word.unacked, word.minutes(message.unackedMinutes)]);
  lines.push([label.station, facts.stationName]);
  if (facts.deviceName) lines.push([label.device, facts.deviceName]);
  lines.push([label.cause, facts.cause], [label.tier, tier]);
  if (facts.deadline !== null)
    lines.push([message.kind === 'dispatch' ? word.arrival : word.due, shortTime(facts.deadline, timeZone)]);
  if (options.link) lines.push([label.link, options.link]);
  const what = message.kind === 'reminder' && message.missed ? word.missed : word[message.kind];
  const title = zh
    ? `【${what}】${tier} ${facts.stationName} ${facts.cause}`
    : `[${what}] ${tier}: ${facts.stationName}: ${facts.cause}`;
  return { title, body: lines.map(([k, v]) => `${k}${sep}${v}`).join('\n') };
}
