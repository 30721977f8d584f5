import { describe, expect, it } from 'vitest';
import { onCallAt } from '../../shared/crew/oncall';
import { type Candidate, crewLoads, rankCrews } from '../../shared/crew/rank';
import { Roster, type RosterInput, type Skill } from '../../shared/crew/roster';
import { hasSkill, requiredSkills } from '../../shared/crew/skills';
import { distanceKm, travelMinutes } from '../../shared/crew/travel';

const member = (name: string, mobile: string) => ({ name, mobile });
const crew = (id: string, lat: number, lng: number, skills: Skill[]) => ({
  id,
  name: `班组 ${id}`,
  members: [member(`${id}-甲`, '13800000001'), member(`${id}-乙`, '13800000002')],
  skills,
  base: { name: `${id} base`, lat, lng },
});

// Shaoxing city centre and three bases around it; instants are UTC so the machine's zone plays no part.
const station = { id: 'sx01', lat: 30.0, lng: 120.58 };
const rosterInput: RosterInput = {
  crews: [
    crew('north', 30.1, 120.58, ['ac', 'dc', 'electrician-low']),
    crew('south', 29.95, 120.58, ['ac', 'dc', 'pv']),
    crew('far', 30.6, 120.58, ['ac', 'dc', 'pv', 'box-transformer', 'electrician-high']),
  ],
  onCall: {
    timeZone: 'Asia/Shanghai',
    changeAt: '08:00',
    anchor: '2026-12-01',
    days: 1,
    turns: [['north', 'far'], ['south']],
    holidays: [{ date: '2026-12-25', crews: ['far'] }],
    swaps: [],
  },
};
const roster = Roster.parse(rosterInput);
// 2026-12-05 10:00 in Shanghai (UTC+8).
const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-12-05T02:00:00Z');

describe('roster validation', () => {
  it.each([
    [
      'a crew of one',
      { crews: [{ ...crew('a', 30, 120, ['ac']), members: [member('甲', '13800000001')] }] },
      'crews.0.members: a crew has at least 2 people',
    ],
    [
      'the same person twice',
      {
        crews: [
          {
            ...crew('a', 30, 120, ['ac']),
            members: [member('甲', '1380000000'), member('甲', '1390000000')],
          },
        ],
      },
      '"甲" twice',
    ],
    [
      'an unknown crew on call',
      { crews: [crew('a', 30, 120, ['ac'])], onCall: { anchor: '2026-01-01', turns: [['b']] } },
      'onCall.turns.0.0: no crew "b"',
    ],
    [
      'a swap without a reason',
      {
        crews: [crew('a', 30, 120, ['ac']), crew('b', 30, 120, ['ac'])],
        onCall: {
          anchor: '2026-01-01',
          turns: [['a']],
          swaps: [
            { out: 'a', in: 'b', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', reason: ' ' },
          ],
        },
      },
      'onCall.swaps.0.reason: a swap needs a reason',
    ],
    ['an unknown skill', { crews: [{ ...crew('a', 30, 120, ['ac']), skills: ['welding'] }] }, 'skills'],
  ])('refuses %s, naming the place', (_what, input, message) => {
    const result = Roster.safeParse(input);
    expect(result.success).toBe(false);
    const text = (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect(text).toContain(message);
  });

  it('fills the defaults: travel factor and speed, no swaps or holidays', () => {
    const r = Roster.parse({
      crews: [crew('a', 30, 120, ['ac'])],
      onCall: { anchor: '2026-01-01', turns: [['a']] },
    });
    expect(r.travel).toEqual({ roadFactor: 1.4, speedKmh: 40, stationMinutes: {} });
    expect(r.onCall?.days).toBe(7);
    expect(r.onCall?.changeAt).toBe('08:00');
  });
});

describe('on call', () => {
  it.each([
    ['before the change on the anchor day: the turn before it', '2026-11-30T23:59:00Z', ['south']],
    ['at the change on the anchor day', '2026-12-01T00:00:00Z', ['far', 'north']],
    ['the next day', '2026-12-02T03:00:00Z', ['south']],
    ['two days on', '2026-12-03T03:00:00Z', ['far', 'north']],
    ['long before the anchor', '2026-10-02T03:00:00Z', ['far', 'north']],
    ['a holiday names its own crews', '2026-12-25T03:00:00Z', ['far']],
  ])('%s', (_what, iso, expected) => {
    expect([...onCallAt(roster.onCall, at(iso))].sort()).toEqual(expected);
  });

  it('a swap replaces one crew for its stretch only', () => {
    const swapped = Roster.parse({
      ...rosterInput,
      onCall: {
        ...rosterInput.onCall,
        swaps: [
          {
            out: 'north',
            in: 'south',
            from: '2026-12-01T04:00:00Z',
            to: '2026-12-01T06:00:00Z',
            reason: '病假',
          },
        ],
      },
    });
    expect([...onCallAt(swapped.onCall, at('2026-12-01T05:00:00Z'))].sort()).toEqual(['far', 'south']);
    expect([...onCallAt(swapped.onCall, at('2026-12-01T06:00:00Z'))].sort()).toEqual(['far', 'north']);
  });

  it('nobody is on call without a schedule', () => {
    expect(onCallAt(undefined, NOW).size).toBe(0);
  });
});

describe('skills', () => {
  it.each([
    ['dc-charger', 'critical', ['dc', 'electrician-low']],
    ['ac-charger', 'serious', ['ac']],
    ['box-transformer', 'general', ['box-transformer', 'electrician-high']],
    ['meter', 'general', []],
    [null, 'critical', ['electrician-low']],
  ] as const)('%s, %s defect needs %j', (kind, cls, skills) => {
    expect(requiredSkills(kind, cls)).toEqual(skills);
  });

  it('a high-voltage certificate covers low-voltage work, not the other way round', () => {
    expect(hasSkill(['electrician-high'], 'electrician-low')).toBe(true);
    expect(hasSkill(['electrician-low'], 'electrician-high')).toBe(false);
  });
});

describe('travel', () => {
  it('one degree of latitude is about 111.2 km', () => {
    expect(distanceKm({ lat: 30, lng: 120 }, { lat: 31, lng: 120 })).toBeCloseTo(111.19, 1);
  });

  it('straight line × road factor at the speed, unless the station names its own minutes', () => {
    const north = roster.crews[0];
    if (!north) throw new Error('the roster lost its first crew');
    const byDistance = travelMinutes(roster.travel, north, station);
    expect(byDistance.source).toBe('distance');
    expect(byDistance.minutes).toBeCloseTo((distanceKm(north.base, station) * 1.4 * 60) / 40, 6);
    const own = travelMinutes({ ...roster.travel, stationMinutes: { sx01: { north: 55 } } }, north, station);
    expect(own).toMatchObject({ minutes: 55, source: 'station' });
  });
});

describe('ranking', () => {
  const job = { kind: 'dc-charger', defectClass: 'critical', tier: 'emergency' } as const;

  it('puts the near, on-call crew with every skill first, and says why the others follow', () => {
    const ranked = rankCrews({
      roster,
      station,
      job,
      nowMs: NOW,
      arrivalDeadline: NOW + 60 * 60_000,
      loads: new Map(),
    });
    expect(ranked.map((c) => c.crewId)).toEqual(['north', 'far', 'south']);
    const [north, far, south] = ranked as [Candidate, Candidate, Candidate];
    expect(north).toMatchObject({ onCall: true, missingSkills: [], meetsDeadline: true, offered: true });
    // 'south' is 5.6 km away but holds no electrician's certificate: below every crew that does.
    expect(south.missingSkills).toEqual(['electrician-low']);
    // 'far' is 67 km out: about 140 minutes, past the 1 h arrival deadline.
    expect(far.meetsDeadline).toBe(false);
    expect(far.reasons).toContain('cannot make the arrival deadline');
    expect(north.eta).toBe(NOW + Math.round(north.travel.minutes * 60_000));
  });

  it('a crew on an emergency is listed but not offered; load pushes a crew down', () => {
    const loads = crewLoads([
      { crewId: 'north', tier: 'emergency', open: true },
      { crewId: 'far', tier: 'remote', open: true },
      { crewId: 'far', tier: 'on-site', open: false },
      { crewId: null, tier: 'emergency', open: true },
    ]);
    expect(loads.get('north')).toEqual({ open: 1, emergency: 1 });
    expect(loads.get('far')).toEqual({ open: 1, emergency: 0 });
    const ranked = rankCrews({ roster, station, job, nowMs: NOW, arrivalDeadline: null, loads });
    expect(ranked.at(-1)).toMatchObject({ crewId: 'north', offered: false });
    expect(ranked.at(-1)?.reasons).toContain('on an emergency');
    expect(ranked.find((c) => c.crewId === 'far')?.meetsDeadline).toBeNull();
  });

  it('is the same order for the same input (ties broken by crew id)', () => {
    const twins = Roster.parse({ crews: [crew('b', 30.1, 120.58, ['ac']), crew('a', 30.1, 120.58, ['ac'])] });
    const ranked = rankCrews({
      roster: twins,
      station,
      job: { kind: 'ac-charger', defectClass: 'general', tier: 'remote' },
      nowMs: NOW,
      arrivalDeadline: null,
      loads: new Map(),
    });
    expect(ranked.map((c) => c.crewId)).toEqual(['a', 'b']);
  });
});
