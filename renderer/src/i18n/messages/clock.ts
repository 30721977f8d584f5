/** The header clock: the fleet's time, and this computer's where its zone differs. */
export const clockZh = {
  'clock.fleet': '场站',
  'clock.local': '本机',
  'clock.fleetHint': '场站时间（{zone}）：交接班、报表和“今天”都按此时区',
  'clock.localHint': '本机时间（{zone}），与场站时区不同',
};

export const clockEn: Record<keyof typeof clockZh, string> = {
  'clock.fleet': 'fleet',
  'clock.local': 'this PC',
  'clock.fleetHint': 'Fleet time ({zone}): shifts, reports and "today" follow this zone',
  'clock.localHint': 'This computer’s time ({zone}), a different zone from the fleet',
};
