import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resourcesDir } from './acquisition/profiles';
import { BridgeError, startWebBridge } from './bridge/web';
import { ConfigError } from './config/load';
import { startEngine } from './engine/engine';
import { defaultDataDir } from './engine/paths';
import { createLogger } from './log/logger';
import { StoreError } from './store/database';

/**
 * The headless desk: the engine plus the web bridge, under plain Node.
 * `npm run serve`, the fallback of `npm start`, and the wallboard host.
 */
const USAGE = `usage: node out/main/headless.js [--port N] [--host ADDR] [--config FILE] [--token TOKEN]
  --port    bridge port (default 4873, or DUTYDESK_PORT)
  --host    bridge address (default 127.0.0.1, or DUTYDESK_HOST); anything else needs a token
  --config  station configuration file (or DUTYDESK_CONFIG); without one the built-in demo fleet runs
  --token   bridge token (or DUTYDESK_BRIDGE_TOKEN)
  --data    where the journal is kept (or DUTYDESK_DATA; default ${defaultDataDir()})`;

async function main(): Promise<void> {
  const log = createLogger('desk');
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    process.stderr.write(`DutyDesk: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(args.port ?? process.env.DUTYDESK_PORT ?? 4873);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`DutyDesk: --port must be a number from 0 to 65535, not "${args.port}"\n`);
    process.exit(2);
  }
  const host = args.host ?? process.env.DUTYDESK_HOST ?? '127.0.0.1';
  const token = args.token ?? process.env.DUTYDESK_BRIDGE_TOKEN ?? null;
  const configPath = args.config ?? process.env.DUTYDESK_CONFIG ?? null;

  try {
    const dataDir = args.data ?? defaultDataDir();
    const engine = await startEngine({
      shell: 'headless',
      configPath,
      resourcesDir: resourcesDir(),
      dataDir,
      log,
    });
    let bridge: Awaited<ReturnType<typeof startWebBridge>>;
    try {
      bridge = await startWebBridge({
        engine,
        host,
        port,
        token,
        rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
        log: log.child('bridge'),
      });
    } catch (error) {
      await engine.stop();
      throw error;
    }
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    process.stdout.write(`DutyDesk headless desk is running: ${bridge.url}${query}\n`);
    const shutdown = async () => {
      log.info('stopping');
      await bridge.close();
      await engine.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BridgeError || error instanceof StoreError) {
      process.stderr.write(`DutyDesk: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      token: { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
}

void main();
