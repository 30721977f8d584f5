import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resourcesDir } from '../node/resources';
import type { DeskInfo } from '../shared/api';
import { channelFromPortMain, type MessagePortMainLike } from './bridge/port-channel';
import { serveChannel } from './bridge/serve-channel';
import { ConfigError } from './config/load';
import { startDeskEngine } from './demo/start';
import type { Engine } from './engine/engine';
import { defaultDataDir } from './engine/paths';
import { createLogger } from './log/logger';
import type { TileReplyMessage, TileRequestMessage } from './tiles/protocol';
import { trainingDesks } from './training/launch';

/**
 * What electron/main.ts tells the engine host. A connect-renderer message carries one port; a tile
 * message asks for a map tile for the window's dutydesk-tiles: protocol.
 */
export type ToEngineHost = { type: 'connect-renderer' } | { type: 'stop' } | TileRequestMessage;

/** What the engine host tells electron/main.ts. */
export type FromEngineHost =
  | { type: 'ready'; info: DeskInfo }
  | { type: 'fatal'; message: string }
  | TileReplyMessage;

/** Electron's process.parentPort, declared here because the engine never loads electron. */
type ParentPort = {
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): unknown;
  postMessage(message: FromEngineHost): void;
};

const log = createLogger('engine-host');

function readOptions(): { configPath: string | null; resourcesDir: string; dataDir: string } {
  // Electron may put its own switches around ours, so unknown flags and positionals are tolerated.
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { config: { type: 'string' }, resources: { type: 'string' }, data: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const text = (value: string | boolean | undefined) => (typeof value === 'string' && value ? value : null);
  return {
    configPath: text(values.config),
    resourcesDir: text(values.resources) ?? resourcesDir(),
    dataDir: text(values.data) ?? defaultDataDir(),
  };
}

function messageType(data: unknown): ToEngineHost['type'] | null {
  if (typeof data !== 'object' || data === null || !('type' in data)) return null;
  return data.type === 'connect-renderer' || data.type === 'stop' || data.type === 'tile' ? data.type : null;
}

/** The tile's coordinates go on as text: the engine's tile service checks them like a request path. */
function tileRequest(data: unknown): TileRequestMessage | null {
  const { id, z, x, y } = data as Record<string, unknown>;
  if (typeof id !== 'number' || ![z, x, y].every((part) => typeof part === 'string')) return null;
  return { type: 'tile', id, z: z as string, x: x as string, y: y as string };
}

async function run(parentPort: ParentPort): Promise<void> {
  const options = readOptions();
  const starting = startDeskEngine({
    shell: 'electron',
    ...options,
    // A drill's training desk is opened in a browser: its bridge serves the UI built beside this entry.
    drills: trainingDesks({
      resourcesDir: options.resourcesDir,
      rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    }),
    log: log.child('engine'),
    // The worker entries are built beside this one (electron.vite.config.ts): history and the chain check run off the engine's thread.
    workerDir: new URL('.', import.meta.url),
  });

  // Listening before the engine is up means a port sent early waits (MessagePortMain queues until
  // start()) instead of being lost. A failed start is reported once, below, so it is ignored here.
  parentPort.on('message', ({ data, ports }) => {
    const type = messageType(data);
    if (type === 'connect-renderer') {
      const [port] = ports;
      if (ports.length !== 1 || !port) {
        log.warn(`connect-renderer carried ${ports.length} ports instead of 1; ignored`);
        return;
      }
      void starting.then(
        // The window is the workstation itself; each page load gets its own sign-in.
        (engine) =>
          serveChannel(
            engine,
            channelFromPortMain(port),
            log.child('ipc'),
            engine.connect({ via: 'local', loopback: true }),
          ),
        () => undefined,
      );
    } else if (type === 'stop') {
      void starting.then(stop, () => process.exit(1));
    } else if (type === 'tile') {
      const request = tileRequest(data);
      if (!request) return;
      void starting
        .then((engine) => engine.tile({ z: request.z, x: request.x, y: request.y }))
        .catch((error: unknown) => ({ ok: false as const, status: 502 as const, error: String(error) }))
        .then((result) => parentPort.postMessage({ type: 'tile', id: request.id, result }));
    } else {
      log.warn('ignored a message from main that is not connect-renderer, stop or tile');
    }
  });

  let engine: Engine;
  try {
    engine = await starting;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(error instanceof Error && !(error instanceof ConfigError) ? (error.stack ?? message) : message);
    parentPort.postMessage({ type: 'fatal', message });
    // A half-started engine may still hold sockets; the delay lets the message above reach main first.
    setTimeout(() => process.exit(1), 200);
    return;
  }
  parentPort.postMessage({ type: 'ready', info: engine.info });
  log.info(`engine up (${engine.info.fleet} fleet)`);
}

async function stop(engine: Engine): Promise<void> {
  try {
    await engine.stop();
    process.exit(0);
  } catch (error) {
    log.error(`engine did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) {
  void run(parentPort);
} else {
  log.error(
    'engine-host runs only as an Electron utility process; for a plain Node desk run out/main/headless.js',
  );
  process.exit(2);
}
