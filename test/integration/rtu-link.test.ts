import type { ChildProcess } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Framing, LinkError, ModbusLink } from '../../electron/acquisition/link';
import { createLogger } from '../../electron/log/logger';
import { crcMatches, rtuFrame } from '../../shared/modbus/rtu';
import { NO_PYMODBUS, pythonWithPymodbus, startPymodbus } from '../helpers/pymodbus';
import { until } from '../helpers/until';

/**
 * Modbus RTU over TCP: coils and discrete inputs against pymodbus's RTU
 * framer, and the faults a transparent serial server passes on (a frame with
 * a bad CRC, half a frame and then silence) from a peer whose every byte the
 * test decides.
 */

const log = createLogger('rtu', () => {});
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function link(port: number, framing: Framing = 'rtu-over-tcp', timeoutMs = 3000): Promise<ModbusLink> {
  const l = new ModbusLink({
    host: '127.0.0.1',
    port,
    timeoutMs,
    log,
    framing,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
  });
  return new Promise((resolve) => {
    l.onState((state) => {
      if (state === 'online') resolve(l);
    });
    l.connect();
  });
}

describe('RTU over TCP against pymodbus', () => {
  const python = pythonWithPymodbus();
  let peer: { port: number; child: ChildProcess } | undefined;
  let l: ModbusLink | undefined;
  beforeAll(async () => {
    if (!python) return;
    peer = await startPymodbus(python, 'rtu_server.py', ['0', '5']);
    l = await link(peer.port);
  });
  afterAll(() => {
    l?.close();
    peer?.child.kill();
  });

  it('reads coils (FC 1) and discrete inputs (FC 2) bit by bit, lowest first', async (ctx) => {
    if (!python) ctx.skip(NO_PYMODBUS);
    const rtu = l as ModbusLink;
    expect(await rtu.read(5, 'coil', 0, 16)).toEqual([1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(await rtu.read(5, 'discrete', 0, 11)).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(await rtu.read(5, 'coil', 7, 3)).toEqual([1, 0, 1]);
  });

  it('writes one coil (FC 5) and several (FC 15), and reads them back', async (ctx) => {
    if (!python) ctx.skip(NO_PYMODBUS);
    const rtu = l as ModbusLink;
    await rtu.writeCoils(5, 1, [1]);
    await rtu.writeCoils(5, 9, [1, 1, 0, 1, 1, 1, 1]);
    expect(await rtu.read(5, 'coil', 0, 16)).toEqual([1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1]);
    await rtu.write(5, 40149, [4242]);
    expect(await rtu.read(5, 'holding', 40149, 1)).toEqual([4242]);
  });

  it('gets a Modbus exception in an RTU frame and stays connected', async (ctx) => {
    if (!python) ctx.skip(NO_PYMODBUS);
    const rtu = l as ModbusLink;
    await expect(rtu.read(5, 'coil', 500, 4)).rejects.toMatchObject({ kind: 'exception', exceptionCode: 2 });
    expect(rtu.state).toBe('online');
    expect(await rtu.read(5, 'holding', 40000, 2)).toEqual([0x5375, 0x6e53]);
  });
});

type Reply = (request: { unitId: number; fc: number; start: number; count: number }) => Buffer | 'silent';

/** A serial server whose answers the test writes: RTU requests are 8 bytes for reads. */
async function rawRtuServer(reply: Reply) {
  const accepted: Socket[] = [];
  const server = createServer((socket) => {
    accepted.push(socket);
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 8) {
        const frame = buffer.subarray(0, 8);
        buffer = buffer.subarray(8);
        expect(crcMatches(frame)).toBe(true);
        const answer = reply({
          unitId: frame.readUInt8(0),
          fc: frame.readUInt8(1),
          start: frame.readUInt16BE(2),
          count: frame.readUInt16BE(4),
        });
        if (answer !== 'silent') socket.write(answer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  cleanups.push(() => {
    for (const socket of accepted) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
  return { port: typeof address === 'object' && address ? address.port : 0, accepted };
}

function words(unitId: number, values: number[]): Buffer {
  const pdu = Buffer.alloc(2 + values.length * 2);
  pdu.writeUInt8(3, 0);
  pdu.writeUInt8(values.length * 2, 1);
  for (const [i, v] of values.entries()) pdu.writeUInt16BE(v, 2 + i * 2);
  return Buffer.from(rtuFrame(unitId, pdu));
}

describe('RTU over TCP: bad frames reset that connection only', () => {
  it('a bad CRC fails the request as a protocol error and reconnects; a second gateway reads on', async () => {
    let corrupt = true;
    const bad = await rawRtuServer((r) => {
      const frame = words(r.unitId, [r.start]);
      if (corrupt && r.start === 99)
        frame.writeUInt8(frame.readUInt8(frame.length - 1) ^ 0xff, frame.length - 1);
      return frame;
    });
    const good = await rawRtuServer((r) => words(r.unitId, [r.start + 1]));
    const [flaky, steady] = await Promise.all([
      link(bad.port, 'rtu-over-tcp', 500),
      link(good.port, 'rtu-over-tcp', 500),
    ]);
    cleanups.push(
      () => flaky.close(),
      () => steady.close(),
    );
    const steadyReads = Promise.all(Array.from({ length: 20 }, (_, i) => steady.read(1, 'holding', i, 1)));
    const failure = await flaky.read(1, 'holding', 99, 1).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LinkError);
    expect((failure as LinkError).kind).toBe('protocol');
    expect((failure as LinkError).message).toMatch(/bad RTU frame .*CRC error/);
    expect(await steadyReads).toEqual(Array.from({ length: 20 }, (_, i) => [i + 1]));
    corrupt = false;
    await until(() => flaky.state === 'online');
    expect(await flaky.read(1, 'holding', 99, 1)).toEqual([99]);
    expect(bad.accepted).toHaveLength(2);
    expect(good.accepted).toHaveLength(1);
  });

  it('half a frame and then silence is a bad frame, not a wait for the rest', async () => {
    let half = true;
    const peer = await rawRtuServer((r) => {
      const frame = words(r.unitId, [7, 8, 9]);
      return half ? frame.subarray(0, 5) : frame;
    });
    const rtu = await link(peer.port, 'rtu-over-tcp', 300);
    cleanups.push(() => rtu.close());
    await expect(rtu.read(2, 'holding', 0, 3)).rejects.toMatchObject({
      kind: 'protocol',
      message: expect.stringMatching(/partial RTU frame \(5 bytes\).*then silence/),
    });
    half = false;
    await until(() => rtu.state === 'online');
    expect(await rtu.read(2, 'holding', 0, 3)).toEqual([7, 8, 9]);
    expect(peer.accepted).toHaveLength(2);
  });

  it('an answer from another unit, or a function code no request draws, resets too', async () => {
    const peer = await rawRtuServer((r) =>
      r.start === 1
        ? words(r.unitId + 1, [1])
        : Buffer.from(rtuFrame(r.unitId, Buffer.from([0x2b, 0x0e, 0x01]))),
    );
    const rtu = await link(peer.port, 'rtu-over-tcp', 300);
    cleanups.push(() => rtu.close());
    await expect(rtu.read(4, 'holding', 1, 1)).rejects.toThrow(/answer from unit 5 to a request for unit 4/);
    await until(() => rtu.state === 'online');
    await expect(rtu.read(4, 'holding', 2, 1)).rejects.toThrow(/function code 43 is not an answer/);
  });
});
