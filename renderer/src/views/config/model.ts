import type { Access, DeskConfig, DeskConfigInput } from '../../../../shared/config/schema';
import { DeskConfig as DeskConfigSchema, fieldPath } from '../../../../shared/config/schema';
import { type AlarmRulesDraft, alarmRulesDraftOf, alarmRulesInputOf } from './alarmRulesDraft';
import { numberOf, rowKey } from './text';

/**
 * The editor works on text, as typed: a half-typed "12." or an empty port
 * must stay on screen until the operator fixes it, which a number cannot hold.
 */
export type StationRow = {
  row: number;
  id: string;
  name: string;
  nameEn: string;
  address: string;
  lat: string;
  lng: string;
  group: string;
  urban: boolean;
  /** Not a column of the grid: kept as loaded, so saving the stations does not lose it. */
  pvDerating?: number;
};

export type DeviceRow = {
  row: number;
  id: string;
  stationId: string;
  name: string;
  profile: string;
  host: string;
  port: string;
  unitId: string;
};

/** The sections this editor does not show; saved back exactly as loaded (secrets as their redacted placeholder). */
type Untouched = Omit<
  DeskConfig,
  'pollIntervalMs' | 'timeoutMs' | 'access' | 'stations' | 'devices' | 'alarmRules'
>;

export type ConfigDraft = {
  pollIntervalMs: string;
  timeoutMs: string;
  /** Not edited here: who may do what is kept exactly as loaded. */
  access: Access;
  untouched: Untouched;
  stations: StationRow[];
  devices: DeviceRow[];
  alarmRules: AlarmRulesDraft;
};

export const STATION_FIELDS = ['id', 'name', 'nameEn', 'address', 'lat', 'lng', 'group', 'urban'] as const;
export const DEVICE_FIELDS = ['id', 'stationId', 'name', 'profile', 'host', 'port', 'unitId'] as const;

export function draftOf(config: DeskConfig): ConfigDraft {
  const { pollIntervalMs, timeoutMs, access, stations, devices, alarmRules, ...untouched } = config;
  return {
    pollIntervalMs: String(pollIntervalMs),
    timeoutMs: String(timeoutMs),
    access,
    untouched,
    stations: stations.map((s) => ({
      row: rowKey(),
      id: s.id,
      name: s.name,
      nameEn: s.nameEn ?? '',
      address: s.address,
      lat: String(s.lat),
      lng: String(s.lng),
      group: s.group,
      urban: s.urban,
      ...(s.pvDerating !== undefined ? { pvDerating: s.pvDerating } : {}),
    })),
    devices: devices.map((d) => ({
      row: rowKey(),
      id: d.id,
      stationId: d.stationId,
      name: d.name,
      profile: d.profile,
      host: d.host,
      port: String(d.port),
      unitId: String(d.unitId),
    })),
    alarmRules: alarmRulesDraftOf(alarmRules),
  };
}

export function inputOf(draft: ConfigDraft): DeskConfigInput {
  return {
    ...draft.untouched,
    pollIntervalMs: numberOf(draft.pollIntervalMs),
    timeoutMs: numberOf(draft.timeoutMs),
    access: draft.access,
    stations: draft.stations.map((s) => ({
      id: s.id.trim(),
      name: s.name.trim(),
      ...(s.nameEn.trim() ? { nameEn: s.nameEn.trim() } : {}),
      address: s.address.trim(),
      lat: numberOf(s.lat),
      lng: numberOf(s.lng),
      group: s.group.trim(),
      urban: s.urban,
      ...(s.pvDerating !== undefined ? { pvDerating: s.pvDerating } : {}),
    })),
    devices: draft.devices.map((d) => ({
      id: d.id.trim(),
      stationId: d.stationId,
      name: d.name.trim(),
      profile: d.profile,
      host: d.host.trim(),
      port: numberOf(d.port),
      unitId: numberOf(d.unitId),
    })),
    ...alarmRulesInputOf(draft.alarmRules),
  };
}

/**
 * A problem with one field. `field` is the key the form marks its inputs
 * with ("devices.3.port"); `path` is how the config file spells it
 * ("devices[3].port"), which is what the operator reads.
 */
export type FieldError = {
  field: string;
  path: string;
  message: string;
  /** The text is no number at all; the form says so in the operator's language, not zod's. */
  notANumber?: true;
};

export type Validation = { ok: true; config: DeskConfig } | { ok: false; errors: FieldError[] };

/** The same schema the engine applies; the engine still has the last word. */
export function validateDraft(draft: ConfigDraft): Validation {
  const input = inputOf(draft);
  const result = DeskConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.'),
      path: issue.path.length ? fieldPath(issue.path) : '(config)',
      message: issue.message,
      ...(Number.isNaN(valueAt(input, issue.path)) ? { notANumber: true as const } : {}),
    })),
  };
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at = root;
  for (const part of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[part];
  }
  return at;
}

const TOP_LEVEL = ['stations', 'devices', 'pollIntervalMs', 'timeoutMs', 'access', 'alarmRules'];

/**
 * A field path as the engine writes one: "devices[3].port" (config file
 * errors) or "config.devices.3.port" (bad params), each followed by ": ".
 */
const PATH_IN_MESSAGE = /(?<=^|[\s:;(])(?:config\.)?([A-Za-z]+(?:\[\d+\]|\.\d+|\.[A-Za-z]\w*)*): /g;

/**
 * The field problems named in an engine error reply, so the form can point
 * at the inputs. A message naming no field gives an empty list.
 */
export function errorsFromMessage(message: string): FieldError[] {
  const found: Array<{ field: string; start: number; end: number }> = [];
  for (const match of message.matchAll(PATH_IN_MESSAGE)) {
    const raw = match[1] ?? '';
    const field = raw.replace(/\[(\d+)\]/g, '.$1');
    if (!TOP_LEVEL.includes(field.split('.')[0] ?? '')) continue;
    found.push({ field, start: match.index, end: match.index + match[0].length });
  }
  return found.map(({ field, end }, i) => {
    const next = found[i + 1]?.start ?? message.length;
    return {
      field,
      path: fieldPath(field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part))),
      message: message.slice(end, next).replace(/[\s;]+$/, ''),
    };
  });
}

/** The first problem with exactly this field, for its input. */
export function errorAt(errors: readonly FieldError[], field: string): FieldError | undefined {
  return errors.find((e) => e.field === field);
}

/** Whether anything in this row (or the row as a whole, e.g. a duplicate) has a problem. */
export function rowHasError(errors: readonly FieldError[], row: string): boolean {
  return errors.some((e) => e.field === row || e.field.startsWith(`${row}.`));
}

export function newStation(draft: ConfigDraft): StationRow {
  const last = draft.stations.at(-1);
  return {
    row: rowKey(),
    id: '',
    name: '',
    nameEn: '',
    address: '',
    lat: last?.lat ?? '',
    lng: last?.lng ?? '',
    group: last?.group ?? '',
    urban: last?.urban ?? true,
  };
}

/** A new device on the last device's gateway and the next free unit, the usual way to add one more charger. */
export function newDevice(draft: ConfigDraft, profile: string): DeviceRow {
  const last = draft.devices.at(-1);
  const host = last?.host ?? '127.0.0.1';
  const port = last?.port ?? '502';
  const used = draft.devices.filter((d) => d.host === host && d.port === port).map((d) => Number(d.unitId));
  return {
    row: rowKey(),
    id: '',
    stationId: last?.stationId ?? draft.stations[0]?.id ?? '',
    name: '',
    profile: last?.profile ?? profile,
    host,
    port,
    unitId: String(Math.max(0, ...used.filter(Number.isFinite)) + 1),
  };
}
