import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import WebSocket from 'ws';
import { channelFromNodePort } from '../../electron/bridge/port-channel';
import { serveChannel } from '../../electron/bridge/serve-channel';
import { startWebBridge, type WebBridge } from '../../electron/bridge/web';
import { type Engine, startEngine } from '../../electron/engine/engine';
import { createLogger, type Logger } from '../../electron/log/logger';
import type { DrillLauncher } from '../../electron/training/service';
import type { EventPayload, MethodName, Params, Result } from '../../shared/api/contract';
import { parseResult, parseServerFrame, type ReplyFrame, type ServerFrame } from '../../shared/api/frames';
import type { Role } from '../../shared/auth/roles';
import type { DeskConfigInput } from '../../shared/config/schema';
import { type FleetOptions, type RunningFleet, startFleet } from '../../sim/fleet';

export const quietLog = createLogger('test', () => {});
export const resources = join(import.meta.dirname, '../../resources');

/** The first admin startDesk creates, as a headless install does from DUTYDESK_ADMIN_USER / _PASSWORD. */
export const TEST_ADMIN = { user: 'admin', password: 'duty-desk-test-admin' } as const;

/** A simulator fleet and an engine polling it through a config file, as in the field. */
export async function startDesk(
  options: {
    pollIntervalMs?: number;
    timeoutMs?: number;
    stations?: number;
    /** The simulator's seed (42 unless said). */
    seed?: number;
    /** The engine's data folder (a fresh one unless said: a small disk, a damaged file). */
    dataDir?: string;
    /** Stations the simulator serves through a serial server, RTU over TCP. */
    rtuStations?: readonly string[];
    access?: DeskConfigInput['access'];
    sync?: DeskConfigInput['sync'];
    alarmRules?: DeskConfigInput['alarmRules'];
    /** The first admin account; null leaves the install fresh (no account yet). */
    firstAdmin?: { user: string; password: string } | null;
    /** Changes the desk's config before it is written (devices fed another way, extra sections). */
    extend?: (config: DeskConfigInput) => DeskConfigInput;
    /** Runs on the simulator before the engine starts, so its first poll already sees what this sets. */
    prepare?: (fleet: RunningFleet) => void;
    /** The simulator's clock, and its physics period (0: the test ticks it). */
    simClock?: Pick<FleetOptions, 'now' | 'tickMs'>;
    /** Training desks for the drills the desk starts, as the shells hand them in. */
    drills?: DrillLauncher;
    /** Where the engine's log lines go (quiet by default). */
    log?: Logger;
  } = {},
) {
  const fleet = await startFleet({
    seed: options.seed ?? 42,
    stations: options.stations ?? 3,
    ...(options.rtuStations ? { rtuStations: options.rtuStations } : {}),
    ...options.simClock,
  });
  options.prepare?.(fleet);
  const config = {
    ...(options.extend ? options.extend(fleet.config) : fleet.config),
    pollIntervalMs: options.pollIntervalMs ?? 200,
    timeoutMs: options.timeoutMs ?? 200,
    ...(options.access ? { access: options.access } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    ...(options.alarmRules ? { alarmRules: options.alarmRules } : {}),
  };
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-desk-'));
  const configPath = join(dir, 'stations.json');
  writeFileSync(configPath, JSON.stringify(config));
  const dataDir = options.dataDir ?? join(dir, 'data');
  const open = () =>
    startEngine({
      shell: 'headless',
      configPath,
      resourcesDir: resources,
      dataDir,
      log: options.log ?? quietLog,
      adminSetup:
        options.firstAdmin === null ? null : { ...(options.firstAdmin ?? TEST_ADMIN), source: 'the test' },
      ...(options.drills ? { drills: options.drills } : {}),
    });
  const engine = await open().catch(async (error: unknown) => {
    // A desk that refuses to start must not leave its simulator listening.
    await fleet.stop();
    throw error;
  });
  return {
    fleet,
    engine,
    config,
    configPath,
    dataDir,
    /** A new engine on the same configuration and data folder, once the test has stopped `engine`. */
    reopen: open,
    async stop() {
      await engine.stop();
      await fleet.stop();
    },
  };
}

export type DeskOptions = Parameters<typeof startDesk>[0];
export type StartedDesk = Awaited<ReturnType<typeof startDesk>>;

/** How the desk's config keeps a bridge token. */
export const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Someone a bridge token names: the role it grants and the secret their client presents. */
export type TokenHolder = { name: string; role: Role; token: string };

/** The lobby screen: a wallboard token, the one who may watch and nothing more. */
export const LOBBY_TV: TokenHolder = { name: 'lobby-tv', role: 'wallboard', token: 'tv-token' };

/** The shell gets `localRole`, each holder's token its role; tokens stored hashed, as in the field. */
export function tokenAccess(localRole: Role, holders: readonly TokenHolder[]): DeskConfigInput['access'] {
  return { localRole, tokens: holders.map((h) => ({ name: h.name, role: h.role, sha256: sha256(h.token) })) };
}

/** A contract client over its own web bridge. */
export type BridgeClient = Awaited<ReturnType<typeof overWebSocket>>;
export type DeskWithClients<K extends string> = StartedDesk & { clients: Record<K, BridgeClient> };

/**
 * A desk and a contract client per name, each over its own bridge: signed by
 * its token where it has one, else as the local shell. `stop` closes the
 * clients, then the desk.
 */
export async function startDeskWithClients<K extends string>(
  options: DeskOptions,
  clients: Record<K, { token?: string }>,
): Promise<DeskWithClients<K>> {
  const desk = await startDesk(options);
  const open = {} as Record<K, BridgeClient>;
  for (const [name, { token }] of Object.entries(clients) as [K, { token?: string }][])
    open[name] = await overWebSocket(desk.engine, token ? { token } : {});
  return {
    ...desk,
    clients: open,
    async stop() {
      for (const client of Object.values<BridgeClient>(open)) await client.close();
      await desk.stop();
    },
  };
}

/**
 * A desk that one operator (by their token) and the lobby TV watch, each over
 * its own bridge, with anyone else connecting as the shell's `localRole`:
 * the setting of the tests that check one role against the wallboard.
 */
export function startDeskWithOperator(
  operator: TokenHolder,
  { localRole, ...options }: DeskOptions & { localRole: Role },
): Promise<DeskWithClients<'operator' | 'wallboard'>> {
  return startDeskWithClients(
    { ...options, access: tokenAccess(localRole, [operator, LOBBY_TV]) },
    { operator, wallboard: LOBBY_TV },
  );
}

/**
 * A client of the contract over some raw transport: sends request frames,
 * checks every frame the engine sends back against the contract.
 */
export class ContractClient {
  private nextId = 1;
  private readonly waiting = new Map<number | null, (frame: ReplyFrame) => void>();
  readonly deltas: EventPayload<'fleet.delta'>[] = [];
  /** Every other event, in arrival order. */
  readonly events: { event: string; data: unknown }[] = [];
  readonly errors: ReplyFrame[] = [];

  constructor(
    private readonly sendRaw: (frame: unknown) => void,
    subscribe: (listener: (raw: unknown) => void) => void,
  ) {
    subscribe((raw) => {
      const frame: ServerFrame = parseServerFrame(raw);
      if (frame.type === 'event') {
        if (frame.event === 'fleet.delta') this.deltas.push(frame.data as EventPayload<'fleet.delta'>);
        else this.events.push({ event: frame.event, data: frame.data });
        return;
      }
      const resolve = this.waiting.get(frame.id);
      if (resolve) {
        this.waiting.delete(frame.id);
        resolve(frame);
      } else this.errors.push(frame);
    });
  }

  async request<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    const reply = await this.raw({ type: 'request', id: this.nextId++, method, params });
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return parseResult(method, reply.result) as Result<M>;
  }

  /** Sends anything; resolves with the reply carrying the frame's id, or the next id-less error. */
  raw(frame: unknown): Promise<ReplyFrame> {
    const id =
      typeof frame === 'object' && frame !== null && 'id' in frame && typeof frame.id === 'number'
        ? frame.id
        : null;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.sendRaw(frame);
    });
  }

  async waitFor<T>(find: () => T | undefined, ms = 10_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > end) throw new Error('expected update did not arrive in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  sample(deviceId: string, key: string) {
    for (let i = this.deltas.length - 1; i >= 0; i--) {
      const s = this.deltas[i]?.samples.find((x) => x.deviceId === deviceId && x.key === key);
      if (s) return s;
    }
    return undefined;
  }

  status(deviceId: string) {
    for (let i = this.deltas.length - 1; i >= 0; i--) {
      const s = this.deltas[i]?.status.find((x) => x.deviceId === deviceId);
      if (s) return s;
    }
    return undefined;
  }
}

export type Transport = { client: ContractClient; sendText?: (text: string) => void; close(): Promise<void> };

export async function overWebSocket(
  engine: Engine,
  options: { token?: string; bridgeToken?: string } = {},
): Promise<Transport & { bridge: WebBridge; ws: WebSocket }> {
  const bridge = await startWebBridge({
    engine,
    host: '127.0.0.1',
    port: 0,
    token: options.bridgeToken ?? null,
    rendererDir: null,
    log: quietLog,
  });
  const query = options.token ? `?token=${encodeURIComponent(options.token)}` : '';
  const connected = await connectWebSocket(bridge.port, query);
  return {
    ...connected,
    bridge,
    async close() {
      await connected.close();
      await bridge.close();
    },
  };
}

/** A contract client on a bridge already listening at `port` on loopback (a training desk's, say). */
export async function connectWebSocket(port: number, query = ''): Promise<Transport & { ws: WebSocket }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api${query}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const client = new ContractClient(
    (frame) => ws.send(JSON.stringify(frame)),
    (listener) => ws.on('message', (data) => listener(JSON.parse(data.toString()))),
  );
  return {
    ws,
    client,
    sendText: (text) => ws.send(text),
    async close() {
      ws.close();
    },
  };
}

/** Electron cannot run here: a Node MessageChannel stands in for the MessagePort the preload holds. */
export async function overIpcStandIn(engine: Engine): Promise<Transport> {
  const { port1, port2 } = new MessageChannel();
  serveChannel(
    engine,
    channelFromNodePort(port1),
    quietLog,
    engine.connect({ via: 'local', loopback: true }),
  );
  const client = new ContractClient(
    (frame) => port2.postMessage(frame),
    (listener) => port2.on('message', listener),
  );
  return {
    client,
    async close() {
      port2.close();
    },
  };
}

/** Signs in on this connection; a config file's desk is watch-only until someone does. */
export function signIn(client: ContractClient, account: { user: string; password: string } = TEST_ADMIN) {
  return client.request('auth.login', { user: account.user, password: account.password });
}

export type { RunningFleet };
