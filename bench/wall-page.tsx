import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../renderer/src/i18n/context';
import type { Lang } from '../renderer/src/i18n/lang';
import { FleetStore } from '../renderer/src/state/fleetStore';
import { initialDesk } from '../renderer/src/state/session';
import { Store, useStore } from '../renderer/src/state/store';
import type { DeskClient } from '../renderer/src/transport';
import { WallView } from '../renderer/src/views/wall/WallView';
import type { Device, DeviceStatus, FleetSnapshot, PointSample, ProfileInfo, Station } from '../shared/api';
import '../renderer/src/styles/base.css';
import '../renderer/src/styles/filters.css';
import '../renderer/src/styles/wall.css';

/**
 * The charger wall alone, on a synthetic fleet: `?guns=5000&updates=1`
 * gives 250 stations of ten dual-gun DC chargers, and (with updates) every
 * gun's power, energy, SoC and time change once a second, fed through the
 * same FleetStore as the desk (deltas folded, applied once per frame).
 * With updates=0 it is the idle baseline: the same wall, nothing changing.
 */
const params = new URLSearchParams(window.location.search);
const guns = Number(params.get('guns') ?? 5000);
const updating = params.get('updates') === '1';

const profile: ProfileInfo = {
  id: 'dc-120kw-dual',
  kind: 'dc-charger',
  points: [1, 2].flatMap((n) =>
    (
      [
        [`gun${n}.state`, null],
        [`gun${n}.power`, 'kW'],
        [`gun${n}.energy`, 'kWh'],
        [`gun${n}.soc`, '%'],
        [`gun${n}.duration`, 's'],
      ] as const
    ).map(([key, unit]) => ({
      key,
      unit,
      label: { 'zh-CN': key, en: key },
      writable: false,
      command: false,
      options: key.endsWith('state')
        ? ['idle', 'preparing', 'charging', 'finishing', 'faulted', 'unavailable']
        : null,
    })),
  ),
};

const CHARGERS_PER_STATION = 10;
const chargers = Math.ceil(guns / 2);
const stations: Station[] = Array.from({ length: Math.ceil(chargers / CHARGERS_PER_STATION) }, (_, i) => ({
  id: `st${i}`,
  name: `基准站 ${i}`,
  nameEn: `Bench station ${i}`,
  address: '',
  lat: 30,
  lng: 120.5,
  group: `G${i % 6}`,
  urban: i % 2 === 0,
}));
const devices: Device[] = Array.from({ length: chargers }, (_, i) => ({
  id: `st${Math.floor(i / CHARGERS_PER_STATION)}-dc${i % CHARGERS_PER_STATION}`,
  stationId: `st${Math.floor(i / CHARGERS_PER_STATION)}`,
  name: `直流桩 DC${i % CHARGERS_PER_STATION}`,
  kind: 'dc-charger',
  profile: profile.id,
  endpoint: '10.0.0.1:502',
  unitId: 1 + (i % CHARGERS_PER_STATION),
  guns: 2,
  ratedKw: 120,
}));

function gunSamples(tick: number, ts: number): PointSample[] {
  const out: PointSample[] = [];
  devices.forEach((d, i) => {
    for (let n = 1; n <= 2; n++) {
      const phase = (i * 2 + n + tick) % 97;
      const charging = phase % 5 !== 0;
      const sample = (key: string, value: number | string) =>
        out.push({ deviceId: d.id, key, value, quality: 'good', ts });
      sample(`gun${n}.state`, charging ? 'charging' : 'idle');
      sample(`gun${n}.power`, charging ? 40 + ((phase * 7.3) % 80) : 0);
      sample(`gun${n}.energy`, charging ? tick * 0.03 + phase : 0);
      sample(`gun${n}.soc`, charging ? 20 + (phase % 75) : 0);
      sample(`gun${n}.duration`, charging ? tick + phase * 11 : 0);
    }
  });
  return out;
}

const start = Date.now();
const status: DeviceStatus[] = devices.map((d) => ({
  deviceId: d.id,
  comms: 'online',
  state: 'charging',
  faults: [],
  detail: null,
  since: start,
}));
const snapshot: FleetSnapshot = {
  stations,
  devices,
  profiles: [profile],
  status,
  samples: gunSamples(0, start),
};

const fleet = new FleetStore((callback) => requestAnimationFrame(callback));
fleet.setSnapshot(snapshot);
const lang = new Store<Lang>('en');

/** The wall never calls the engine on the charger wall without control rights; anything else is a bug here. */
const client: DeskClient = {
  request: () => Promise.reject(new Error('no engine in the wall benchmark')),
  on: () => () => {},
  link: 'open',
  onLink: () => () => {},
  close: () => {},
};

let tick = 0;
if (updating)
  setInterval(() => {
    tick += 1;
    fleet.queueDelta({ status: [], samples: gunSamples(tick, Date.now()) });
  }, 1000);

function Bench() {
  const state = useStore(fleet);
  return (
    <WallView
      fleet={state}
      desk={{ ...initialDesk, link: 'open' }}
      client={client}
      // Nothing out of service: the bench measures the tiles live, not under an outage's band.
      outOfService={new Map()}
      active
      onTrend={() => {}}
    />
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider store={lang}>
      <Bench />
    </I18nProvider>
  </StrictMode>,
);
