import { z } from 'zod';

/**
 * What a crew can be sent to (seed 000 设备清单; 001 作业人员应持证上岗).
 * The electrician certificates follow China's 电工证 (低压/高压): high-voltage
 * work, such as a box transformer's 10 kV side, needs a high-voltage holder.
 */
export const Skill = z.enum(['ac', 'dc', 'pv', 'box-transformer', 'electrician-low', 'electrician-high']);
export type Skill = z.infer<typeof Skill>;

const Mobile = z.string().regex(/^\+?[0-9][0-9 -]{5,19}$/, 'a phone number: digits, optional + and spaces');
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const Instant = z
  .string()
  .datetime({ offset: true, message: 'an ISO time with its offset, e.g. 2026-12-05T08:00+08:00' });

export const CrewMember = z
  .object({
    name: z.string().trim().min(1),
    mobile: Mobile,
    /** The member's user id in each messenger, for @-mentions. */
    wecom: z.string().min(1).optional(),
    dingtalk: z.string().min(1).optional(),
    feishu: z.string().min(1).optional(),
    email: z.string().email().optional(),
    /** The crew lead gets the on-call and escalation messages. */
    lead: z.boolean().default(false),
  })
  .strict();
export type CrewMember = z.infer<typeof CrewMember>;

export const CrewBase = z
  .object({
    name: z.string().min(1),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .strict();
export type CrewBase = z.infer<typeof CrewBase>;

export const Crew = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)'),
    name: z.string().min(1),
    members: z.array(CrewMember).min(2, 'a crew has at least 2 people (seed 001: 作业人员不少于2人)'),
    skills: z.array(Skill).min(1),
    base: CrewBase,
    /**
     * The notify channels (notify.channels ids) its messages go through,
     * e.g. the crew's WeCom group robot and the SMS gateway; each names the
     * members the way that channel can (mobile, user id, email).
     */
    channels: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .superRefine((crew, ctx) => {
    const names = new Set<string>();
    crew.members.forEach((m, i) => {
      const key = m.name.toLowerCase();
      if (names.has(key))
        ctx.addIssue({ code: 'custom', path: ['members', i, 'name'], message: `"${m.name}" twice` });
      names.add(key);
    });
  });
export type Crew = z.infer<typeof Crew>;

/**
 * Who is on call: the rotation hands the duty from one turn to the next every
 * `days` days from `anchor` (a local date in the roster's zone, at `changeAt`);
 * a holiday names its own crews for that day; a swap replaces one crew by
 * another for a stretch of time and carries its reason.
 */
export const OnCall = z
  .object({
    timeZone: z.string().min(1).default('Asia/Shanghai'),
    changeAt: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM')
      .default('08:00'),
    anchor: LocalDate,
    days: z.number().int().min(1).max(31).default(7),
    /** Each turn lists the crews on call together during it. */
    turns: z.array(z.array(z.string().min(1)).min(1)).min(1),
    holidays: z.array(z.object({ date: LocalDate, crews: z.array(z.string().min(1)) }).strict()).default([]),
    swaps: z
      .array(
        z
          .object({
            out: z.string().min(1),
            in: z.string().min(1),
            from: Instant,
            to: Instant,
            reason: z.string().trim().min(1, 'a swap needs a reason'),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type OnCall = z.infer<typeof OnCall>;

/**
 * Travel time is the straight line times a road factor at an average speed,
 * unless a station names its own minutes from a crew's base (a river, a
 * ring road); those win.
 */
export const Travel = z
  .object({
    roadFactor: z.number().min(1).max(5).default(1.4),
    speedKmh: z.number().min(5).max(150).default(40),
    /** stationId → crewId → minutes from that crew's base. */
    stationMinutes: z
      .record(
        z.string(),
        z.record(
          z.string(),
          z
            .number()
            .min(0)
            .max(24 * 60),
        ),
      )
      .default({}),
  })
  .strict();
export type Travel = z.infer<typeof Travel>;

export const Roster = z
  .object({
    crews: z.array(Crew).default([]),
    onCall: OnCall.optional(),
    travel: Travel.default({ roadFactor: 1.4, speedKmh: 40, stationMinutes: {} }),
  })
  .strict()
  .superRefine((roster, ctx) => {
    const ids = new Set<string>();
    roster.crews.forEach((c, i) => {
      if (ids.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['crews', i, 'id'], message: `crew id "${c.id}" twice` });
      ids.add(c.id);
    });
    const known = (id: string, path: (string | number)[]) => {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path, message: `no crew "${id}" in the roster` });
    };
    roster.onCall?.turns.forEach((turn, i) => {
      for (const [j, id] of turn.entries()) known(id, ['onCall', 'turns', i, j]);
    });
    roster.onCall?.holidays.forEach((h, i) => {
      for (const [j, id] of h.crews.entries()) known(id, ['onCall', 'holidays', i, 'crews', j]);
    });
    roster.onCall?.swaps.forEach((s, i) => {
      known(s.out, ['onCall', 'swaps', i, 'out']);
      known(s.in, ['onCall', 'swaps', i, 'in']);
      if (Date.parse(s.to) <= Date.parse(s.from))
        ctx.addIssue({
          code: 'custom',
          path: ['onCall', 'swaps', i, 'to'],
          message: 'a swap ends after it starts',
        });
    });
  });
export type Roster = z.infer<typeof Roster>;
export type RosterInput = z.input<typeof Roster>;
