import { afterEach, describe, expect, it } from 'vitest';
import { LinkError, ModbusLink } from '../../electron/acquisition/link';
import { createLogger } from '../../electron/log/logger';
import { type Answer, exceptionAnswer, readAnswer, startRawServer } from '../helpers/raw-modbus';
import { until } from '../helpers/until';

const log = createLogger('test', () => {});
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function linkTo(answer: Answer, timeoutMs = 300) {
  const server = await startRawServer(answer);
  const link = new ModbusLink({
    host: '127.0.0.1',
    port: server.port,
    timeoutMs,
    log,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
  });
  cleanups.push(
    () => link.close(),
    () => server.close(),
  );
  link.connect();
  await until(() => link.state === 'online');
  return { link, server };
}

const counting: Answer = (r) =>
  readAnswer(
    r.tid,
    r.unitId,
    Array.from({ length: r.count }, (_, i) => r.start + i),
  );

describe('Modbus link over real TCP', () => {
  it('reads registers, serializing requests for several units on one connection', async () => {
    const { link, server } = await linkTo(counting);
    const reads = await Promise.all([
      link.read(1, 'holding', 10, 3),
      link.read(2, 'holding', 20, 2),
      link.read(3, 'holding', 0, 1),
    ]);
    expect(reads).toEqual([[10, 11, 12], [20, 21], [0]]);
    expect(server.sockets.size).toBe(1);
  });

  it('reports a Modbus exception without touching the connection', async () => {
    const { link } = await linkTo((r) =>
      r.start === 99 ? exceptionAnswer(r.tid, r.unitId, r.fc, 2) : counting(r),
    );
    await expect(link.read(1, 'holding', 99, 1)).rejects.toMatchObject({
      kind: 'exception',
      exceptionCode: 2,
    });
    expect(await link.read(1, 'holding', 5, 1)).toEqual([5]);
    expect(link.state).toBe('online');
  });

  it('times out a silent unit and still serves the next request', async () => {
    const { link } = await linkTo((r) => (r.unitId === 9 ? 'silent' : counting(r)));
    await expect(link.read(9, 'holding', 0, 1)).rejects.toThrow(/did not answer within 300 ms/);
    expect(await link.read(1, 'holding', 7, 1)).toEqual([7]);
  });

  it('resets a hung gateway at once: two units in a row without an answer fail everything queued', async () => {
    let hung = false;
    const { link } = await linkTo((r) => (hung ? 'silent' : counting(r)), 150);
    expect(await link.read(1, 'holding', 0, 1)).toEqual([0]);
    hung = true;
    const reasons: string[] = [];
    link.onHung((reason) => reasons.push(reason));
    const reads = [1, 2, 3, 4].map((unit) =>
      link.read(unit, 'holding', 0, 1).catch((e: LinkError) => e.kind),
    );
    // Units 1 and 2 time out; 3 and 4 never wait out their own timeouts.
    expect(await Promise.all(reads)).toEqual(['comms', 'comms', 'down', 'down']);
    expect(reasons).toEqual([expect.stringMatching(/no answer from unit 1 or unit 2/)]);
  });

  it('keeps the connection when only one unit behind the gateway hangs', async () => {
    const { link } = await linkTo((r) => (r.unitId === 9 ? 'silent' : counting(r)), 150);
    const results = await Promise.all(
      [9, 1, 9, 2, 9, 3].map((unit) => link.read(unit, 'holding', unit, 1).catch((e: LinkError) => e.kind)),
    );
    expect(results).toEqual(['comms', [1], 'comms', [2], 'comms', [3]]);
    expect(link.state).toBe('online');
  });

  it('drops a late answer instead of handing it to the next request', async () => {
    let first = true;
    const pending: Buffer[] = [];
    const { link, server } = await linkTo((r) => {
      if (first) {
        first = false;
        pending.push(readAnswer(r.tid, r.unitId, [0xdead]));
        return 'silent';
      }
      return counting(r);
    }, 150);
    await expect(link.read(1, 'holding', 0, 1)).rejects.toBeInstanceOf(LinkError);
    const second = link.read(1, 'holding', 42, 1);
    for (const s of server.sockets) s.write(pending[0] ?? Buffer.alloc(0));
    expect(await second).toEqual([42]);
  });

  it('resets the connection on a malformed frame, then reconnects', async () => {
    let garbage = true;
    const { link, server } = await linkTo((r) => {
      if (garbage) {
        garbage = false;
        return Buffer.from([r.tid >> 8, r.tid & 0xff, 0x12, 0x34, 0xff, 0xff, 1, 3]);
      }
      return counting(r);
    });
    await expect(link.read(1, 'holding', 0, 1)).rejects.toMatchObject({ kind: 'protocol' });
    await until(() => link.state === 'online' && server.sockets.size === 1);
    expect(await link.read(1, 'holding', 3, 2)).toEqual([3, 4]);
  });

  it('rejects a short answer whose byte count does not match the request', async () => {
    const { link } = await linkTo((r) => readAnswer(r.tid, r.unitId, [1]));
    await expect(link.read(1, 'holding', 0, 4)).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('reconnects at once after a dropped connection', async () => {
    const { link, server } = await linkTo(counting);
    const states: string[] = [];
    link.onState((state) => states.push(state));
    for (const s of server.sockets) s.destroy();
    await until(() => states.at(-1) === 'online');
    expect(states).toEqual(['down', 'connecting', 'online']);
    expect(await link.read(1, 'holding', 1, 1)).toEqual([1]);
  });

  it('fails fast while the device is unreachable and comes back when it returns', async () => {
    const { link, server } = await linkTo(counting);
    const { port } = server;
    await server.close();
    await until(() => link.state === 'down');
    await expect(link.read(1, 'holding', 0, 1)).rejects.toMatchObject({ kind: 'down' });
    server.server.listen(port, '127.0.0.1');
    await until(() => link.state === 'online');
    expect(await link.read(1, 'holding', 2, 1)).toEqual([2]);
  });
});
