/**
 * The columns of an asset ledger (台账): one per field of the config's
 * station and device, under its config key (the canonical header, which an
 * export writes) or a Chinese header a ledger kept by hand tends to have.
 */

/** What a spreadsheet cell holds once read: formulas by their result, dates are not a ledger's. */
export type Cell = string | number | boolean | null;

/** A config value as a cell: objects (a Sparkplug address) as JSON text. */
export function cellOfValue(value: unknown): Cell {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** `json`: a field that is an object in the config, written in its cell as JSON text. */
export type ColumnKind = 'text' | 'number' | 'boolean' | 'json';
export type Column = { key: string; kind: ColumnKind; aliases: readonly string[] };
export type SheetKind = 'stations' | 'devices';

export const STATION_COLUMNS: readonly Column[] = [
  { key: 'id', kind: 'text', aliases: ['站点编号', '站点id', '站点代码', '编号'] },
  { key: 'name', kind: 'text', aliases: ['站点名称', '名称'] },
  { key: 'nameEn', kind: 'text', aliases: ['英文名称', '站点英文名称'] },
  { key: 'address', kind: 'text', aliases: ['地址', '站点地址'] },
  { key: 'lat', kind: 'number', aliases: ['纬度', 'latitude'] },
  { key: 'lng', kind: 'number', aliases: ['经度', 'longitude', 'lon'] },
  { key: 'group', kind: 'text', aliases: ['分组', '站点分组', '片区', '区域'] },
  { key: 'urban', kind: 'boolean', aliases: ['城区', '是否城区'] },
  { key: 'pvDerating', kind: 'number', aliases: ['光伏折减系数', '折减系数'] },
];

export const DEVICE_COLUMNS: readonly Column[] = [
  { key: 'id', kind: 'text', aliases: ['设备编号', '设备id', '设备代码', '编号'] },
  { key: 'stationId', kind: 'text', aliases: ['站点编号', '所属站点', '所属站点编号'] },
  { key: 'name', kind: 'text', aliases: ['设备名称', '名称'] },
  { key: 'profile', kind: 'text', aliases: ['设备模板', '协议模板', '型号模板'] },
  { key: 'host', kind: 'text', aliases: ['ip', 'ip地址', '主机', '网关地址', '通信地址'] },
  { key: 'port', kind: 'number', aliases: ['端口', '端口号'] },
  { key: 'unitId', kind: 'number', aliases: ['单元号', '从站地址', '站号', 'modbus地址'] },
  { key: 'framing', kind: 'text', aliases: ['帧格式', '通信方式', '传输方式'] },
  { key: 'sparkplug', kind: 'json', aliases: ['sparkplug地址'] },
  { key: 'json', kind: 'json', aliases: ['json订阅', 'mqtt json'] },
];

export const COLUMNS: Readonly<Record<SheetKind, readonly Column[]>> = {
  stations: STATION_COLUMNS,
  devices: DEVICE_COLUMNS,
};

/** The sheet names an export writes and the ones an import knows, after `normalHeader`. */
export const SHEET_NAMES: Readonly<Record<SheetKind, readonly string[]>> = {
  stations: ['stations', 'station', '站点', '站点台账', '站点表', '场站', '场站台账'],
  devices: ['devices', 'device', '设备', '设备台账', '设备表', '充电桩台账'],
};

/**
 * A header as compared: case, spaces and a trailing unit in brackets do not
 * count, so "Unit ID", "unitid" and "经度（°）" match their column.
 */
export function normalHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\([^)]*\)$/, '')
    .toLowerCase();
}

export function columnOf(kind: SheetKind, header: string): Column | null {
  const wanted = normalHeader(header);
  if (!wanted) return null;
  return (
    COLUMNS[kind].find(
      (c) => normalHeader(c.key) === wanted || c.aliases.some((a) => normalHeader(a) === wanted),
    ) ?? null
  );
}

/**
 * Which part of the fleet a sheet (or CSV file) holds: by its name, or else
 * by its headers (a device has a station; a station has coordinates).
 */
export function sheetKindOf(name: string, headers: readonly string[]): SheetKind | null {
  const named = normalHeader(name.replace(/\.[A-Za-z]+$/, ''));
  for (const kind of ['stations', 'devices'] as const) {
    if (SHEET_NAMES[kind].some((n) => named === n || named.endsWith(`-${n}`) || named.endsWith(`_${n}`))) {
      return kind;
    }
  }
  const keys = (kind: SheetKind) => new Set(headers.map((h) => columnOf(kind, h)?.key));
  if (keys('devices').has('stationId') && keys('devices').has('host')) return 'devices';
  const station = keys('stations');
  if (station.has('lat') && station.has('lng')) return 'stations';
  return null;
}
