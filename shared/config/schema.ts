import { z } from 'zod';
import { Id, Station } from '../api/model';
import { Role } from '../auth/roles';

export const DeviceConfig = z
  .object({
    id: Id,
    stationId: Id,
    name: z.string().min(1),
    profile: Id,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(502),
    unitId: z.number().int().min(0).max(255).default(1),
  })
  .strict();
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export const AccessToken = z
  .object({
    name: z.string().min(1),
    role: Role,
    /** sha-256 of the token, hex; the token itself is never stored. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits (sha-256 of the token)'),
  })
  .strict();
export type AccessToken = z.infer<typeof AccessToken>;

export const Access = z
  .object({
    /** The role of whoever sits at this workstation (Electron window, or a browser on 127.0.0.1). */
    localRole: Role.default('monitor'),
    /** Tokens for browsers elsewhere: wallboards, offices. */
    tokens: z.array(AccessToken).default([]),
  })
  .strict();
export type Access = z.infer<typeof Access>;

export const DeskConfig = z
  .object({
    pollIntervalMs: z.number().int().min(100).max(3_600_000).default(1000),
    timeoutMs: z.number().int().min(50).max(60_000).default(1000),
    access: Access.default({ localRole: 'monitor', tokens: [] }),
    stations: z.array(Station.strict()).min(1),
    devices: z.array(DeviceConfig),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const stations = new Set<string>();
    cfg.stations.forEach((s, i) => {
      if (stations.has(s.id))
        ctx.addIssue({ code: 'custom', path: ['stations', i, 'id'], message: `duplicate id "${s.id}"` });
      stations.add(s.id);
    });
    const devices = new Set<string>();
    const units = new Set<string>();
    cfg.devices.forEach((d, i) => {
      if (devices.has(d.id))
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'id'], message: `duplicate id "${d.id}"` });
      devices.add(d.id);
      if (!stations.has(d.stationId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'stationId'],
          message: `no station "${d.stationId}"`,
        });
      }
      const unit = `${d.host}:${d.port}#${d.unitId}`;
      if (units.has(unit)) {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'unitId'],
          message: `${unit} is already used by another device`,
        });
      }
      units.add(unit);
    });
  });
export type DeskConfig = z.infer<typeof DeskConfig>;
export type DeskConfigInput = z.input<typeof DeskConfig>;

/** "devices[3].port" — how an operator finds the field in the file. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, part) =>
      typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part),
    '',
  );
}
