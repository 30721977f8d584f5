import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadProfiles } from '../node/profiles';
import { resourcesDir } from '../node/resources';
import type { PointValue } from '../shared/api/model';
import { ModbusGateway } from '../sim/modbus-server';
import { RegisterImage } from '../sim/register-image';
import { type FromServer, wallClock } from './fleet-protocol';

/**
 * The poller benchmark's station fleet: G gateway ports × U unit ids, each
 * unit a register image of one profile. Built from sim/'s server and image
 * but not sim/fleet's device models: the benchmark wants a fixed, cheap load
 * whose values still move every second, so change detection has work.
 *
 * stdout: one JSON line `{kind:'ports'}` once listening, then one line per
 * command. stdin: `drop G`, `silent G`, `clear G`, `cpu`, `quit`.
 */

const { values: args } = parseArgs({
  options: {
    gateways: { type: 'string', default: '250' },
    units: { type: 'string', default: '20' },
    profile: { type: 'string', default: 'ac-7kw' },
  },
});
const gatewayCount = Number(args.gateways);
const unitIds = Array.from({ length: Number(args.units) }, (_, i) => i + 1);

const profile = loadProfiles(join(resourcesDir(), 'profiles')).get(args.profile);
if (!profile) throw new Error(`no profile ${args.profile}`);
const has = new Set(profile.points.map((p) => p.key));

type Unit = {
  image: RegisterImage;
  charging: boolean;
  kw: number;
  kwh: number;
  seconds: number;
  temp: number;
};

// Deterministic, so every run serves the same values.
let seed = 0x2545f491;
const random = () => {
  seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
  return ((seed >>> 0) % 1_000_000) / 1_000_000;
};

function put(unit: Unit, key: string, value: PointValue): void {
  if (has.has(key)) unit.image.writePoint(key, value);
}

/** About one point in two changes each second on a charging unit, one in nine on an idle one. */
function step(unit: Unit): void {
  const volts = 220 + (random() - 0.5) * 4;
  put(unit, 'gun1.voltage', Number(volts.toFixed(1)));
  if (!unit.charging) return;
  unit.kw = Math.min(7, Math.max(3, unit.kw + (random() - 0.5) * 0.2));
  unit.kwh += unit.kw / 3600;
  unit.seconds += 1;
  unit.temp = Math.min(60, Math.max(25, unit.temp + (random() - 0.5) * 0.4));
  put(unit, 'gun1.power', Number(unit.kw.toFixed(2)));
  put(unit, 'gun1.current', Number(((unit.kw * 1000) / volts).toFixed(2)));
  put(unit, 'gun1.energy', Number(unit.kwh.toFixed(2)));
  put(unit, 'gun1.duration', unit.seconds);
  put(unit, 'gun1.temperature', Number(unit.temp.toFixed(1)));
}

const gateways: ModbusGateway[] = [];
const units: Unit[] = [];
for (let g = 0; g < gatewayCount; g++) {
  const gateway = new ModbusGateway();
  for (const unitId of unitIds) {
    const unit: Unit = {
      image: new RegisterImage(profile),
      charging: random() < 0.6,
      kw: 3 + random() * 4,
      kwh: random() * 20,
      seconds: Math.floor(random() * 3600),
      temp: 30 + random() * 10,
    };
    put(unit, 'gun1.state', unit.charging ? 'charging' : 'idle');
    put(unit, 'totalEnergy', Math.round(random() * 50_000));
    put(unit, 'powerLimit', 7);
    step(unit);
    gateway.addUnit(unitId, unit.image);
    units.push(unit);
  }
  gateways.push(gateway);
}

const ports = await Promise.all(gateways.map((g) => g.listen(0, '127.0.0.1')));
const say = (message: FromServer) => process.stdout.write(`${JSON.stringify(message)}\n`);
say({ kind: 'ports', ports, units: unitIds, profile: profile.id });

// A tenth of the fleet every 100 ms, so no single tick stalls the answers.
const SLICES = 10;
let slice = 0;
const churn = setInterval(() => {
  for (let i = slice; i < units.length; i += SLICES) {
    const unit = units[i];
    if (unit) step(unit);
  }
  slice = (slice + 1) % SLICES;
}, 1000 / SLICES);

async function quit(): Promise<void> {
  clearInterval(churn);
  await Promise.all(gateways.map((g) => g.close()));
  process.exit(0);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  const index = Number(arg);
  const gateway = gateways[index];
  switch (command) {
    case 'drop':
    case 'silent':
      if (!gateway) break;
      gateway.setFault({ kind: command });
      say({ kind: 'fault', gateway: index, fault: command, at: wallClock() });
      break;
    case 'clear':
      if (!gateway) break;
      gateway.clearFault();
      say({ kind: 'fault', gateway: index, fault: 'clear', at: wallClock() });
      break;
    case 'cpu': {
      const cpu = process.cpuUsage();
      say({ kind: 'cpu', at: wallClock(), userUs: cpu.user, systemUs: cpu.system });
      break;
    }
    case 'quit':
      void quit();
      break;
  }
});
process.stdin.on('end', () => void quit());
