import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { DEFAULT_SHIFT_SCHEDULE } from '../../../shared/handover/schedule';
import { useI18n } from './context';
import { formatClock, formatDate, formatDayTime, formatTime, formatWhen } from './format';
import type { Lang } from './lang';

/**
 * The fleet's time zone (`shifts.timeZone`), given once at the top of the
 * desk. Outside a desk (a component rendered on its own) it is the default
 * zone, the same the desk shows until its configuration arrives.
 */
const FleetTimeZone = createContext<string>(DEFAULT_SHIFT_SCHEDULE.timeZone);

export function FleetTimeProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  return <FleetTimeZone.Provider value={timeZone}>{children}</FleetTimeZone.Provider>;
}

/** The formatters of i18n/format bound to the fleet's zone and the operator's language. */
export type FleetTime = {
  timeZone: string;
  /** HH:MM:SS */
  clock(epochMs: number): string;
  /** HH:MM */
  time(epochMs: number): string;
  /** MM-DD HH:MM */
  dayTime(epochMs: number): string;
  /** HH:MM today, MM-DD HH:MM on another day. */
  when(epochMs: number, nowMs: number): string;
  /** YYYY-MM-DD and the weekday. */
  date(epochMs: number): string;
};

/** The formatters bound to a zone and a language; what useFleetTime gives a component. */
export function fleetTime(timeZone: string, lang: Lang): FleetTime {
  return {
    timeZone,
    clock: (ms) => formatClock(ms, timeZone),
    time: (ms) => formatTime(ms, timeZone),
    dayTime: (ms) => formatDayTime(ms, timeZone),
    when: (ms, nowMs) => formatWhen(ms, nowMs, timeZone),
    date: (ms) => formatDate(ms, lang, timeZone),
  };
}

/** Every time an operator reads about the fleet goes through here, so none is in the workstation's zone by accident. */
export function useFleetTime(): FleetTime {
  const timeZone = useContext(FleetTimeZone);
  const { lang } = useI18n();
  return useMemo(() => fleetTime(timeZone, lang), [timeZone, lang]);
}
