import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import Modbus from 'jsmodbus';
import { type Engine, startEngine } from '../electron/engine/engine';
import { createLogger } from '../electron/log/logger';
import { resourcesDir } from '../node/resources';
import type { FleetDelta } from '../shared/api/contract';
import type { BenchBlock, Endpoint, FromChild, ToChild } from './fleet-protocol';
import { wallClock } from './fleet-protocol';

/**
 * One measured process of the poller benchmark: either the real engine
 * polling the benchmark fleet, or the bare jsmodbus baseline against the
 * same servers. Forked by bench/poller.ts, one child per phase, so every
 * phase starts with a fresh heap and its own CPU account.
 */

const send = (message: FromChild) => process.send?.(message);

let counted: () => { reads: number; failedReads: number } = () => ({ reads: 0, failedReads: 0 });
let stopping: () => Promise<void> = async () => {};
let lastElu = performance.eventLoopUtilization();

function sample(): void {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization(lastElu);
  lastElu = performance.eventLoopUtilization();
  send({
    kind: 'sample',
    at: wallClock(),
    ...counted(),
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    elu: elu.utilization,
  });
}

/** Resolves when the socket connects; rejects on the first error. */
function connected(socket: Socket, to: Endpoint): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(to, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

/** jsmodbus internals: a TCP client's unit id lives in the client and in its request handler. */
type UnitIdSlots = { _unitId: number; _requestHandler: { _unitId: number } };

/**
 * The baseline: per gateway one socket and one loop that reads every unit's
 * due blocks back to back, one request outstanding per socket as in our
 * link. Nothing is decoded beyond what jsmodbus does itself.
 */
async function bare(message: Extract<ToChild, { kind: 'bare' }>): Promise<void> {
  let reads = 0;
  let failedReads = 0;
  let running = true;
  counted = () => ({ reads, failedReads });
  const sockets: Socket[] = [];
  const loops = message.gateways.map(async (gateway) => {
    const socket = new Socket();
    sockets.push(socket);
    // Twenty clients on one socket are twenty listeners by design.
    socket.setMaxListeners(0);
    // jsmodbus marks a client online on the socket's 'connect' event: clients made after it stay offline.
    const clients =
      message.clients === 'per-unit'
        ? message.unitIds.map((unitId) => new Modbus.client.TCP(socket, unitId, message.timeoutMs))
        : [new Modbus.client.TCP(socket, message.unitIds[0], message.timeoutMs)];
    socket.on('error', () => {});
    await connected(socket, gateway);
    socket.setNoDelay(true);
    const read = async (unitId: number, index: number, block: BenchBlock) => {
      const client = message.clients === 'shared' ? clients[0] : clients[index];
      if (!client) throw new Error('no client');
      if (message.clients === 'shared') {
        // Every client on a socket parses every answer; one client, its unit id switched per request, parses each once.
        const slots = client as unknown as UnitIdSlots;
        slots._unitId = unitId;
        slots._requestHandler._unitId = unitId;
      }
      const reply =
        block.table === 'holding'
          ? await client.readHoldingRegisters(block.start, block.count)
          : await client.readInputRegisters(block.start, block.count);
      return reply.response.body.valuesAsArray.length;
    };
    for (let cycle = 0; running; cycle++) {
      for (const [index, unitId] of message.unitIds.entries()) {
        for (const block of message.blocks) {
          if (!running) break;
          if (cycle % block.every !== 0) continue;
          try {
            await read(unitId, index, block);
            reads += 1;
          } catch {
            failedReads += 1;
          }
        }
      }
    }
  });
  stopping = async () => {
    running = false;
    await Promise.race([Promise.allSettled(loops), new Promise((r) => setTimeout(r, 2000))]);
    for (const socket of sockets) socket.destroy();
  };
  send({ kind: 'ready', at: wallClock() });
}

async function engine(message: Extract<ToChild, { kind: 'engine' }>): Promise<void> {
  // Warnings for 5,000 devices would be the benchmark's own cost; errors still show.
  const log = createLogger('bench-engine', (line) => process.stderr.write(line));
  const running: Engine = await startEngine({
    shell: 'headless',
    configPath: message.configPath,
    resourcesDir: resourcesDir(),
    dataDir: message.dataDir,
    log,
  });
  counted = () => {
    const stats = running.stats();
    return { reads: stats.reads, failedReads: stats.failedReads };
  };
  // Only transitions of comms go to the parent; the engine's own deltas stay here.
  const comms = new Map<string, string>();
  running.subscribe((frame) => {
    if (frame.event !== 'fleet.delta') return;
    const delta = frame.data as FleetDelta;
    const changes: Extract<FromChild, { kind: 'comms' }>['changes'] = [];
    for (const status of delta.status) {
      if (comms.get(status.deviceId) === status.comms) continue;
      comms.set(status.deviceId, status.comms);
      changes.push({ deviceId: status.deviceId, comms: status.comms });
    }
    if (changes.length) send({ kind: 'comms', at: wallClock(), changes });
  });
  stopping = () => running.stop();
  send({ kind: 'ready', at: wallClock() });
}

process.on('message', (message: ToChild) => {
  const fail = (error: unknown) => {
    send({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  };
  switch (message.kind) {
    case 'bare':
      bare(message).catch(fail);
      break;
    case 'engine':
      engine(message).catch(fail);
      break;
    case 'sample':
      sample();
      break;
    case 'stop':
      // process.exit, not a kill: --cpu-prof writes its profile only on a normal exit.
      stopping()
        .catch(fail)
        .finally(() => process.exit(0));
      break;
  }
});

// A parent that died must not leave 5,000 devices being polled.
process.on('disconnect', () => process.exit(0));
