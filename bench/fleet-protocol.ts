/**
 * Messages between the poller benchmark (bench/poller.ts), its simulator
 * process (bench/fleet-server.ts) and its engine process
 * (bench/engine-child.ts). Each runs in its own process so the CPU the
 * engine reports is the engine's alone.
 */

export type Endpoint = { host: string; port: number };

/** A block read exactly as the poller plans it: `every` N cycles of its device. */
export type BenchBlock = { table: 'holding' | 'input'; start: number; count: number; every: number };

export type ToChild =
  | {
      kind: 'bare';
      gateways: Endpoint[];
      unitIds: number[];
      blocks: BenchBlock[];
      timeoutMs: number;
      /** `per-unit`: one jsmodbus client per unit id on the gateway's socket; `shared`: one client per socket. */
      clients: 'per-unit' | 'shared';
    }
  | { kind: 'engine'; configPath: string; dataDir: string }
  | { kind: 'sample' }
  | { kind: 'stop' };

/** Cumulative counters since the child started; the parent takes differences. */
export type Sample = {
  kind: 'sample';
  /** Epoch ms on the shared wall clock (timeOrigin + now). */
  at: number;
  reads: number;
  failedReads: number;
  cpuUserUs: number;
  cpuSystemUs: number;
  /** Event-loop utilization since the previous sample, 0–1. */
  elu: number;
};

export type FromChild =
  | { kind: 'ready'; at: number }
  | Sample
  | {
      kind: 'comms';
      at: number;
      changes: { deviceId: string; comms: 'connecting' | 'online' | 'comm-lost' }[];
    }
  | { kind: 'error'; message: string };

/** The simulator's stdout, one JSON object a line. */
export type FromServer =
  | { kind: 'ports'; ports: number[]; units: number[]; profile: string }
  | { kind: 'fault'; gateway: number; fault: 'drop' | 'silent' | 'clear'; at: number }
  | { kind: 'cpu'; at: number; userUs: number; systemUs: number };

export const wallClock = () => performance.timeOrigin + performance.now();
