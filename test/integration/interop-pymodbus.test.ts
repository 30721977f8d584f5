import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Framing, LinkError, ModbusLink } from '../../electron/acquisition/link';
import { createLogger } from '../../electron/log/logger';
import { loadProfiles } from '../../node/profiles';
import { resourcesDir } from '../../node/resources';
import type { PointValue } from '../../shared/api/model';
import { planBlocks } from '../../shared/profile/blocks';
import { activeBits, decodePoint, decodeRaw } from '../../shared/profile/codec';
import { type Profile, wordCount } from '../../shared/profile/schema';
import { NO_PYMODBUS, pythonWithPymodbus, startPymodbus } from '../helpers/pymodbus';

/**
 * Our poller's building blocks (ModbusLink, planBlocks, the codec and the
 * shipped SunSpec profile) against a SunSpec inverter image served by
 * Debian's python3-pymodbus: a Modbus stack we did not write. The same
 * reads run over Modbus TCP and over RTU frames on TCP (pymodbus's RTU
 * framer), as a transparent serial server forwards them.
 */

const UNIT = 3;

const python = pythonWithPymodbus();
const SKIP = python ? undefined : NO_PYMODBUS;
const profile = loadProfiles(join(resourcesDir(), 'profiles')).get('pv-sunspec-103') as Profile;
let server: ChildProcess | undefined;
let link: ModbusLink | undefined;

function connectLink(port: number, framing: Framing): Promise<ModbusLink> {
  const l = new ModbusLink({
    host: '127.0.0.1',
    port,
    timeoutMs: 3000,
    log: createLogger('interop', () => {}),
    framing,
  });
  return new Promise((resolveLink) => {
    l.onState((state) => {
      if (state === 'online') resolveLink(l);
    });
    l.connect();
  });
}

/** Reads every point the way the poller does: planned blocks, scale factors first, then the values. */
async function readProfile(l: ModbusLink): Promise<Map<string, PointValue>> {
  const words = new Map<number, number>();
  for (const block of planBlocks(profile.points)) {
    const got = await l.read(UNIT, block.table, block.start, block.count);
    for (const [i, w] of got.entries()) words.set(block.start + i, w);
  }
  const at = (address: number, n: number) => Array.from({ length: n }, (_, i) => words.get(address + i) ?? 0);
  const exponents = new Map<string, number>();
  for (const p of profile.points)
    if (p.type === 'sunssf') exponents.set(p.key, decodeRaw(p, at(p.address, 1)));
  const values = new Map<string, PointValue>();
  for (const p of profile.points) {
    const exponent = p.scaleRef === undefined ? undefined : exponents.get(p.scaleRef);
    values.set(p.key, decodePoint(p, at(p.address, wordCount(p)), 0, exponent));
  }
  return values;
}

const PEERS = [
  { framing: 'tcp', script: 'sunspec_server.py' },
  { framing: 'rtu-over-tcp', script: 'rtu_server.py' },
] as const;

describe.each(PEERS)(
  'interop ($framing): our poller reads a SunSpec inverter served by pymodbus',
  ({ framing, script }) => {
    beforeAll(async () => {
      if (!python) return;
      const peer = await startPymodbus(python, script, ['0', String(UNIT)]);
      server = peer.child;
      link = await connectLink(peer.port, framing);
    });
    afterAll(() => {
      link?.close();
      server?.kill();
    });

    it('decodes nameplate, scaled measurements, state, events and the model-123 limit', async (ctx) => {
      if (SKIP) ctx.skip(SKIP);
      const values = await readProfile(link as ModbusLink);
      expect(values.get('sunspecId')).toBe(0x53756e53);
      expect(values.get('manufacturer')).toBe('PyModbusPeer');
      expect(values.get('modelName')).toBe('PM-50K-3P');
      expect(values.get('serial')).toBe('PEER-0001');
      expect(values.get('power')).toBe(31_240);
      expect(values.get('current')).toBe(45.67);
      expect(values.get('voltageAN')).toBe(230.5);
      expect(values.get('frequency')).toBe(50.01);
      expect(values.get('energyTotal')).toBe(123_456_789);
      expect(values.get('dcVoltage')).toBe(612.3);
      expect(values.get('cabinetTemp')).toBe(41.2);
      expect(values.get('state')).toBe('mppt');
      const events = profile.points.find((p) => p.key === 'events');
      expect(events && activeBits(events, values.get('events') as number)).toEqual(['overTemperature']);
      expect(values.get('WMaxLimPct')).toBe(75);
      expect(values.get('WMaxLim_Ena')).toBe('enabled');
    });

    it('walks the SunSpec model chain the peer serves to the end marker', async (ctx) => {
      if (SKIP) ctx.skip(SKIP);
      const l = link as ModbusLink;
      const models: number[] = [];
      let address = 40002;
      for (;;) {
        const [id = 0xffff, length = 0] = await l.read(UNIT, 'holding', address, 2);
        if (id === 0xffff) break;
        models.push(id);
        address += 2 + length;
      }
      expect(models).toEqual([1, 103, 123]);
      // Where the profile (and our simulator) expect the end marker.
      expect(address).toBe(40148);
    });

    it('gets a Modbus exception, not a hang, for registers the peer does not have', async (ctx) => {
      if (SKIP) ctx.skip(SKIP);
      const l = link as ModbusLink;
      const failure = await l.read(UNIT, 'holding', 100, 4).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(LinkError);
      expect((failure as LinkError).kind).toBe('exception');
      expect((failure as LinkError).exceptionCode).toBe(2);
      expect(l.state).toBe('online');
    });
  },
);
