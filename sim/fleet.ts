import { join } from 'node:path';
import { loadProfiles } from '../node/profiles';
import { repeatEvery } from '../node/repeating';
import { resourcesDir } from '../node/resources';
import type { PointValue, Station } from '../shared/api/model';
import type { DeskConfigInput } from '../shared/config/schema';
import type { Profile } from '../shared/profile/schema';
import type { SlowDegradation } from './degradation/slow';
import { ModbusGateway } from './modbus-server';
import { AcChargerModel } from './models/ac-charger';
import { BoxTransformerModel } from './models/box-transformer';
import type { AnomalyKind, DeviceModel, ModelOptions } from './models/common';
import { DcChargerModel } from './models/dc-charger';
import { MeterModel } from './models/meter';
import { PvInverterModel } from './models/pv-inverter';
import { deriveSeed, mulberry32 } from './random';
import { RegisterImage } from './register-image';
import { RtuSerialServer } from './rtu-bridge';
import { sunspecBlocks } from './sunspec';

export type DemoDevice = { id: string; name: string; profile: string; unitId: number };
export type DemoStation = { station: Station; devices: DemoDevice[] };

export type SimModel = AcChargerModel | DcChargerModel | PvInverterModel | MeterModel | BoxTransformerModel;

export type SimDevice = {
  readonly id: string;
  readonly stationId: string;
  readonly unitId: number;
  readonly profile: Profile;
  readonly image: RegisterImage;
  readonly model: SimModel;
};

/** The seed of a fleet started without one: the demo desk's fleet and its generated week. */
export const DEFAULT_FLEET_SEED = 1;

export type FleetOptions = {
  host?: string;
  /** 0 (default): an ephemeral port per station; otherwise station n (sx01 is 1) listens on basePort + n. */
  basePort?: number;
  /** Physics period; 0 runs no timer and leaves ticking to the caller (tests with a fake clock). */
  tickMs?: number;
  seed?: number;
  now?: () => number;
  profilesDir?: string;
  /** Serve only the first this-many stations. */
  stations?: number;
  /** Mean random faults per device per day; 0 (default) keeps the fleet healthy. */
  faultsPerDay?: number;
  /** Stations reached through a transparent serial server: RTU frames over TCP (framing "rtu-over-tcp"). */
  rtuStations?: readonly string[];
};

export type RunningFleet = {
  /** Hosts and ports filled in, ready for the engine. */
  readonly config: DeskConfigInput;
  readonly stations: readonly DemoStation[];
  gateway(stationId: string): ModbusGateway;
  /** The serial server in front of a station of `rtuStations`, for its line faults. */
  serialLine(stationId: string): RtuSerialServer;
  device(deviceId: string): SimDevice;
  /** Writes a value now and holds it against the physics until unpin(). */
  setPoint(deviceId: string, key: string, value: PointValue): void;
  unpin(deviceId: string, key: string): void;
  /** Starts an anomaly at a device; throws when its model cannot show that kind. */
  anomaly(deviceId: string, kind: AnomalyKind): void;
  /**
   * Ends one anomaly's cause, or all of them. Latched faults (trips) stay
   * until a reset, as on the real device: write its `reset` point, or reset().
   */
  clearAnomaly(deviceId: string, kind?: AnomalyKind): void;
  /** An on-site reset of one device: latched faults whose cause is gone clear. */
  reset(deviceId: string): void;
  /**
   * Starts a slow degradation with a known onset and fault (early-warning
   * ground truth) at a device; a RangeError when its model cannot show that kind.
   */
  degrade(deviceId: string, d: SlowDegradation): void;
  /** The whole station drops off the network (gateway power or uplink lost) until online(). */
  offline(stationId: string): void;
  /** Ends offline() or any other gateway-wide fault; faults set on single units stay. */
  online(stationId: string): void;
  /** Advances every device's physics to now(). */
  tick(): void;
  stop(): Promise<void>;
};

type StationRow = [
  id: string,
  name: string,
  nameEn: string,
  group: string,
  address: string,
  lat: number,
  lng: number,
  acChargers: number,
  dcChargers: number,
];

const URBAN_GROUPS = new Set(['越城区', '柯桥区', '上虞区']);

// Car parks and public spaces across Shaoxing's six county-level divisions.
const STATIONS: StationRow[] = [
  [
    'sx01',
    '鲁迅故里停车场充电站',
    'Lu Xun Native Place Car Park',
    '越城区',
    '绍兴市越城区鲁迅中路',
    29.9966,
    120.5846,
    4,
    1,
  ],
  [
    'sx02',
    '镜湖新区市民广场充电站',
    'Jinghu Civic Square',
    '越城区',
    '绍兴市越城区洋江西路',
    30.0312,
    120.553,
    6,
    2,
  ],
  ['sx03', '迪荡湖公园充电站', 'Didang Lake Park', '越城区', '绍兴市越城区迪荡新城', 30.005, 120.612, 3, 1],
  [
    'sx04',
    '中国轻纺城东市场充电站',
    'China Textile City East Market',
    '柯桥区',
    '绍兴市柯桥区柯桥街道',
    30.089,
    120.496,
    5,
    2,
  ],
  [
    'sx05',
    '柯岩风景区游客中心充电站',
    'Keyan Scenic Area Visitor Centre',
    '柯桥区',
    '绍兴市柯桥区柯岩街道',
    30.063,
    120.468,
    4,
    1,
  ],
  [
    'sx06',
    '上虞站交通枢纽充电站',
    'Shangyu Station Transport Hub',
    '上虞区',
    '绍兴市上虞区曹娥街道',
    30.042,
    120.866,
    3,
    2,
  ],
  [
    'sx07',
    '曹娥江滨江公园充电站',
    "Cao'e River Riverside Park",
    '上虞区',
    '绍兴市上虞区百官街道',
    30.028,
    120.88,
    2,
    1,
  ],
  [
    'sx08',
    '西施故里停车场充电站',
    'Xishi Hometown Car Park',
    '诸暨市',
    '绍兴市诸暨市浣纱南路',
    29.717,
    120.239,
    4,
    1,
  ],
  [
    'sx09',
    '诸暨经济开发区充电站',
    'Zhuji Economic Development Zone',
    '诸暨市',
    '绍兴市诸暨市陶朱街道',
    29.748,
    120.272,
    2,
    2,
  ],
  [
    'sx10',
    '嵊州市体育中心充电站',
    'Shengzhou Sports Centre',
    '嵊州市',
    '绍兴市嵊州市剡湖街道',
    29.593,
    120.82,
    3,
    1,
  ],
  ['sx11', '越剧小镇充电站', 'Yueju Opera Town', '嵊州市', '绍兴市嵊州市甘霖镇', 29.637, 120.772, 2, 1],
  [
    'sx12',
    '大佛寺景区充电站',
    'Dafo Temple Scenic Area',
    '新昌县',
    '绍兴市新昌县南明街道',
    29.495,
    120.898,
    3,
    1,
  ],
];

const AC_PROFILE = 'ac-7kw';
const DC_PROFILE = 'dc-120kw-dual';
const PV_PROFILE = 'pv-sunspec-103';
const METER_PROFILE = 'meter-3p-f32';
const BT_PROFILE = 'box-transformer-630kva';
/** Stations with this many DC chargers or more are fed by a box transformer of their own. */
const DC_FOR_OWN_TRANSFORMER = 2;

/**
 * The demo fleet: a dozen stations around Shaoxing, each with AC and DC
 * chargers, a carport PV inverter and a meter at the grid connection; the
 * big ones also have their own box transformer. New kinds of device go after
 * the existing ones, so a station's unit ids stay what desks were given.
 */
export function demoFleet(): DemoStation[] {
  return STATIONS.map(([id, name, nameEn, group, address, lat, lng, ac, dc]) => {
    const devices: DemoDevice[] = [];
    const add = (kind: string, n: number, label: string, profile: string) =>
      devices.push({
        id: `${id}-${kind}${n}`,
        name: `${label} ${kind.toUpperCase()}${n}`,
        profile,
        unitId: devices.length + 1,
      });
    for (let n = 1; n <= ac; n++) add('ac', n, '交流桩', AC_PROFILE);
    for (let n = 1; n <= dc; n++) add('dc', n, '直流桩', DC_PROFILE);
    add('pv', 1, '光伏逆变器', PV_PROFILE);
    add('mt', 1, '电表', METER_PROFILE);
    if (dc >= DC_FOR_OWN_TRANSFORMER) add('bt', 1, '箱变', BT_PROFILE);
    return {
      station: {
        id,
        name,
        nameEn,
        address: `浙江省${address}`,
        lat,
        lng,
        group,
        urban: URBAN_GROUPS.has(group),
      },
      devices,
    };
  });
}

/** Starts one Modbus gateway per station, unit ids 1..n for its devices, and the physics behind them. */
export async function startFleet(opts: FleetOptions = {}): Promise<RunningFleet> {
  const host = opts.host ?? '127.0.0.1';
  const basePort = opts.basePort ?? 0;
  const tickMs = opts.tickMs ?? 1000;
  const seed = opts.seed ?? DEFAULT_FLEET_SEED;
  const now = opts.now ?? Date.now;
  const profiles = loadProfiles(opts.profilesDir ?? join(resourcesDir(), 'profiles'));
  const stations = demoFleet().slice(0, opts.stations ?? STATIONS.length);
  const unknown = opts.rtuStations?.filter((id) => !stations.some((s) => s.station.id === id)) ?? [];
  if (unknown.length) throw new Error(`no station ${unknown.join(', ')} to serve over RTU`);

  const gateways = new Map<string, ModbusGateway>();
  const serialLines = new Map<string, RtuSerialServer>();
  const devices = new Map<string, SimDevice>();
  const config: DeskConfigInput = { stations: stations.map((s) => s.station), devices: [] };
  const startMs = now();

  try {
    for (const [index, { station, devices: specs }] of stations.entries()) {
      const gateway = new ModbusGateway();
      gateways.set(station.id, gateway);
      const neighbours: DeviceModel[] = [];
      const stationLoadKw = () => neighbours.reduce((kw, m) => kw + m.gridKw(), 0);
      for (const spec of specs) {
        const profile = profiles.get(spec.profile);
        if (!profile) throw new Error(`device ${spec.id}: no profile "${spec.profile}"`);
        const image = new RegisterImage(profile, sunspecBlocks(profile, spec.unitId));
        const model = createModel(profile, {
          deviceId: spec.id,
          image,
          rng: mulberry32(deriveSeed(seed, spec.id)),
          startMs,
          lat: station.lat,
          lng: station.lng,
          faultsPerDay: opts.faultsPerDay ?? 0,
          stationLoadKw,
        });
        neighbours.push(model);
        gateway.addUnit(spec.unitId, image, (address, count) => model.acceptWrite(address, count));
        devices.set(spec.id, {
          id: spec.id,
          stationId: station.id,
          unitId: spec.unitId,
          profile,
          image,
          model,
        });
      }
      let port: number;
      const rtu = opts.rtuStations?.includes(station.id) ?? false;
      try {
        // Behind a serial server the gateway is only its device side, on loopback.
        port = await gateway.listen(
          basePort === 0 || rtu ? 0 : basePort + index + 1,
          rtu ? '127.0.0.1' : host,
        );
        if (rtu) {
          const line = new RtuSerialServer(port);
          serialLines.set(station.id, line);
          port = await line.listen(basePort === 0 ? 0 : basePort + index + 1, host);
        }
      } catch (err) {
        throw Object.assign(new Error(`station ${station.id}: ${(err as Error).message}`, { cause: err }), {
          code: (err as NodeJS.ErrnoException).code,
        });
      }
      for (const spec of specs) {
        config.devices.push({
          id: spec.id,
          stationId: station.id,
          name: spec.name,
          profile: spec.profile,
          host,
          port,
          unitId: spec.unitId,
          ...(rtu ? { framing: 'rtu-over-tcp' as const } : {}),
        });
      }
    }
  } catch (err) {
    await Promise.all([...gateways.values(), ...serialLines.values()].map((g) => g.close()));
    throw err;
  }

  const tick = () => {
    const t = now();
    for (const d of devices.values()) d.model.tick(t);
  };
  const stopTicks = tickMs > 0 ? repeatEvery(tick, tickMs) : undefined;

  const device = (deviceId: string): SimDevice => {
    const d = devices.get(deviceId);
    if (!d) throw new Error(`no simulated device "${deviceId}"`);
    return d;
  };
  const gateway = (stationId: string): ModbusGateway => {
    const g = gateways.get(stationId);
    if (!g) throw new Error(`no simulated station "${stationId}"`);
    return g;
  };

  return {
    config,
    stations,
    gateway,
    serialLine(stationId) {
      const line = serialLines.get(stationId);
      if (!line) throw new Error(`station "${stationId}" is not served over RTU`);
      return line;
    },
    device,
    setPoint: (deviceId, key, value) => device(deviceId).image.pin(key, value),
    unpin: (deviceId, key) => device(deviceId).image.unpin(key),
    anomaly(deviceId, kind) {
      const d = device(deviceId);
      // Bring the physics up to now first, so the anomaly starts at the right moment.
      d.model.tick(now());
      d.model.setAnomaly(kind, true);
    },
    clearAnomaly(deviceId, kind) {
      const { model } = device(deviceId);
      model.tick(now());
      for (const k of kind === undefined ? model.activeAnomalies() : [kind]) model.setAnomaly(k, false);
    },
    reset(deviceId) {
      const { model } = device(deviceId);
      model.tick(now());
      model.reset();
    },
    degrade(deviceId, d) {
      const { model } = device(deviceId);
      model.tick(now());
      if (!('degrade' in model)) throw new RangeError(`${deviceId} cannot show ${d.kind}`);
      model.degrade(d);
    },
    offline: (stationId) => gateway(stationId).setFault({ kind: 'drop' }),
    online: (stationId) => gateway(stationId).clearGatewayFault(),
    tick,
    async stop() {
      stopTicks?.();
      await Promise.all([...gateways.values(), ...serialLines.values()].map((g) => g.close()));
    },
  };
}

function createModel(profile: Profile, opts: ModelOptions): SimModel {
  switch (profile.kind) {
    case 'ac-charger':
      return new AcChargerModel(opts);
    case 'dc-charger':
      return new DcChargerModel(opts);
    case 'pv-inverter':
      return new PvInverterModel(opts);
    case 'meter':
      return new MeterModel(opts);
    case 'box-transformer':
      return new BoxTransformerModel(opts);
  }
}
