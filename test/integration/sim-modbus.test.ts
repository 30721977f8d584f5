import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { promisify } from 'node:util';
import Modbus from 'jsmodbus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodePoint } from '../../shared/profile/codec';
import { wordCount } from '../../shared/profile/schema';
import { startFleet } from '../../sim/fleet';
import { AcChargerModel } from '../../sim/models/ac-charger';
import { startedForFile } from '../helpers/for-file';
import { modbusClients } from '../helpers/modbus-clients';

const MBPOLL = '/usr/bin/mbpoll';
/** 2024-06-21 10:00 China Standard Time: chargers busy, sun up. */
let clock = Date.UTC(2024, 5, 21, 2);
const fleet = startedForFile(() => startFleet({ stations: 3, seed: 7, tickMs: 0, now: () => clock }));
const { client, track } = modbusClients(fleet);
afterEach(() => {
  for (const id of ['sx01', 'sx02', 'sx03']) fleet().gateway(id).clearFault();
});

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = track(connect(port, '127.0.0.1'));
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** The jsmodbus error a request failed with: its kind and, for exceptions, the code. */
async function failure(request: Promise<unknown>): Promise<{ err: string; code: number | undefined }> {
  try {
    await request;
  } catch (e) {
    if (!Modbus.errors.isUserRequestError(e)) throw e;
    const body = e.response?.body;
    return {
      err: e.err,
      code: body instanceof Modbus.responses.ExceptionResponseBody ? body.code : undefined,
    };
  }
  throw new Error('the request succeeded');
}

function closed(s: Socket): Promise<void> {
  return new Promise((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())));
}

/** Reads from a raw socket until `enough` says the bytes so far are complete. */
function collect(s: Socket, enough: (b: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (enough(got)) {
        s.off('data', onData);
        resolve(got);
      }
    };
    s.on('data', onData);
  });
}

function frame(tid: number, unit: number, pdu: number[]): Buffer {
  const b = Buffer.alloc(7 + pdu.length);
  b.writeUInt16BE(tid, 0);
  b.writeUInt16BE(pdu.length + 1, 4);
  b[6] = unit;
  Buffer.from(pdu).copy(b, 7);
  return b;
}

const read = (tid: number, unit: number, address: number, count: number) =>
  frame(tid, unit, [3, address >> 8, address & 0xff, count >> 8, count & 0xff]);

/** Splits a byte stream of complete MBAP frames. */
function frames(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i + 6 <= b.length; ) {
    const end = i + 6 + b.readUInt16BE(i + 4);
    out.push(b.subarray(i, end));
    i = end;
  }
  return out;
}

const frameCount = (n: number) => (b: Buffer) =>
  frames(b).length >= n && frames(b).at(-1)?.length === 6 + (frames(b).at(-1)?.readUInt16BE(4) ?? 0);

describe('simulated fleet over Modbus TCP (jsmodbus client)', () => {
  it('serves every register of every device at sx01, decoding to the simulated values', async () => {
    const station = fleet().config.devices.filter((d) => d.stationId === 'sx01');
    expect(station.map((d) => d.unitId)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(fleet().gateway('sx01').unitIds()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const cfg of station) {
      const device = fleet().device(cfg.id);
      expect(cfg.port).toBe(fleet().gateway('sx01').port);
      expect(fleet().gateway('sx01').unit(device.unitId)).toBe(device.image);
      const c = await client('sx01', device.unitId);
      const words = new Map<number, number>();
      for (const range of device.image.ranges()) {
        for (let a = range.start; a < range.start + range.count; a += 125) {
          const n = Math.min(125, range.start + range.count - a);
          const { response } = await c.readHoldingRegisters(a, n);
          for (const [i, w] of Array.from(response.body.valuesAsArray).entries()) words.set(a + i, w);
          expect(Array.from(response.body.valuesAsArray)).toEqual(Array.from(device.image.read(a, n) ?? []));
        }
      }
      const wordsAt = (address: number, n: number) =>
        Array.from({ length: n }, (_, i) => words.get(address + i) ?? -1);
      for (const p of device.profile.points) {
        const sf = p.scaleRef ? device.profile.points.find((q) => q.key === p.scaleRef) : undefined;
        const exponent = sf ? (decodePoint(sf, wordsAt(sf.address, 1)) as number) : undefined;
        expect(decodePoint(p, wordsAt(p.address, wordCount(p)), 0, exponent), `${cfg.id} ${p.key}`).toEqual(
          device.image.readPoint(p.key),
        );
      }
    }
    const pv = fleet().device('sx01-pv1').image;
    expect(pv.readPoint('state')).toBe('mppt');
    expect(pv.readPoint('power')).toBeGreaterThan(0);
  });

  it('serves the same image to function 4', async () => {
    const c = await client('sx02', 1);
    const { response } = await c.readInputRegisters(0, 24);
    expect(Array.from(response.body.valuesAsArray)).toEqual(
      Array.from(fleet().device('sx02-ac1').image.read(0, 24) ?? []),
    );
  });

  it('answers an unknown unit id with exception 0x0B', async () => {
    const c = await client('sx01', 77);
    expect(await failure(c.readHoldingRegisters(0, 10))).toEqual({ err: 'ModbusException', code: 0x0b });
  });

  it('answers reads outside the image with 02 and unsupported functions with 01', async () => {
    const c = await client('sx01', 1);
    expect(await failure(c.readHoldingRegisters(23, 2))).toEqual({ err: 'ModbusException', code: 2 });
    expect(await failure(c.readHoldingRegisters(60, 1))).toEqual({ err: 'ModbusException', code: 2 });
    expect(await failure(c.readCoils(0, 8))).toEqual({ err: 'ModbusException', code: 1 });
    // Still serving after the exceptions.
    expect((await c.readHoldingRegisters(100, 1)).response.body.valuesAsArray[0]).toBe(70);
  });

  it('answers a register count of 0 or over 125 with 03', async () => {
    const s = await open(fleet().gateway('sx01').port);
    const replies = collect(s, frameCount(2));
    s.write(Buffer.concat([read(1, 1, 0, 0), read(2, 1, 0, 126)]));
    expect(frames(await replies).map((f) => [...f])).toEqual([
      [0, 1, 0, 0, 0, 3, 1, 0x83, 3],
      [0, 2, 0, 0, 0, 3, 1, 0x83, 3],
    ]);
  });

  it('takes writes to writable points, and refuses read-only registers and out-of-range values', async () => {
    const image = fleet().device('sx02-ac2').image;
    const c = await client('sx02', 2);
    await c.writeSingleRegister(100, 35);
    expect(image.readPoint('powerLimit')).toBe(3.5);
    await c.writeMultipleRegisters(100, [50]);
    expect(image.readPoint('powerLimit')).toBe(5);
    expect(await failure(c.writeSingleRegister(0, 2))).toEqual({ err: 'ModbusException', code: 2 });
    expect(await failure(c.writeMultipleRegisters(99, [1, 2]))).toEqual({ err: 'ModbusException', code: 2 });
    expect(await failure(c.writeSingleRegister(100, 2000))).toEqual({ err: 'ModbusException', code: 3 });
    expect(image.readPoint('powerLimit')).toBe(5);
    expect(image.readPoint('gun1.state')).not.toBe('faulted');
    await c.writeSingleRegister(100, 70);
  });

  it('holds a point set through the fleet against the physics until unpinned', async () => {
    const c = await client('sx01', 2);
    fleet().setPoint('sx01-ac2', 'gun1.state', 'faulted');
    clock += 5_000;
    fleet().tick();
    expect((await c.readHoldingRegisters(0, 1)).response.body.valuesAsArray[0]).toBe(4);
    fleet().unpin('sx01-ac2', 'gun1.state');
    clock += 1_000;
    fleet().tick();
    expect((await c.readHoldingRegisters(0, 1)).response.body.valuesAsArray[0]).not.toBe(4);
  });
});

describe('fault injection', () => {
  it('silent gateway: the client times out while another station still answers', async () => {
    fleet().gateway('sx01').setFault({ kind: 'silent' });
    const mute = await client('sx01', 1, 300);
    const other = await client('sx02', 1, 2000);
    const [timedOut, answered] = await Promise.all([
      failure(mute.readHoldingRegisters(0, 10)),
      other.readHoldingRegisters(0, 10),
    ]);
    expect(timedOut.err).toBe('Timeout');
    expect(answered.response.body.valuesAsArray).toHaveLength(10);
    expect(mute.socket.destroyed).toBe(false);
  });

  it('silent unit: the gateway still answers for its other units', async () => {
    fleet().gateway('sx02').setFault({ kind: 'silent' }, 1);
    const mute = await client('sx02', 1, 300);
    const other = await client('sx02', 2);
    expect((await failure(mute.readHoldingRegisters(0, 10))).err).toBe('Timeout');
    expect((await other.readHoldingRegisters(0, 10)).response.body.valuesAsArray).toHaveLength(10);
    fleet().gateway('sx02').clearFault(1);
    expect(
      (await (await client('sx02', 1)).readHoldingRegisters(0, 10)).response.body.valuesAsArray,
    ).toHaveLength(10);
  });

  it('slow unit: its answer arrives after the one from a healthy unit asked later', async () => {
    fleet().gateway('sx02').setFault({ kind: 'slow', delayMs: 300 }, 1);
    const slow = await client('sx02', 1);
    const fast = await client('sx02', 2);
    const order: string[] = [];
    await Promise.all([
      slow.readHoldingRegisters(0, 4).then(() => order.push('slow')),
      fast.readHoldingRegisters(0, 4).then(() => order.push('fast')),
    ]);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('exception: every request gets the chosen code', async () => {
    fleet().gateway('sx03').setFault({ kind: 'exception', code: 6 });
    const c = await client('sx03', 1);
    expect(await failure(c.readHoldingRegisters(0, 2))).toEqual({ err: 'ModbusException', code: 6 });
    expect(() => fleet().gateway('sx03').setFault({ kind: 'exception', code: 0 })).toThrow(RangeError);
  });

  it('drop: open connections are cut and new ones refused until cleared', async () => {
    const gw = fleet().gateway('sx03');
    const before = await open(gw.port);
    gw.setFault({ kind: 'drop' });
    await closed(before);
    await closed(await open(gw.port));
    expect(gw.connectionCount).toBe(0);
    gw.clearFault();
    expect(
      (await (await client('sx03', 2)).readHoldingRegisters(0, 2)).response.body.valuesAsArray,
    ).toHaveLength(2);
  });

  it('drop on one unit cuts the connections that talked to it', async () => {
    const gw = fleet().gateway('sx03');
    const talker = await client('sx03', 1);
    await talker.readHoldingRegisters(0, 1);
    const bystander = await client('sx03', 2);
    await bystander.readHoldingRegisters(0, 1);
    gw.setFault({ kind: 'drop' }, 1);
    await closed(talker.socket);
    expect((await bystander.readHoldingRegisters(0, 1)).response.body.valuesAsArray).toHaveLength(1);
  });

  it('malformed: a well-framed reply whose byte count lies, or half a reply', async () => {
    const gw = fleet().gateway('sx03');
    gw.setFault({ kind: 'malformed' }, 1);
    const s = await open(gw.port);
    const garbage = collect(s, (b) => b.length >= 12);
    s.write(read(0x1234, 1, 0, 10));
    expect([...(await garbage)]).toEqual([0x12, 0x34, 0, 0, 0, 6, 1, 3, 250, 0xde, 0xad, 0xbe]);
    gw.setFault({ kind: 'malformed', variant: 'truncated' }, 2);
    const t = await open(gw.port);
    const half = collect(t, (b) => b.length >= 7);
    t.write(read(7, 2, 0, 4));
    const got = await half;
    expect(got.readUInt16BE(0)).toBe(7);
    expect(got.length).toBeLessThan(6 + got.readUInt16BE(4));
  });
});

describe('framing and bad input', () => {
  it('answers a request that arrives one byte at a time', async () => {
    const s = await open(fleet().gateway('sx01').port);
    const reply = collect(s, frameCount(1));
    for (const byte of read(9, 1, 0, 2)) {
      s.write(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    const [f] = frames(await reply);
    expect(f?.readUInt16BE(0)).toBe(9);
    expect(f?.[8]).toBe(4);
  });

  it('answers several requests in one chunk, and one split across chunks, in order', async () => {
    const s = await open(fleet().gateway('sx01').port);
    const replies = collect(s, frameCount(3));
    const third = read(3, 2, 100, 1);
    s.write(Buffer.concat([read(1, 1, 0, 1), read(2, 2, 0, 3), third.subarray(0, 5)]));
    await new Promise((r) => setImmediate(r));
    s.write(third.subarray(5));
    expect(frames(await replies).map((f) => [f.readUInt16BE(0), f[6], f[8]])).toEqual([
      [1, 1, 2],
      [2, 2, 6],
      [3, 2, 2],
    ]);
  });

  it('closes a connection that sends a foreign protocol id, an oversized length or noise, and keeps serving', async () => {
    const port = fleet().gateway('sx01').port;
    const foreign = await open(port);
    const bad = read(1, 1, 0, 1);
    bad.writeUInt16BE(1, 2);
    foreign.write(bad);
    await closed(foreign);
    const oversized = await open(port);
    const big = read(1, 1, 0, 1);
    big.writeUInt16BE(300, 4);
    oversized.write(big);
    await closed(oversized);
    const noisy = await open(port);
    noisy.write(Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) & 0xff)));
    await closed(noisy);
    expect(
      (await (await client('sx01', 1)).readHoldingRegisters(0, 4)).response.body.valuesAsArray,
    ).toHaveLength(4);
  });
});

describe('physics timer', () => {
  it('advances the models on its own and stops with the fleet', async () => {
    let t = Date.UTC(2024, 5, 21, 2);
    let calls = 0;
    const timed = await startFleet({
      stations: 1,
      tickMs: 5,
      now: () => {
        calls++;
        t += 1000;
        return t;
      },
    });
    const charging = timed.config.devices
      .map((d) => timed.device(d.id))
      .find((d) => d.model instanceof AcChargerModel && d.image.readPoint('gun1.state') === 'charging');
    if (!charging) throw new Error('seed 1 at 10:00 should have a charging AC charger at sx01');
    const energy = charging.image.readPoint('totalEnergy') as number;
    await vi.waitFor(() => expect(charging.image.readPoint('totalEnergy')).toBeGreaterThan(energy + 0.1), {
      timeout: 10_000,
      interval: 5,
    });
    await timed.stop();
    const after = calls;
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(after);
  });
});

describe('start-up', () => {
  it('names the port when a station port is taken, and leaves nothing listening', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as { port: number }).port;
    try {
      // sx01 on base+1 is free, sx02 on base+2 is taken.
      const attempt = startFleet({ stations: 2, basePort: taken - 2, tickMs: 0 });
      await expect(attempt).rejects.toThrow(`station sx02: port ${taken} on 127.0.0.1 is already in use`);
      await expect(attempt).rejects.toMatchObject({ code: 'EADDRINUSE' });
      const probe = createServer();
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(taken - 1, '127.0.0.1', () => resolve());
      });
      await new Promise((r) => probe.close(r));
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});

describe('interop with mbpoll', () => {
  const hasMbpoll = existsSync(MBPOLL);
  const run = promisify(execFile);

  /** mbpoll prints one "[reference]: value" line per register. */
  async function mbpoll(args: string[]): Promise<Map<number, number>> {
    const { stdout } = await run(MBPOLL, ['-m', 'tcp', '-o', '2', '-1', ...args, '127.0.0.1'], {
      timeout: 10_000,
    });
    const values = new Map<number, number>();
    for (const m of stdout.matchAll(/^\[(\d+)\]:\s+(-?\d+)/gm))
      values.set(Number(m[1]), Number(m[2]) & 0xffff);
    return values;
  }

  it('reads a charger with 1-based references', async (ctx) => {
    if (!hasMbpoll) ctx.skip(`${MBPOLL} not installed (apt install mbpoll)`);
    const port = String(fleet().gateway('sx01').port);
    const values = await mbpoll(['-p', port, '-a', '1', '-r', '1', '-c', '24']);
    const image = Array.from(fleet().device('sx01-ac1').image.read(0, 24) ?? []);
    expect([...values.keys()]).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect([...values.values()]).toEqual(image);
  });

  it('reads the SunSpec header of an inverter with 0-based references', async (ctx) => {
    if (!hasMbpoll) ctx.skip(`${MBPOLL} not installed (apt install mbpoll)`);
    const port = String(fleet().gateway('sx02').port);
    const values = await mbpoll(['-0', '-p', port, '-a', '9', '-r', '40000', '-c', '10']);
    expect(values.get(40000)).toBe(0x5375);
    expect(values.get(40001)).toBe(0x6e53);
    expect([...values.values()]).toEqual(Array.from(fleet().device('sx02-pv1').image.read(40000, 10) ?? []));
  });

  it("reads the meter's floats from input registers, low word first (mbpoll's default order)", async (ctx) => {
    if (!hasMbpoll) ctx.skip(`${MBPOLL} not installed (apt install mbpoll)`);
    const meter = fleet().device('sx01-mt1');
    const port = String(fleet().gateway('sx01').port);
    const { stdout } = await run(
      MBPOLL,
      [
        '-m',
        'tcp',
        '-o',
        '2',
        '-1',
        '-0',
        '-t',
        '3:float',
        '-p',
        port,
        '-a',
        String(meter.unitId),
        '-r',
        '0',
        '-c',
        '10',
        '127.0.0.1',
      ],
      { timeout: 10_000 },
    );
    const floats = new Map(
      [...stdout.matchAll(/^\[(\d+)\]:\s+(-?[\d.]+(?:e[-+]?\d+)?)/gm)].map((m) => [
        Number(m[1]),
        Number(m[2]),
      ]),
    );
    const keys = [
      'voltageA',
      'voltageB',
      'voltageC',
      'currentA',
      'currentB',
      'currentC',
      'power',
      'reactivePower',
      'powerFactor',
      'frequency',
    ];
    expect([...floats.keys()]).toEqual(keys.map((_, i) => i * 2));
    keys.forEach((key, i) => {
      expect(floats.get(i * 2), key).toBeCloseTo(meter.image.readPoint(key) as number, 2);
    });
    expect(floats.get(0)).toBeGreaterThan(200);
  });

  it('writes the power limit of a DC charger', async (ctx) => {
    if (!hasMbpoll) ctx.skip(`${MBPOLL} not installed (apt install mbpoll)`);
    const port = String(fleet().gateway('sx02').port);
    await run(MBPOLL, ['-m', 'tcp', '-o', '2', '-p', port, '-a', '7', '-r', '101', '127.0.0.1', '900'], {
      timeout: 10_000,
    });
    expect(fleet().device('sx02-dc1').image.readPoint('powerLimit')).toBe(90);
  });
});
