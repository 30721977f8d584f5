import type { Priority } from '../../../../shared/alarm/priority';
import type { AlarmView, Device, Station } from '../../../../shared/api';
import { causeWords, word } from '../../../../shared/i18n/words';
import type { Lang, Translate } from '../../i18n/lang';

/**
 * Priority is told by shape and letter as well as colour, so it reads for
 * the colour-blind and on a washed-out screen: ◆ critical, ▲ high, ■ medium,
 * ● low.
 */
export const PRIORITY_MARK: Readonly<Record<Priority, string>> = {
  critical: '◆',
  high: '▲',
  medium: '■',
  low: '●',
};

/** The cause in the operator's words, as every record names it too (shared/i18n). */
export function causeText(cause: string, t: Translate): string {
  return causeWords(cause, t);
}

export function stationLabel(station: Station | undefined, stationId: string, lang: Lang): string {
  if (!station) return stationId;
  return lang === 'en' && station.nameEn ? station.nameEn : station.name;
}

/** Where the alarm is: the station, and the device or gateway endpoint when there is one. */
export function whereText(
  alarm: Pick<AlarmView, 'id' | 'cause' | 'stationId'>,
  station: Station | undefined,
  device: Device | undefined,
  lang: Lang,
): { station: string; detail: string | null } {
  const name = stationLabel(station, alarm.stationId, lang);
  if (device) return { station: name, detail: device.name };
  if (alarm.cause === 'comms.gateway')
    return { station: name, detail: alarm.id.replace(/:comms\.gateway$/, '') };
  return { station: name, detail: null };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** h:mm:ss, with a minus sign once late: a countdown the eye can compare down a column. */
export function formatCountdown(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  return `${sign}${Math.floor(total / 3600)}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** How long ago: seconds while fresh, then minutes, then hours and minutes, then days and hours. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d${pad(Math.floor((s % 86_400) / 3600))}h`;
}

export function clockName(id: string, t: Translate): string {
  return word(t, 'alarms.clock', id);
}

/**
 * The parts of the alarm actions that ask a reason and one choice, named
 * alike: `<action>-dialog` for the tests, its words under `alarms.<action>.`.
 */
export function reasonDialog(t: Translate, action: 'retier' | 'shelve', subject: string) {
  return {
    testId: `${action}-dialog`,
    title: t(`alarms.${action}.title`),
    subject,
    reason: { label: t(`alarms.${action}.reason`), placeholder: t(`alarms.${action}.reasonPlaceholder`) },
    confirmLabel: t(`alarms.${action}.confirm`),
  };
}
