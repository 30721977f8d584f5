import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { commandFlags } from '../node/command-line';
import { resourcesDir } from '../node/resources';
import { BridgeError, startWebBridge } from './bridge/web';
import { ConfigError } from './config/load';
import { startDeskEngine } from './demo/start';
import { defaultDataDir } from './engine/paths';
import { createLogger } from './log/logger';
import { moveSyncTokenToStore, setSecretCommand } from './secrets/cli';
import { openSecretStore, SecretError, type SecretStore } from './secrets/store';
import { StoreError } from './store/database';
import { StoreUnavailable } from './store/writable';
import { startDrillFromFlags } from './training/cli';
import { trainingDesks } from './training/launch';

/**
 * The headless desk: the engine plus the web bridge, under plain Node.
 * `npm run serve`, the fallback of `npm start`, and the wallboard host.
 */
const USAGE = `usage: node out/main/headless.js [--port N] [--host ADDR] [--config FILE] [--token TOKEN]
  --port    bridge port (default 4873, or DUTYDESK_PORT)
  --host    bridge address (default 127.0.0.1, or DUTYDESK_HOST); anything else needs a token
  --config  station configuration file (or DUTYDESK_CONFIG); without one the built-in demo fleet runs
  --token   bridge token (or DUTYDESK_BRIDGE_TOKEN)
  --data    where the journal is kept (or DUTYDESK_DATA; default ${defaultDataDir()})
  --remember-token  keep the given --token in DATA/secrets, so LAN mode starts without it next time
  --accounts  operators sign in on the demo fleet too (a --config desk always requires it)
  --at TIME, --seed N  the demo fleet's clock starts at TIME (e.g. 2026-06-15T10:30:00+08:00) and runs
            on from there, its randomness from seed N: the same fleet whenever it is started
  --drill NAME --trainee USER [--trainee USER…] --lead USER [--speed 1|10|60]  starts the drill NAME of
            resources/scenarios for the named trainees under the shift lead's name once the desk is up, and
            prints its training desk's address; end it (and read the records) in the Drills view (Y)
  --no-demo-week  a fresh demo desk starts empty instead of with its generated week (tests of an empty desk)
  --tls-cert, --tls-key  PEM certificate and key: the bridge serves HTTPS/WSS (or DUTYDESK_TLS_CERT/_KEY)
  --allow-host NAME  a further name browsers reach this desk by (a LAN DNS name; repeatable, or
            DUTYDESK_ALLOWED_HOSTS=a,b); other names are refused, so no page can rebind one to this desk
  --set-secret NAME  store sync-token or bridge-token from stdin in DATA/secrets and exit; plain Node
            has no OS keychain, so it is a 0600 file, unencrypted (the desktop app seals it instead)
first start of a fresh install without a window: DUTYDESK_ADMIN_USER with DUTYDESK_ADMIN_PASSWORD
  or DUTYDESK_ADMIN_PASSWORD_FILE creates the first admin (ignored once any account exists)`;

async function main(): Promise<void> {
  const log = createLogger('desk');
  const args = commandFlags('DutyDesk', USAGE, parse);
  if (!args) return;
  const port = Number(args.port ?? process.env.DUTYDESK_PORT ?? 4873);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`DutyDesk: --port must be a number from 0 to 65535, not "${args.port}"\n`);
    process.exit(2);
  }
  const host = args.host ?? process.env.DUTYDESK_HOST ?? '127.0.0.1';
  const givenToken = args.token ?? process.env.DUTYDESK_BRIDGE_TOKEN ?? null;
  const configPath = args.config ?? process.env.DUTYDESK_CONFIG ?? null;
  const tlsCert = args['tls-cert'] ?? process.env.DUTYDESK_TLS_CERT ?? null;
  const tlsKey = args['tls-key'] ?? process.env.DUTYDESK_TLS_KEY ?? null;
  if (Boolean(tlsCert) !== Boolean(tlsKey)) {
    process.stderr.write('DutyDesk: --tls-cert and --tls-key go together\n');
    process.exit(2);
  }

  const dataDir = args.data ?? defaultDataDir();
  let store: SecretStore | null = null;
  // Opened only when needed: it says in the log that its files are unencrypted, which a demo run need not hear.
  const secrets = () => {
    store ??= openSecretStore(dataDir, null, log.child('secrets'));
    return store;
  };
  if (args['set-secret'] !== undefined) {
    try {
      process.stderr.write(
        `DutyDesk: ${await setSecretCommand(secrets(), args['set-secret'], process.stdin)}\n`,
      );
      return;
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      process.stderr.write(`DutyDesk: --set-secret: ${error.message}\n`);
      process.exit(2);
    }
  }

  try {
    const token = bridgeToken(givenToken, host, secrets, args['remember-token'] ?? false);
    if (configPath) moveSyncTokenToStore(configPath, secrets, log.child('secrets'));
    const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
    const engine = await startDeskEngine(
      {
        shell: 'headless',
        configPath,
        resourcesDir: resourcesDir(),
        // Drills started from the desk run training desks served from the same UI.
        drills: trainingDesks({ resourcesDir: resourcesDir(), rendererDir }),
        // The worker entries are built beside this one (electron.vite.config.ts): history and the chain check run off the engine's thread.
        workerDir: new URL('.', import.meta.url),
        dataDir,
        log,
        accounts: args.accounts ?? false,
        adminSetup: adminFromEnvironment(),
        syncToken: configPath ? storedSyncToken(secrets(), log) : null,
      },
      { at: args.at, seed: args.seed, week: !args['no-demo-week'] },
    );
    const fromConfig = engine.access().tls;
    const tls =
      tlsCert && tlsKey
        ? { certPath: tlsCert, keyPath: tlsKey }
        : fromConfig
          ? { certPath: fromConfig.cert, keyPath: fromConfig.key }
          : null;
    let bridge: Awaited<ReturnType<typeof startWebBridge>>;
    try {
      bridge = await startWebBridge({
        engine,
        host,
        port,
        token,
        tls,
        allowedHosts: allowedHosts(args['allow-host']),
        rendererDir,
        log: log.child('bridge'),
      });
    } catch (error) {
      await engine.stop();
      throw error;
    }
    if (args.drill !== undefined) {
      const drill = await startDrillFromFlags(engine, {
        drill: args.drill,
        trainees: args.trainee ?? [],
        speed: args.speed,
        lead: args.lead,
      }).catch(async (error: unknown) => {
        await bridge.close();
        await engine.stop();
        throw error;
      });
      process.stdout.write(
        `DutyDesk drill ${drill.scenario} is running for ${drill.trainees.join(', ')} at ×${drill.speed}: ${drill.url}\n`,
      );
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
    // A data folder full or read-only at start is said in one line, like a bad config (electron/store/writable.ts).
    if (
      error instanceof ConfigError ||
      error instanceof BridgeError ||
      error instanceof StoreError ||
      error instanceof StoreUnavailable
    ) {
      process.stderr.write(`DutyDesk: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/**
 * The bridge token: given, or in LAN mode the one remembered earlier. The
 * headless desk has no OS keychain, so a remembered token is a 0600 file.
 */
function bridgeToken(
  given: string | null,
  host: string,
  secrets: () => SecretStore,
  remember: boolean,
): string | null {
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
  if (!remember && (given || loopback)) return given;
  if (remember) {
    if (!given) throw new ConfigError('--remember-token needs a token (--token or DUTYDESK_BRIDGE_TOKEN)');
    secrets().set('bridge-token', given);
    return given;
  }
  try {
    return secrets().get('bridge-token');
  } catch (error) {
    if (error instanceof SecretError) throw new ConfigError(error.message);
    throw error;
  }
}

/** A token sealed by the desktop app cannot be read here: said once, and the desk runs on without sync. */
function storedSyncToken(secrets: SecretStore, log: ReturnType<typeof createLogger>): string | null {
  try {
    return secrets.get('sync-token');
  } catch (error) {
    if (!(error instanceof SecretError)) throw error;
    log.error(`sync token: ${error.message}`);
    return null;
  }
}

function allowedHosts(given: string[] | undefined): string[] {
  const fromEnv = (process.env.DUTYDESK_ALLOWED_HOSTS ?? '').split(',');
  return [...(given ?? []), ...fromEnv].map((name) => name.trim()).filter((name) => name.length > 0);
}

/** The first admin of a headless install; the password file keeps it out of `ps` and shell history. */
function adminFromEnvironment(): { user: string; password: string; source: string } | null {
  const user = process.env.DUTYDESK_ADMIN_USER;
  if (!user) return null;
  const file = process.env.DUTYDESK_ADMIN_PASSWORD_FILE;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`DUTYDESK_ADMIN_PASSWORD_FILE ${file}: ${(error as Error).message}`);
    }
    return { user, password: text.replace(/\r?\n$/, ''), source: 'DUTYDESK_ADMIN_PASSWORD_FILE' };
  }
  const password = process.env.DUTYDESK_ADMIN_PASSWORD;
  if (!password)
    throw new ConfigError('DUTYDESK_ADMIN_USER is set: set DUTYDESK_ADMIN_PASSWORD or _PASSWORD_FILE too');
  return { user, password, source: 'DUTYDESK_ADMIN_PASSWORD' };
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      token: { type: 'string' },
      data: { type: 'string' },
      accounts: { type: 'boolean' },
      at: { type: 'string' },
      seed: { type: 'string' },
      'no-demo-week': { type: 'boolean' },
      drill: { type: 'string' },
      trainee: { type: 'string', multiple: true },
      speed: { type: 'string' },
      lead: { type: 'string' },
      'remember-token': { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'set-secret': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
}

void main();
