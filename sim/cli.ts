import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resourcesDir } from '../node/resources';
import { DeskConfig } from '../shared/config/schema';
import { clockStartingAt, parseInstant } from './clock';
import { runCommandLine } from './commands';
import { integer, number, seedFlag } from './flags';
import { type RunningFleet, startFleet } from './fleet';
import {
  JSON_FLAGS,
  JSON_HELP,
  type JsonArgs,
  jsonArgs,
  jsonFedConfig,
  runJsonCommand,
  startGateways,
} from './json-cli';
import type { JsonGateways } from './json-gateway';
import { RECORD_HELP, runRecordCommand, ScenarioRecorder } from './recorder';
import { checkScenario, loadScenario, playScenario, type Scenario, type ScenarioPlayback } from './scenario';
import {
  fedConfig,
  runSparkplugCommand,
  SPARKPLUG_FLAGS,
  SPARKPLUG_HELP,
  type SparkplugArgs,
  sparkplugArgs,
  startEdges,
} from './sparkplug-cli';
import type { SparkplugEdges } from './sparkplug-edge';

/**
 * `npm run sim`: the demo fleet on fixed ports, for a desk started
 * separately; optionally a scripted drill, and a prompt for injecting faults
 * by hand.
 */

export type SimArgs = {
  host: string;
  basePort: number;
  writeConfig: string | undefined;
  seed: number;
  /** Epoch ms the fleet's clock starts at; the real time when not given. */
  at: number | undefined;
  tickMs: number;
  stations: number | undefined;
  faultsPerDay: number;
  scenario: string | undefined;
  /** Stations served through a serial server, RTU over TCP. */
  rtuStations: string[] | undefined;
  /** Stations served as Sparkplug B edge nodes on this broker, besides Modbus. */
  sparkplug: SparkplugArgs | undefined;
  /** Stations served as JSON-publishing gateways on this broker, besides Modbus. */
  json: JsonArgs | undefined;
  help: boolean;
};

export type SimSession = {
  fleet: RunningFleet;
  /** The fleet's clock: what a recording times its steps by. */
  now: () => number;
  /** The drill playing, when --scenario was given. */
  playback: ScenarioPlayback | undefined;
  /** The edge nodes, when --sparkplug was given. */
  edges: SparkplugEdges | undefined;
  /** The JSON gateways, when --json was given. */
  gateways: JsonGateways | undefined;
  stop(): Promise<void>;
};

const USAGE = `usage: npm run sim -- [options]
  --base-port N       station sxNN listens on N + NN (default 15020)
  --host ADDR         address to listen on (default 127.0.0.1)
  --write-config FILE write the desk config for this fleet to FILE
  --stations N        serve only the first N stations
  --seed N            random seed (default 1)
  --at TIME           start the fleet's clock at TIME (e.g. 2026-06-15T10:30:00+08:00) instead of now;
                      it runs on in real time from there, so PV and car arrivals follow that hour
  --tick-ms N         physics period in ms (default 1000)
  --faults-per-day X  mean random faults per device per day (default 0)
  --scenario FILE     play a drill: a scenario JSON file, or the name of one in resources/scenarios
  --rtu IDS           serve these stations (e.g. sx01,sx03) as RS-485 behind a serial server: RTU over TCP
  --sparkplug URL     also publish the stations as Sparkplug B edge nodes on this broker (mqtt://host:1883,
                      mqtts://host:8883); the written config then feeds their devices from it
  --sparkplug-stations IDS  only these stations as edge nodes (default: all)
  --sparkplug-group G Sparkplug group id (default DutyDesk)
  --json URL          also publish the stations' devices as plain JSON on this broker, as 4G gateways do
                      (dutydesk/{station}/{device}/up); the written config then feeds them from it
  --json-stations IDS only these stations as JSON gateways (default: all; none may also be a Sparkplug node)
  --json-period-ms N  how often each device publishes (default 1000); the desk's staleness timeout is 10 periods
  --mqtt-user NAME    broker user; the password comes from DUTYDESK_MQTT_PASSWORD
  --mqtt-ca FILE      PEM of the CA that signed the broker's certificate

While it runs, type commands (help lists them), e.g. "anomaly sx01-dc1 insulation-fault" or "offline sx03";
to record a drill of your own from what you inject:
${RECORD_HELP}
with --sparkplug also:
${SPARKPLUG_HELP}
with --json also:
${JSON_HELP}`;

export function parseSimArgs(argv: string[]): SimArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      'base-port': { type: 'string', default: '15020' },
      'write-config': { type: 'string' },
      seed: { type: 'string', default: '1' },
      at: { type: 'string' },
      'tick-ms': { type: 'string', default: '1000' },
      stations: { type: 'string' },
      'faults-per-day': { type: 'string', default: '0' },
      scenario: { type: 'string' },
      rtu: { type: 'string' },
      ...SPARKPLUG_FLAGS,
      ...JSON_FLAGS,
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const sparkplug = sparkplugArgs(values, process.env.DUTYDESK_MQTT_PASSWORD);
  const json = jsonArgs(values, process.env.DUTYDESK_MQTT_PASSWORD);
  if (!sparkplug && !json) {
    const stray = (['mqtt-user', 'mqtt-ca'] as const).find((f) => values[f] !== undefined);
    if (stray) throw new Error(`--${stray} needs --sparkplug URL or --json URL`);
  }
  if (sparkplug && json) {
    const served = json.stations ?? sparkplug.stations ?? ['all'];
    const both = served.filter((id) => !sparkplug.stations || sparkplug.stations.includes(id));
    if (both.length)
      throw new Error(
        `a station is either a Sparkplug edge node or a JSON gateway, not both (${both.join(', ')}): name them with --sparkplug-stations and --json-stations`,
      );
  }
  return {
    host: values.host,
    basePort: integer('--base-port', values['base-port'], 1, 65_000),
    writeConfig: values['write-config'],
    seed: seedFlag(values.seed),
    at: values.at === undefined ? undefined : parseInstant('--at', values.at),
    tickMs: integer('--tick-ms', values['tick-ms'], 10, 60_000),
    stations: values.stations === undefined ? undefined : integer('--stations', values.stations, 1, 99),
    faultsPerDay: number('--faults-per-day', values['faults-per-day'], 0, 1000),
    scenario: values.scenario,
    rtuStations: values.rtu?.split(',').map((id) => id.trim()),
    sparkplug,
    json,
    help: values.help,
  };
}

/** A path to a scenario file, or the bare name of one shipped in resources/scenarios. */
export function scenarioFile(nameOrPath: string): string {
  if (existsSync(nameOrPath) || /[/\\]/.test(nameOrPath)) return nameOrPath;
  const file = nameOrPath.endsWith('.json') ? nameOrPath : `${nameOrPath}.json`;
  const shipped = join(resourcesDir(), 'scenarios', file);
  return existsSync(shipped) ? shipped : nameOrPath;
}

/** Starts the fleet, writes the config when asked, prints where everything is, and starts the drill if any. */
export async function runSim(args: SimArgs, print: (line: string) => void): Promise<SimSession> {
  // A broken scenario file is reported before any port is opened.
  const scenario: Scenario | undefined = args.scenario
    ? loadScenario(scenarioFile(args.scenario))
    : undefined;
  let fleet: RunningFleet;
  const now = args.at === undefined ? Date.now : clockStartingAt(args.at);
  try {
    fleet = await startFleet({
      host: args.host,
      basePort: args.basePort,
      seed: args.seed,
      now,
      tickMs: args.tickMs,
      stations: args.stations,
      faultsPerDay: args.faultsPerDay,
      ...(args.rtuStations ? { rtuStations: args.rtuStations } : {}),
    });
  } catch (err) {
    const hint =
      (err as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? ' (is another simulator running? try --base-port)'
        : '';
    throw new Error(`${(err as Error).message}${hint}`, { cause: err });
  }
  const { config } = fleet;
  print(
    `DutyDesk demo fleet: ${config.stations.length} stations, ${config.devices.length} devices, seed ${args.seed}${args.at === undefined ? '' : `, clock from ${new Date(args.at).toISOString()}`}`,
  );
  for (const { station, devices } of fleet.stations) {
    // A station behind a serial server is reached at the server's port, not its gateway's.
    const { port, framing } = config.devices.find((d) => d.stationId === station.id) ?? {};
    print(
      `  ${station.id}  ${args.host}:${port}${framing ? ` (${framing})` : ''}  units ${unitSummary(devices)}  ${station.name} (${station.nameEn})`,
    );
  }
  const edges = args.sparkplug ? startEdges(fleet, args.sparkplug, print) : undefined;
  const gateways = args.json ? startGateways(fleet, args.json, print) : undefined;
  if (args.writeConfig) {
    const sparkplugFed = edges && args.sparkplug ? fedConfig(config, edges, args.sparkplug) : config;
    const written = gateways && args.json ? jsonFedConfig(sparkplugFed, gateways, args.json) : sparkplugFed;
    writeFileSync(args.writeConfig, `${JSON.stringify(DeskConfig.parse(written), null, 2)}\n`);
    print(
      `Desk config written to ${args.writeConfig}; point the desk at it: npm run serve -- --config ${args.writeConfig}`,
    );
  } else {
    print(
      'To point a desk at this fleet: add --write-config fleet.json, then npm run serve -- --config fleet.json',
    );
  }
  let playback: ScenarioPlayback | undefined;
  if (scenario) {
    try {
      checkScenario(fleet, scenario, args.scenario);
      playback = playScenario(fleet, scenario, { report: print });
    } catch (err) {
      await edges?.stop();
      await gateways?.stop();
      await fleet.stop();
      throw err;
    }
  }
  return {
    fleet,
    now,
    playback,
    edges,
    gateways,
    async stop() {
      playback?.stop();
      await edges?.stop();
      await gateways?.stop();
      await fleet.stop();
    },
  };
}

/** "1-4 ac-7kw, 5 dc-120kw-dual, 6 pv-sunspec-103" */
function unitSummary(devices: readonly { unitId: number; profile: string }[]): string {
  const runs: { first: number; last: number; profile: string }[] = [];
  for (const d of devices) {
    const run = runs.at(-1);
    if (run && run.profile === d.profile && run.last + 1 === d.unitId) run.last = d.unitId;
    else runs.push({ first: d.unitId, last: d.unitId, profile: d.profile });
  }
  return runs.map((r) => `${r.first === r.last ? r.first : `${r.first}-${r.last}`} ${r.profile}`).join(', ');
}

async function main(): Promise<void> {
  let session: SimSession;
  try {
    const args = parseSimArgs(process.argv.slice(2));
    if (args.help) {
      console.log(USAGE);
      return;
    }
    session = await runSim(args, (line) => console.log(line));
  } catch (err) {
    console.error(`sim: ${(err as Error).message}`);
    process.exitCode = 1;
    return;
  }
  console.log('Type help for drill commands (anomaly, fault, offline…); Ctrl+C stops the fleet.');
  // Without a terminal (stdin closed or a pipe that ends) the fleet keeps running all the same.
  const prompt = createInterface({ input: process.stdin, terminal: false });
  const recorder = new ScenarioRecorder(session.now);
  prompt.on('line', (line) => {
    if (line.trim())
      console.log(
        runRecordCommand(recorder, session.fleet, line) ??
          runSparkplugCommand(session.edges, line) ??
          runJsonCommand(session.gateways, line) ??
          runCommandLine(session.fleet, line, (action) => recorder.add(action)),
      );
  });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A second signal means the operator does not want to wait for sockets to close.
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`sim: ${signal}, stopping`);
    if (recorder.active) console.log(`sim: ${recorder.discard()}: it was never saved (record save <file>)`);
    prompt.close();
    session.stop().then(
      () => {
        process.exitCode = 0;
      },
      (err: unknown) => {
        console.error(`sim: stop failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

// Run only as the entry point (out/main/sim.js), not when a test imports this module.
const entry = process.argv[1];
if (entry && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) void main();
