import { z } from 'zod';
import { Id, Station } from '../api/model';
import { Role } from '../auth/roles';
import { ShiftSchedule } from '../handover/schedule';
import { NotifyConfig } from '../notify/config';
import { MqttConfig, SparkplugAddress } from '../profile/binding';
import { JsonFeed } from '../profile/json-binding';
import { SyncConfig } from '../sync/config';
import { TrainingConfig } from '../training/certification';
import { SlaChoice } from '../triage/sla';
import { AlarmRules, checkAlarmRules } from './alarm-rules';
import { CrewsConfig } from './crews';
import { EscalationConfig } from './escalation';
import { REDACTED } from './redact';

export const DeviceConfig = z
  .object({
    id: Id,
    stationId: Id,
    name: z.string().min(1),
    profile: Id,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(502),
    unitId: z.number().int().min(0).max(255).default(1),
    /** "rtu-over-tcp" for a transparent serial server forwarding RTU frames; Modbus TCP when absent. */
    framing: z.enum(['tcp', 'rtu-over-tcp']).optional(),
    /** Fed by Sparkplug B over MQTT instead of polled: host and port are then the broker's. */
    sparkplug: SparkplugAddress.optional(),
    /** Fed by a gateway publishing plain JSON over MQTT: host and port are then the broker's. */
    json: JsonFeed.optional(),
  })
  .strict();
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export const AccessToken = z
  .object({
    name: z.string().min(1),
    role: Role,
    /**
     * sha-256 of the token, hex; the token itself is never stored. REDACTED
     * in what a reader is shown (and, sent back, "keep it"): electron/config refuses it in a file.
     */
    sha256: z
      .string()
      .refine(
        (s) => /^[0-9a-f]{64}$/.test(s) || s === REDACTED,
        '64 lowercase hex digits (sha-256 of the token)',
      ),
  })
  .strict();
export type AccessToken = z.infer<typeof AccessToken>;

export const Access = z
  .object({
    /** The role of whoever sits at this workstation (Electron window, or a browser on 127.0.0.1). */
    localRole: Role.default('monitor'),
    /** Tokens for browsers elsewhere: wallboards, offices. */
    tokens: z.array(AccessToken).default([]),
    /** The desk locks itself after this long without input (default 10); the live view stays visible. */
    lockAfterMinutes: z.number().int().min(1).max(720).optional(),
    /** PEM certificate and key for the bridge in LAN mode (flags --tls-cert/--tls-key override). */
    tls: z
      .object({ cert: z.string().min(1), key: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();
export type Access = z.infer<typeof Access>;

const FIVE_YEARS_DAYS = 1827;
/** Days of a record the seeds keep at least five years (001, 003); five years unless set longer. */
const FiveYearsOrMore = z
  .number()
  .int()
  .min(FIVE_YEARS_DAYS, `at least ${FIVE_YEARS_DAYS} days: records are kept five years`)
  .max(36_500)
  .default(FIVE_YEARS_DAYS);

/**
 * How long telemetry history is kept at each resolution. Raw samples and
 * 1-minute rollups may go earlier because the 15-minute rollups keep the
 * trend; those are kept at least five years (seeds 001, 003).
 */
export const HistoryRetention = z
  .object({
    rawDays: z.number().int().min(1).max(3650).default(14),
    minuteDays: z.number().int().min(1).max(3650).default(397),
    quarterHourDays: FiveYearsOrMore,
  })
  .strict();
export type HistoryRetention = z.infer<typeof HistoryRetention>;

/** Backups of the journal and history (seed 000): a full copy on a schedule, journal increments between. */
export const BackupConfig = z
  .object({
    enabled: z.boolean().default(true),
    /** Where backups go; relative to the data folder unless absolute. Best on another disk. */
    dir: z.string().min(1).default('backups'),
    fullEveryHours: z
      .number()
      .min(1)
      .max(24 * 31)
      .default(24),
    incrementalEveryMinutes: z
      .number()
      .min(1)
      .max(24 * 60)
      .default(60),
    /**
     * Backups younger than this are never removed; older ones go after a new
     * full backup, except the newest full backup and the increments after it.
     */
    keepDays: FiveYearsOrMore,
  })
  .strict();
export type BackupConfig = z.infer<typeof BackupConfig>;

/**
 * What the station map draws under the stations. Without `tiles` or `file`
 * it draws the offline basemap shipped with the desk; with `tiles`, raster
 * tiles from an online XYZ template; with `file`, the tiles of an MBTiles or
 * PMTiles file the operator provides (raster, or vector with a grey style of
 * its own). Either falls back to the offline basemap when it fails. The
 * engine serves the tiles (the bridge for browsers, a custom protocol for the
 * Electron window), so the page's Content-Security-Policy names no tile host.
 */
export const MapConfig = z
  .object({
    tiles: z
      .string()
      .regex(/^https?:\/\/[^\s]*\{z\}[^\s]*\{x\}[^\s]*\{y\}/, 'an http(s) URL template with {z}, {x} and {y}')
      .optional(),
    /** An .mbtiles or .pmtiles file; absolute, or relative to the folder of the config file. */
    file: z.string().trim().min(1).max(1000).optional(),
    tileSize: z.union([z.literal(256), z.literal(512)]).default(256),
    /** For `tiles`; a file's own zoom range comes from its metadata, this only where it has none. */
    maxZoom: z.number().int().min(0).max(22).default(18),
    /** Shown on the map; most tile services require it. A file's own attribution is used when this is empty. */
    attribution: z.string().max(300).default(''),
  })
  .strict()
  .refine((map) => !(map.tiles && map.file), {
    message: 'either an online template (tiles) or a local file (file), not both',
    path: ['file'],
  });
export type MapConfig = z.infer<typeof MapConfig>;

/** How often the desk polls a device by default, and the fastest it may be set to. */
export const POLL_INTERVAL_DEFAULT_MS = 1000;
export const POLL_INTERVAL_MIN_MS = 100;

export const DeskConfig = z
  .object({
    pollIntervalMs: z
      .number()
      .int()
      .min(POLL_INTERVAL_MIN_MS)
      .max(3_600_000)
      .default(POLL_INTERVAL_DEFAULT_MS),
    timeoutMs: z.number().int().min(50).max(60_000).default(1000),
    access: Access.default({ localRole: 'monitor', tokens: [] }),
    /** Sync with the organisation's server; off when absent. */
    sync: SyncConfig.optional(),
    history: HistoryRetention.default({ rawDays: 14, minuteDays: 397, quarterHourDays: FIVE_YEARS_DAYS }),
    backup: BackupConfig.default({
      enabled: true,
      dir: 'backups',
      fullEveryHours: 24,
      incrementalEveryMinutes: 60,
      keepDays: FIVE_YEARS_DAYS,
    }),
    map: MapConfig.optional(),
    /** When shifts change hands (default 08:00 and 20:00, Asia/Shanghai). */
    shifts: ShiftSchedule.default({ timeZone: 'Asia/Shanghai', starts: ['08:00', '20:00'] }),
    /** SLA preset per station group (service commitment 000 or Shaoxing 001); service commitment when absent. */
    sla: SlaChoice.optional(),
    /** Notification channels (WeCom, DingTalk, Feishu, email, SMS); nothing is sent when absent. */
    notify: NotifyConfig.optional(),
    /** The desk's MQTT client, for devices fed by Sparkplug B; required when any device has `sparkplug`. */
    mqtt: MqttConfig.optional(),
    /** The site's triage rows per station or group and the longest shelf per priority; shipped rules when absent. */
    alarmRules: AlarmRules.optional(),
    /** The crews the desk dispatches to (roster, on call, travel); dispatch is by typed names when absent. */
    crews: CrewsConfig.optional(),
    /** Who is told when nobody acknowledges an alarm, per tier; issue 15's defaults when absent. */
    escalation: EscalationConfig.optional(),
    /** Drill pass mark and the retraining interval (issue 18); 80 and 365 days when absent. */
    training: TrainingConfig.optional(),
    stations: z.array(Station.strict()).min(1),
    devices: z.array(DeviceConfig),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    checkAlarmRules(cfg.alarmRules, cfg.stations, ctx);
    const stations = new Set<string>();
    cfg.stations.forEach((s, i) => {
      if (stations.has(s.id))
        ctx.addIssue({ code: 'custom', path: ['stations', i, 'id'], message: `duplicate id "${s.id}"` });
      stations.add(s.id);
    });
    const devices = new Set<string>();
    const units = new Set<string>();
    const framings = new Map<string, string>();
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
      if (d.sparkplug || d.json) {
        const link = d.sparkplug ? 'Sparkplug' : 'JSON over MQTT';
        if (!cfg.mqtt)
          ctx.addIssue({
            code: 'custom',
            path: ['mqtt'],
            message: `device ${d.id} is fed by ${link}: mqtt is required`,
          });
        if (d.sparkplug && d.json) {
          const message = 'a device is fed by Sparkplug or by JSON, not both';
          ctx.addIssue({ code: 'custom', path: ['devices', i, 'json'], message });
        }
        return;
      }
      const unit = `${d.host}:${d.port}#${d.unitId}`;
      // A view with the endpoints withheld (redact.ts) has every device at the same placeholder.
      if (d.host !== REDACTED && units.has(unit)) {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'unitId'],
          message: `${unit} is already used by another device`,
        });
      }
      units.add(unit);
      const endpoint = `${d.host}:${d.port}`;
      const framing = framings.get(endpoint);
      if (d.host !== REDACTED && framing !== undefined && framing !== (d.framing ?? 'tcp')) {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'framing'],
          message: `${endpoint} is one connection: its devices must share one framing (${framing})`,
        });
      }
      framings.set(endpoint, d.framing ?? 'tcp');
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
