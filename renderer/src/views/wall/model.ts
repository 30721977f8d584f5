import type { Device, DeviceState, PointSample, ProfileInfo, Station } from '../../../../shared/api';
import { faultWords } from '../../../../shared/i18n/words';
import { formatQuantity } from '../../i18n/format';
import type { Translate } from '../../i18n/lang';
import type { MessageKey } from '../../i18n/messages';
import type { DeviceLive } from '../../state/fleet';
import type { CellQuality, QualityMark } from '../../ui/tile/Value';

export type Cell = {
  key: string;
  label: MessageKey;
  text: string;
  unit: string;
  quality: CellQuality;
  mark: QualityMark;
};

export type GunView = {
  n: number;
  stateKey: string;
  state: string | null;
  quality: CellQuality;
  mark: QualityMark;
  cells: Cell[];
};

export type TileView = {
  state: DeviceState;
  guns: GunView[];
  /** Device-level values: for an inverter, its power and energy. */
  cells: Cell[];
  /** The inverter's own operating state (mppt, throttled…), when it has one. */
  inverterState: { value: string | null; quality: CellQuality; mark: QualityMark } | null;
  /** Switch positions (breaker, door) in words, when the device has them. */
  switches: SwitchView[];
  /** The worst quality among the shown values, for the comms line. */
  worst: CellQuality;
};

export type SwitchView = {
  key: string;
  label: MessageKey;
  value: string | null;
  quality: CellQuality;
  mark: QualityMark;
};

export const DASH = '—';

function unitOf(profile: ProfileInfo | undefined, key: string): string | null {
  return profile?.points.find((p) => p.key === key)?.unit ?? null;
}

function hasPoint(profile: ProfileInfo | undefined, key: string): boolean {
  return profile?.points.some((p) => p.key === key) ?? false;
}

function qualityOf(sample: PointSample | undefined, commLost: boolean): CellQuality {
  if (!sample) return 'missing';
  if (sample.quality === 'bad') return 'bad';
  if (sample.value === null) return 'missing';
  return commLost || sample.quality !== 'good' ? 'stale' : 'good';
}

function markOf(sample: PointSample | undefined, commLost: boolean): QualityMark {
  if (sample?.quality === 'bad') return 'bad';
  return sample?.quality === 'stale' && !commLost ? 'stale' : null;
}

/** An enum reading the device marks invalid says nothing about the state: shown as unknown. */
function stateName(sample: PointSample | undefined): string | null {
  if (!sample || sample.value === null || sample.quality === 'bad') return null;
  return String(sample.value);
}

function cell(
  key: string,
  label: MessageKey,
  profile: ProfileInfo | undefined,
  live: DeviceLive,
  commLost: boolean,
): Cell {
  const sample = live.points[key];
  const quality = qualityOf(sample, commLost);
  const mark = markOf(sample, commLost);
  const unit = unitOf(profile, key);
  if (quality === 'bad' || quality === 'missing' || typeof sample?.value !== 'number') {
    const blank = quality === 'bad' ? 'bad' : 'missing';
    return { key, label, text: DASH, unit: formatQuantity(0, unit).unit, quality: blank, mark };
  }
  return { key, label, ...formatQuantity(sample.value, unit), quality, mark };
}

const GUN_POINTS: ReadonlyArray<readonly [suffix: string, label: MessageKey]> = [
  ['power', 'value.power'],
  ['energy', 'value.energy'],
  ['soc', 'value.soc'],
  ['duration', 'value.duration'],
];

/** What a transformer or meter tile shows, in this order, when its profile has the point. */
const KIND_POINTS: Partial<Record<Device['kind'], ReadonlyArray<readonly [key: string, label: MessageKey]>>> =
  {
    'box-transformer': [
      ['lv.power', 'value.load'],
      ['oilTemp', 'value.oilTemp'],
      ['windingTemp', 'value.windingTemp'],
      ['lv.voltageA', 'grid.ua'],
      ['lv.voltageB', 'grid.ub'],
      ['lv.voltageC', 'grid.uc'],
      ['hv.voltageAB', 'grid.uab'],
    ],
    meter: [
      ['power', 'value.power'],
      ['voltageA', 'grid.ua'],
      ['voltageB', 'grid.ub'],
      ['voltageC', 'grid.uc'],
      ['frequency', 'grid.frequency'],
      ['importEnergy', 'value.imported'],
    ],
  };

/** Switch positions a transformer tile states in words: the breaker first, then the cabinet door. */
const KIND_SWITCHES: Partial<
  Record<Device['kind'], ReadonlyArray<readonly [key: string, label: MessageKey]>>
> = {
  'box-transformer': [
    ['breaker', 'grid.breaker'],
    ['door', 'grid.door'],
  ],
};

/** Loading in % of the rating, from the LV active power (a 630 kVA unit near unity power factor). */
function loadCell(device: Device, live: DeviceLive, commLost: boolean): Cell {
  const sample = live.points['lv.power'];
  const quality = qualityOf(sample, commLost);
  const mark = markOf(sample, commLost);
  if (typeof sample?.value !== 'number' || quality === 'bad' || quality === 'missing')
    return {
      key: 'load',
      label: 'grid.load',
      text: DASH,
      unit: '%',
      quality: quality === 'bad' ? 'bad' : 'missing',
      mark,
    };
  return {
    key: 'load',
    label: 'grid.load',
    ...formatQuantity((Math.abs(sample.value) / device.ratedKw) * 100, '%'),
    quality,
    mark,
  };
}

const VEHICLE_CONNECTED: ReadonlySet<string> = new Set(['preparing', 'charging', 'finishing']);

const RANK: Record<CellQuality, number> = { good: 0, stale: 1, bad: 2, missing: 2 };

/** One gun of a charger: its state and values, and the worst quality among them. */
export function gunView(
  profile: ProfileInfo | undefined,
  live: DeviceLive,
  n: number,
): GunView & { worst: CellQuality } {
  const commLost = live.status?.state === 'comm-lost';
  const stateKey = `gun${n}.state`;
  const sample = live.points[stateKey];
  const connected = typeof sample?.value === 'string' && VEHICLE_CONNECTED.has(sample.value);
  const cells = GUN_POINTS.filter(([suffix]) => hasPoint(profile, `gun${n}.${suffix}`)).map(
    ([suffix, label]) =>
      // A charger reports SoC 0 with no car plugged in; a dash says "no vehicle" where 0 % would alarm.
      suffix === 'soc' && !connected
        ? { ...cell(`gun${n}.${suffix}`, label, profile, live, commLost), text: DASH }
        : cell(`gun${n}.${suffix}`, label, profile, live, commLost),
  );
  return {
    n,
    stateKey,
    state: stateName(sample),
    quality: qualityOf(sample, commLost),
    mark: markOf(sample, commLost),
    cells,
    worst: worstOf(cells),
  };
}

function worstOf(cells: readonly Cell[]): CellQuality {
  return cells.reduce<CellQuality>((w, c) => (RANK[c.quality] > RANK[w] ? c.quality : w), 'good');
}

export function tileView(device: Device, profile: ProfileInfo | undefined, live: DeviceLive): TileView {
  const state = live.status?.state ?? 'unknown';
  const commLost = state === 'comm-lost';
  const guns: GunView[] = [];
  for (let n = 1; n <= device.guns; n++) guns.push(gunView(profile, live, n));
  const cells: Cell[] = [];
  let inverterState: TileView['inverterState'] = null;
  if (device.kind === 'pv-inverter') {
    if (hasPoint(profile, 'power')) cells.push(cell('power', 'value.pvPower', profile, live, commLost));
    if (hasPoint(profile, 'energyToday'))
      cells.push(cell('energyToday', 'value.today', profile, live, commLost));
    if (hasPoint(profile, 'energyTotal'))
      cells.push(cell('energyTotal', 'value.lifetime', profile, live, commLost));
    const sample = live.points.state;
    inverterState = {
      value: stateName(sample),
      quality: qualityOf(sample, commLost),
      mark: markOf(sample, commLost),
    };
  }
  if (device.kind === 'box-transformer' && hasPoint(profile, 'lv.power'))
    cells.push(loadCell(device, live, commLost));
  for (const [key, label] of KIND_POINTS[device.kind] ?? []) {
    if (hasPoint(profile, key)) cells.push(cell(key, label, profile, live, commLost));
  }
  const switches: SwitchView[] = (KIND_SWITCHES[device.kind] ?? [])
    .filter(([key]) => hasPoint(profile, key))
    .map(([key, label]) => {
      const sample = live.points[key];
      return {
        key,
        label,
        value: stateName(sample),
        quality: qualityOf(sample, commLost),
        mark: markOf(sample, commLost),
      };
    });
  const worst = worstOf([...guns.flatMap((g) => g.cells), ...cells]);
  return { state, guns, cells, inverterState, switches, worst };
}

export type WallFilter = { abnormalOnly: boolean; group: string | null; query: string };

export function groupsOf(stations: readonly Station[]): string[] {
  return [...new Set(stations.map((s) => s.group))].sort((a, b) => a.localeCompare(b));
}

export type Direction = 'left' | 'right' | 'up' | 'down';
export type Rect = { x: number; y: number; width: number; height: number };

/**
 * The tile an arrow key should move to: left/right follow reading order;
 * up/down go to the nearest row above or below and, in it, to the tile most
 * in line with the current one.
 */
export function neighbour(rects: readonly Rect[], from: number, direction: Direction): number {
  if (direction === 'left') return Math.max(0, from - 1);
  if (direction === 'right') return Math.min(rects.length - 1, from + 1);
  const origin = rects[from];
  if (!origin) return from;
  const middle = origin.y + origin.height / 2;
  const candidates = rects
    .map((rect, i) => ({ rect, i }))
    .filter(
      ({ rect, i }) => i !== from && (direction === 'down' ? rect.y > middle : rect.y + rect.height < middle),
    );
  if (candidates.length === 0) return from;
  const tops = candidates.map(({ rect }) => rect.y);
  const rowTop = direction === 'down' ? Math.min(...tops) : Math.max(...tops);
  const centre = origin.x + origin.width / 2;
  const offset = (r: Rect) => Math.abs(r.x + r.width / 2 - centre);
  // Tiles of one grid row share their top edge; a little slack absorbs sub-pixel layout.
  const row = candidates.filter(({ rect }) => Math.abs(rect.y - rowTop) <= ROW_SLACK_PX);
  return row.reduce((best, c) => (offset(c.rect) < offset(best.rect) ? c : best)).i;
}

const ROW_SLACK_PX = 8;

/** Tile columns that fit a wall this wide; every station's tiles line up on them. */
export function columnsFor(width: number, minTileWidth: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (minTileWidth + gap)));
}

/**
 * Fault codes from the engine in the operator's language: `gunN.faulted`,
 * `inverter.fault`, or a fault-word bit name of the profile. A code the
 * dictionary does not know yet is shown as the engine sent it.
 */
export function describeFaults(faults: readonly string[], t: Translate): string {
  return faults.map((code) => faultWords(code, t)).join(t('list.separator'));
}
