import { z } from 'zod';
import { LimitDef } from '../alarm/limits';
import { DeviceKind, Id } from '../api/model';
import { ThresholdOverrides, thresholdsFor } from '../warning/thresholds';
import { SparkplugBinding } from './binding';
import { JsonBinding } from './json-binding';

export const PointType = z.enum(['u16', 'i16', 'u32', 'i32', 'f32', 'u64', 'string', 'sunssf']);
export type PointType = z.infer<typeof PointType>;

export const ProfilePoint = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'letters, digits, "_" or "." starting with a letter'),
    label: z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }),
    /** Coils and discrete inputs hold one bit per address, read as 0/1 (type u16). */
    table: z.enum(['holding', 'input', 'coil', 'discrete']).default('holding'),
    address: z.number().int().min(0).max(65535),
    type: PointType,
    /** Register count, only for strings. */
    words: z.number().int().min(1).max(64).optional(),
    /** "big": the high word comes first (Modbus convention); many meters use "little". */
    wordOrder: z.enum(['big', 'little']).default('big'),
    scale: z.number().default(1),
    /** SunSpec: the key of a sunssf point whose value is the power-of-ten exponent. */
    scaleRef: z.string().optional(),
    unit: z.string().optional(),
    /** Raw value → state name. */
    enum: z.record(z.string().regex(/^\d+$/), z.string()).optional(),
    /** Bit index → fault name, for fault words. */
    bits: z.record(z.string().regex(/^\d+$/), z.string()).optional(),
    /** Raw value the device sends for "not implemented" (SunSpec 0xFFFF / 0x8000). */
    notImplemented: z.number().int().optional(),
    writable: z.boolean().default(false),
    /** A command register the device resets itself after acting, so a read-back shows "none", not the command. */
    command: z.boolean().default(false),
    /**
     * Read every N poll cycles: nameplates and scale factors rarely change,
     * live values every cycle. Points of different N never share a read.
     */
    every: z.number().int().min(1).max(86_400).default(1),
    /** Analog limit alarms on this point's value (shared/alarm/limits.ts). */
    alarms: z.array(LimitDef).max(8).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.type === 'string' && !p.words)
      ctx.addIssue({ code: 'custom', path: ['words'], message: 'required for strings' });
    if (p.type !== 'string' && p.words)
      ctx.addIssue({ code: 'custom', path: ['words'], message: 'only for strings' });
    if (p.enum && p.bits)
      ctx.addIssue({ code: 'custom', path: ['bits'], message: 'a point is an enum or a bit field' });
    if (p.command && !p.writable)
      ctx.addIssue({ code: 'custom', path: ['command'], message: 'a command point must be writable' });
    if ((p.table === 'coil' || p.table === 'discrete') && p.type !== 'u16')
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: 'a coil or discrete input is one bit: u16 (0/1)',
      });
    if (p.writable && (p.table === 'input' || p.table === 'discrete'))
      ctx.addIssue({ code: 'custom', path: ['writable'], message: `the ${p.table} table is read-only` });
    if (p.alarms && (p.enum || p.bits || p.type === 'string'))
      ctx.addIssue({ code: 'custom', path: ['alarms'], message: 'limits are for numeric measurements only' });
  });
export type ProfilePoint = z.infer<typeof ProfilePoint>;

/**
 * Where a SunSpec device's models sit in this profile's register map. Real
 * devices place models at their own addresses (and base 0, 40000 or 50000),
 * so the poller discovers the chain and moves each slot's points to where
 * the device actually has a model of one of `ids`.
 */
export const SunSpecLayout = z
  .object({
    base: z.number().int().min(0).max(65534).default(40000),
    models: z
      .array(
        z
          .object({
            /** Interchangeable model ids for this slot, e.g. inverter 101/102/103 share a layout. */
            ids: z.array(z.number().int().min(1).max(65534)).min(1),
            /** Address of the model's header (ID, L) in this profile. */
            address: z.number().int().min(0).max(65535),
            /** Registers after the header. */
            length: z.number().int().min(0).max(65535),
            /** An optional model may be missing: its points are then not read and not writable. */
            optional: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type SunSpecLayout = z.infer<typeof SunSpecLayout>;

export const Profile = z
  .object({
    id: Id,
    kind: DeviceKind,
    vendor: z.string(),
    model: z.string(),
    description: z.string(),
    guns: z.number().int().min(0).max(8),
    ratedKw: z.number().positive(),
    points: z.array(ProfilePoint).min(1),
    /**
     * Unused registers one read may span to join neighbouring points. Wider
     * means fewer round trips, but only for devices that answer reads over
     * their unmapped registers instead of refusing the whole request.
     */
    maxGap: z.number().int().min(0).max(124).default(8),
    sunspec: SunSpecLayout.optional(),
    /** Sparkplug metric names of this profile's points, where they differ from the keys (binding.ts). */
    sparkplug: SparkplugBinding.optional(),
    /** Where a JSON gateway puts this profile's points in its payload (json-binding.ts). */
    json: JsonBinding.optional(),
    /** Early-warning thresholds of devices of this profile, where they differ from the defaults (shared/warning/thresholds.ts). */
    warnings: ThresholdOverrides.optional(),
  })
  .strict()
  .superRefine((profile, ctx) => {
    if (profile.warnings) {
      // Each field is checked on its own above; this catches what only the merged whole can say.
      const merged = thresholdsProblem(profile.warnings);
      if (merged)
        ctx.addIssue({ code: 'custom', path: ['warnings', ...merged.path], message: merged.message });
    }
    const keys = new Set<string>();
    profile.points.forEach((p, i) => {
      if (keys.has(p.key))
        ctx.addIssue({ code: 'custom', path: ['points', i, 'key'], message: `duplicate key ${p.key}` });
      keys.add(p.key);
    });
    const causes = new Set<string>();
    profile.points.forEach((p, i) => {
      p.alarms?.forEach((limit, j) => {
        if (causes.has(limit.cause)) {
          const message = `duplicate alarm cause ${limit.cause}`;
          ctx.addIssue({ code: 'custom', path: ['points', i, 'alarms', j, 'cause'], message });
        }
        causes.add(limit.cause);
      });
    });
    profile.points.forEach((p, i) => {
      const ref = p.scaleRef === undefined ? undefined : profile.points.find((q) => q.key === p.scaleRef);
      if (p.scaleRef !== undefined && ref?.type !== 'sunssf') {
        ctx.addIssue({
          code: 'custom',
          path: ['points', i, 'scaleRef'],
          message: `${p.scaleRef} is not a sunssf point`,
        });
      }
      if (p.address + wordCount(p) > 65536) {
        ctx.addIssue({ code: 'custom', path: ['points', i, 'address'], message: 'runs past register 65535' });
      }
    });
  });
export type Profile = z.infer<typeof Profile>;

function thresholdsProblem(overrides: ThresholdOverrides): { path: PropertyKey[]; message: string } | null {
  try {
    thresholdsFor(overrides);
    return null;
  } catch (error) {
    const issue = error instanceof z.ZodError ? error.issues[0] : undefined;
    return { path: issue?.path ?? [], message: issue?.message ?? (error as Error).message };
  }
}

export function wordCount(point: Pick<ProfilePoint, 'type' | 'words'>): number {
  switch (point.type) {
    case 'u16':
    case 'i16':
    case 'sunssf':
      return 1;
    case 'u32':
    case 'i32':
    case 'f32':
      return 2;
    case 'u64':
      return 4;
    case 'string':
      return point.words ?? 1;
  }
}
