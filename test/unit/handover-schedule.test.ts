import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SHIFT_SCHEDULE,
  localToInstant,
  previousShift,
  ShiftSchedule,
  shiftAt,
  shiftById,
  startOfDayIn,
} from '../../shared/handover/schedule';

/** Shanghai is UTC+8 all year: 08:00 local is 00:00Z, 20:00 local is 12:00Z. */
const utc = (iso: string) => Date.parse(iso);

describe('shift schedule', () => {
  it('defaults to 08:00 and 20:00 China time', () => {
    expect(DEFAULT_SHIFT_SCHEDULE).toEqual({ timeZone: 'Asia/Shanghai', starts: ['08:00', '20:00'] });
  });

  it.each([
    ['2026-11-23T00:00:00Z', '2026-11-23@08:00', '2026-11-23T12:00:00Z'], // 08:00 sharp starts the day shift
    ['2026-11-23T11:59:59.999Z', '2026-11-23@08:00', '2026-11-23T12:00:00Z'], // 19:59:59.999
    ['2026-11-23T12:00:00Z', '2026-11-23@20:00', '2026-11-24T00:00:00Z'], // 20:00 sharp starts the night
    ['2026-11-23T16:00:00Z', '2026-11-23@20:00', '2026-11-24T00:00:00Z'], // local midnight, still that night
    ['2026-11-23T23:59:59.999Z', '2026-11-23@20:00', '2026-11-24T00:00:00Z'], // 07:59 next morning
    ['2026-11-22T23:00:00Z', '2026-11-22@20:00', '2026-11-23T00:00:00Z'], // 07:00 local on the 23rd
  ])('at %s the shift is %s, ending %s', (at, id, end) => {
    const shift = shiftAt(DEFAULT_SHIFT_SCHEDULE, utc(at));
    expect(shift.id).toBe(id);
    expect(shift.endsAt).toBe(utc(end));
    expect(shift.startsAt).toBeLessThanOrEqual(utc(at));
  });

  it('names the night shift after the evening it began, across the year end', () => {
    const shift = shiftAt(DEFAULT_SHIFT_SCHEDULE, utc('2026-12-31T18:30:00Z')); // 02:30 on 1 Jan local
    expect(shift).toMatchObject({ id: '2026-12-31@20:00', date: '2026-12-31', start: '20:00' });
    expect(shift.endsAt - shift.startsAt).toBe(12 * 3_600_000);
  });

  it('follows the configured zone: the same instant is a different shift in Berlin', () => {
    const berlin = ShiftSchedule.parse({ timeZone: 'Europe/Berlin' });
    // 2026-11-23T06:30Z is 14:30 in Shanghai (day shift) and 07:30 in Berlin (still the night shift).
    expect(shiftAt(DEFAULT_SHIFT_SCHEDULE, utc('2026-11-23T06:30:00Z')).id).toBe('2026-11-23@08:00');
    expect(shiftAt(berlin, utc('2026-11-23T06:30:00Z')).id).toBe('2026-11-22@20:00');
    expect(shiftAt(berlin, utc('2026-11-23T07:00:00Z')).startsAt).toBe(utc('2026-11-23T07:00:00Z'));
  });

  it('keeps a night shift across a DST change one hour longer or shorter', () => {
    const berlin = ShiftSchedule.parse({ timeZone: 'Europe/Berlin' });
    // 25 Oct 2026: clocks go back at 03:00 CEST → 02:00 CET; that night lasts 13 hours.
    const autumn = shiftAt(berlin, utc('2026-10-25T03:00:00Z'));
    expect(autumn.id).toBe('2026-10-24@20:00');
    expect(autumn.endsAt - autumn.startsAt).toBe(13 * 3_600_000);
    // 29 Mar 2026: clocks go forward at 02:00 → 03:00; that night lasts 11 hours.
    const spring = shiftAt(berlin, utc('2026-03-29T03:00:00Z'));
    expect(spring.endsAt - spring.startsAt).toBe(11 * 3_600_000);
  });

  it('maps a skipped local time to the instant under the offset before the jump', () => {
    // 02:30 on 29 Mar 2026 does not exist in Berlin; under CET (+1) it is 01:30Z.
    expect(localToInstant({ y: 2026, m: 3, d: 29 }, 150, 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'));
    // 02:30 on 25 Oct 2026 happens twice; the first is under CEST (+2).
    expect(localToInstant({ y: 2026, m: 10, d: 25 }, 150, 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00Z'));
  });

  it('supports three shifts and unsorted starts', () => {
    const three = ShiftSchedule.parse({ starts: ['16:00', '00:00', '08:00'] });
    expect(shiftAt(three, utc('2026-11-23T15:59:00Z')).id).toBe('2026-11-23@16:00'); // 23:59 local
    expect(shiftAt(three, utc('2026-11-23T16:00:00Z')).id).toBe('2026-11-24@00:00'); // local midnight
  });

  it('finds a shift by id and refuses an id the schedule has no start for', () => {
    const shift = shiftById(DEFAULT_SHIFT_SCHEDULE, '2026-11-23@20:00');
    expect(shift.startsAt).toBe(utc('2026-11-23T12:00:00Z'));
    expect(() => shiftById(DEFAULT_SHIFT_SCHEDULE, '2026-11-23@09:00')).toThrow(
      /no shift starts at 2026-11-23@09:00/,
    );
    expect(previousShift(DEFAULT_SHIFT_SCHEDULE, utc('2026-11-23T01:00:00Z')).id).toBe('2026-11-22@20:00');
  });

  it('refuses a bad schedule with a reason', () => {
    expect(ShiftSchedule.safeParse({ starts: ['8:00'] }).error?.issues[0]?.message).toMatch(/HH:MM/);
    expect(ShiftSchedule.safeParse({ starts: ['08:00', '08:00'] }).error?.issues[0]?.message).toMatch(
      /only once/,
    );
    expect(ShiftSchedule.safeParse({ timeZone: 'Mars/Olympus' }).error?.issues[0]?.message).toMatch(
      /time zone/,
    );
    expect(ShiftSchedule.safeParse({ starts: [] }).success).toBe(false);
  });
});

describe("the start of the control room's day", () => {
  it('is midnight in the zone, whatever the process runs in, across a DST change too', () => {
    expect(startOfDayIn(utc('2026-11-23T17:30:00Z'), 'Asia/Shanghai')).toBe(utc('2026-11-23T16:00:00Z'));
    expect(startOfDayIn(utc('2026-11-23T15:59:59Z'), 'Asia/Shanghai')).toBe(utc('2026-11-22T16:00:00Z'));
    // New York springs forward at 02:00 on 8 March 2026: that day began at 00:00 EST.
    expect(startOfDayIn(utc('2026-03-08T15:00:00Z'), 'America/New_York')).toBe(utc('2026-03-08T05:00:00Z'));
    expect(startOfDayIn(utc('2026-03-09T15:00:00Z'), 'America/New_York')).toBe(utc('2026-03-09T04:00:00Z'));
  });
});
