import { Socket } from 'node:net';
import Modbus from 'jsmodbus';
import { rtuFrame } from '../../shared/modbus/rtu';
import type { Logger } from '../log/logger';
import { asMbap, takeRtuFrame } from './rtu';

/**
 * One TCP connection to a device or gateway. Requests are serialized — many
 * gateways accept only one outstanding request — and framed here by MBAP
 * length and transaction id; jsmodbus encodes requests and decodes PDUs.
 * Owning the framing lets a garbage frame be detected and the socket reset
 * instead of leaving a parser stuck on it; answers are checked (function,
 * byte count, echoed address) and read here, without an object per reply.
 * Behind a transparent serial server the same requests go as RTU frames
 * (rtu.ts); an answer's CRC is checked and it is then judged like any other.
 */

export type LinkState = 'connecting' | 'online' | 'down';
/** Register tables, and the bit tables (coils, discrete inputs) read as one word 0/1 per bit. */
export type Table = 'holding' | 'input' | 'coil' | 'discrete';
/** How requests travel: Modbus TCP (MBAP header), or RTU frames with CRC over the TCP socket. */
export type Framing = 'tcp' | 'rtu-over-tcp';

export type LinkOptions = {
  host: string;
  port: number;
  timeoutMs: number;
  log: Logger;
  /** Backoff bounds for reconnecting; jitter spreads a fleet's reconnects. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  framing?: Framing;
};

/**
 * Why a request failed: `down` (no connection) means comm-loss at once;
 * `comms` and `protocol` count toward it; an `exception` is an answer.
 * `gateway` is the gateway answering for a unit behind it that it could not
 * reach: the gateway is fine, the unit counts toward comm-loss.
 */
export class LinkError extends Error {
  constructor(
    readonly kind: 'down' | 'comms' | 'exception' | 'protocol' | 'gateway',
    message: string,
    readonly exceptionCode?: number,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

type Job = {
  unitId: number;
  /** Function code: 1–4 read, 5/6/15/16 write. */
  fc: number;
  start: number;
  count: number;
  /** Words to write; empty for reads. */
  words: number[];
  resolve: (words: number[]) => void;
  reject: (error: LinkError) => void;
};

const MBAP = 7;
const FC_READ = { coil: 0x01, discrete: 0x02, holding: 0x03, input: 0x04 } as const;
const FC_WRITE_SINGLE = 0x06;
const FC_WRITE_MULTIPLE = 0x10;
const FC_WRITE_COIL = 0x05;
const FC_WRITE_COILS = 0x0f;
const COIL_ON = 0xff00;
/** Exceptions a gateway sends about the unit behind it, in the operator's words. */
const GATEWAY_EXCEPTIONS = new Map([
  [0x0a, 'the gateway reports no path to the device'],
  [0x0b, 'the gateway reports the device did not respond'],
]);

export class ModbusLink {
  state: LinkState = 'connecting';
  readonly endpoint: string;
  private socket: Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private lastError: string | null = null;
  /** Units that timed out since the last answer on this connection. */
  private readonly silentUnits = new Set<number>();
  private readonly unitsSeen = new Set<number>();
  private readonly hungListeners = new Set<(reason: string) => void>();
  private soloTimeouts = 0;
  private queue: Job[] = [];
  private inFlight: { job: Job; tid: number; timer: NodeJS.Timeout } | null = null;
  private tid = 0;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly listeners = new Set<(state: LinkState, reason: string | null) => void>();

  constructor(private readonly options: LinkOptions) {
    this.endpoint = `${options.host}:${options.port}`;
  }

  onState(listener: (state: LinkState, reason: string | null) => void): void {
    this.listeners.add(listener);
  }

  connect(): void {
    if (this.closed) return;
    const socket = new Socket();
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.setState('connecting', null);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.setTimeout(this.options.timeoutMs);
    socket.on('timeout', () => {
      if (this.state === 'connecting') socket.destroy(new Error('connect timed out'));
    });
    socket.on('connect', () => {
      socket.setTimeout(0);
      this.silentUnits.clear();
      this.soloTimeouts = 0;
      this.setState('online', null);
      this.pump();
    });
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => {
      this.lastError = error.message;
    });
    socket.on('close', () => this.onClose(socket));
    socket.connect({ host: this.options.host, port: this.options.port });
  }

  /** Reads `count` registers; rejects fast while the link is down so polls never pile up. */
  read(unitId: number, table: Table, start: number, count: number): Promise<number[]> {
    return this.enqueue({ unitId, fc: FC_READ[table], start, count, words: [] });
  }

  /**
   * Writes holding registers: function 6 for one word (accepted by devices
   * that lack 16), else 16. Resolves when the device has confirmed the write.
   */
  async write(unitId: number, start: number, words: number[]): Promise<void> {
    const fc = words.length === 1 ? FC_WRITE_SINGLE : FC_WRITE_MULTIPLE;
    await this.enqueue({ unitId, fc, start, count: words.length, words });
  }

  /** Writes coils (any non-zero is on): function 5 for one, else 15; resolves once echoed. */
  async writeCoils(unitId: number, start: number, bits: number[]): Promise<void> {
    const fc = bits.length === 1 ? FC_WRITE_COIL : FC_WRITE_COILS;
    const words = bits.map((bit) => (bit ? 1 : 0));
    await this.enqueue({ unitId, fc, start, count: bits.length, words });
  }

  private enqueue(request: Omit<Job, 'resolve' | 'reject'>): Promise<number[]> {
    return new Promise((resolve, reject) => {
      if (this.state !== 'online') {
        const why = this.lastError ? `: ${this.lastError}` : '';
        reject(new LinkError('down', `${this.endpoint} not connected${why}`));
        return;
      }
      this.queue.push({ ...request, resolve, reject });
      this.pump();
    });
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.destroy();
    this.failAll('link closed');
  }

  private pump(): void {
    if (this.inFlight || this.state !== 'online' || !this.socket) return;
    const job = this.queue.shift();
    if (!job) return;
    this.tid = (this.tid + 1) & 0xffff;
    const body = requestBody(job);
    const timer = setTimeout(() => this.onTimeout(), this.options.timeoutMs);
    this.inFlight = { job, tid: this.tid, timer };
    if (this.options.framing === 'rtu-over-tcp') {
      // Bytes left over belong to an answer already given up on.
      this.buffer = Buffer.alloc(0);
      this.socket.write(rtuFrame(job.unitId, body.createPayload()));
      return;
    }
    const request = new Modbus.ModbusTCPRequest(this.tid, 0, body.byteCount + 1, job.unitId, body);
    this.socket.write(request.createPayload());
  }

  private onTimeout(): void {
    const current = this.inFlight;
    if (!current) return;
    if (this.options.framing === 'rtu-over-tcp' && this.buffer.length > 0) {
      // Half a frame and then silence: the rest may still come and would be
      // read as the start of the next answer.
      this.protocolError(
        `partial RTU frame (${this.buffer.length} bytes) from ${this.endpoint}, then silence`,
      );
      return;
    }
    this.inFlight = null;
    const { job } = current;
    const message = `unit ${job.unitId} at ${this.endpoint} did not answer within ${this.options.timeoutMs} ms`;
    job.reject(new LinkError('comms', message));
    this.silentUnits.add(job.unitId);
    this.unitsSeen.add(job.unitId);
    // One hung unit behind a live gateway is that unit's problem; two units
    // in a row without any answer between them (or the only unit there is)
    // means the gateway itself is hung. Everything queued behind it would
    // only wait out its own timeout, so the connection is reset at once.
    if (this.silentUnits.size >= 2 || (this.unitsSeen.size === 1 && ++this.soloTimeouts >= 2)) {
      this.hung(`no answer from ${[...this.silentUnits].map((u) => `unit ${u}`).join(' or ')}: ${message}`);
      return;
    }
    // A late answer to this request would be taken for the next one's; a
    // fresh transaction id makes it recognisable and it is dropped in onData.
    this.pump();
  }

  /** Called when the gateway stops answering altogether: everything behind it is unreachable now. */
  onHung(listener: (reason: string) => void): void {
    this.hungListeners.add(listener);
  }

  private hung(message: string): void {
    this.options.log.warn(`${this.endpoint} is not answering; resetting the connection`);
    for (const listener of this.hungListeners) listener(message);
    this.lastError = message;
    const error = new LinkError('down', `${this.endpoint} is not answering (${message})`);
    for (const job of this.queue.splice(0)) job.reject(error);
    this.setState('down', message);
    this.socket?.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    if (this.options.framing === 'rtu-over-tcp') {
      this.onRtuData();
      return;
    }
    while (this.buffer.length >= MBAP) {
      const tid = this.buffer.readUInt16BE(0);
      const protocol = this.buffer.readUInt16BE(2);
      const length = this.buffer.readUInt16BE(4);
      if (protocol !== 0 || length < 3 || length > 254) {
        this.protocolError(`malformed frame from ${this.endpoint} (protocol ${protocol}, length ${length})`);
        return;
      }
      if (this.buffer.length < 6 + length) return;
      const frame = this.buffer.subarray(0, 6 + length);
      this.buffer = this.buffer.subarray(6 + length);
      this.onFrame(tid, frame);
    }
  }

  private onRtuData(): void {
    for (;;) {
      const frame = takeRtuFrame(this.buffer);
      if (frame === 'partial') return;
      if (typeof frame === 'string') {
        this.protocolError(`bad RTU frame from ${this.endpoint}: ${frame}`);
        return;
      }
      this.buffer = this.buffer.subarray(frame.length);
      // An answer with nothing asked (a late one, after its timeout) is dropped.
      if (this.inFlight) this.onFrame(this.inFlight.tid, asMbap(this.inFlight.tid, frame));
    }
  }

  private onFrame(tid: number, frame: Buffer): void {
    const current = this.inFlight;
    if (!current || current.tid !== tid) return;
    const { job } = current;
    clearTimeout(current.timer);
    this.inFlight = null;
    // Only an answer proves the connection works: a gateway that accepts and
    // then closes every connection must not be redialled without backoff.
    this.attempt = 0;
    this.unitsSeen.add(job.unitId);
    if (this.silentUnits.size) this.silentUnits.clear();
    this.soloTimeouts = 0;
    const unitId = frame.readUInt8(6);
    const fc = frame.readUInt8(7);
    if (unitId !== job.unitId) {
      this.protocolError(
        `answer from unit ${unitId} to a request for unit ${job.unitId} at ${this.endpoint}`,
        job,
      );
      return;
    }
    if (fc === (job.fc | 0x80)) {
      job.reject(exception(job.unitId, this.endpoint, frame.readUInt8(8)));
      this.pump();
      return;
    }
    if (fc !== job.fc || !answers(job, frame)) {
      this.protocolError(`malformed answer from unit ${job.unitId} at ${this.endpoint} (fc ${fc})`, job);
      return;
    }
    job.resolve(job.words.length === 0 ? readWords(job, frame) : []);
    this.pump();
  }

  /** A frame we cannot trust means the byte stream is out of step: start it over. */
  private protocolError(message: string, job?: Job): void {
    this.options.log.warn(message);
    this.lastError = message;
    const victim = job ?? this.inFlight?.job;
    if (this.inFlight) clearTimeout(this.inFlight.timer);
    this.inFlight = null;
    victim?.reject(new LinkError('protocol', message));
    // Down at once, so nothing more is queued on a socket that is going away.
    this.setState('down', message);
    this.socket?.destroy();
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) return;
    this.socket = null;
    const reason = this.lastError ?? 'connection closed';
    this.failAll(reason);
    if (this.closed) return;
    this.setState('down', reason);
    const min = this.options.reconnectMinMs ?? 500;
    const max = this.options.reconnectMaxMs ?? 30_000;
    // Gateways that drop idle connections get one immediate retry, so they
    // do not show as comm-lost; after that, back off with jitter.
    const delay =
      this.attempt === 0 ? 0 : Math.min(max, min * 2 ** (this.attempt - 1)) * (0.5 + Math.random() * 0.5);
    this.attempt = Math.min(this.attempt + 1, 16);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private failAll(reason: string): void {
    const error = new LinkError('comms', `${this.endpoint}: ${reason}`);
    if (this.inFlight) {
      clearTimeout(this.inFlight.timer);
      this.inFlight.job.reject(error);
      this.inFlight = null;
    }
    for (const job of this.queue.splice(0)) job.reject(error);
  }

  private setState(state: LinkState, reason: string | null): void {
    if (this.state === state) return;
    this.state = state;
    if (state === 'online') this.lastError = null;
    for (const listener of this.listeners) listener(state, reason);
  }
}

function exception(unitId: number, endpoint: string, code: number): LinkError {
  const gateway = GATEWAY_EXCEPTIONS.get(code);
  if (!gateway)
    return new LinkError('exception', `unit ${unitId} at ${endpoint}: Modbus exception ${code}`, code);
  const hex = `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  return new LinkError('gateway', `${endpoint}, unit ${unitId}: ${gateway} (exception ${hex})`, code);
}

function requestBody(job: Job) {
  switch (job.fc) {
    case FC_READ.holding:
      return new Modbus.requests.ReadHoldingRegistersRequestBody(job.start, job.count);
    case FC_READ.input:
      return new Modbus.requests.ReadInputRegistersRequestBody(job.start, job.count);
    case FC_READ.coil:
      return new Modbus.requests.ReadCoilsRequestBody(job.start, job.count);
    case FC_READ.discrete:
      return new Modbus.requests.ReadDiscreteInputsRequestBody(job.start, job.count);
    case FC_WRITE_COIL:
      return new Modbus.requests.WriteSingleCoilRequestBody(job.start, job.words[0] ? 1 : 0);
    case FC_WRITE_COILS:
      return new Modbus.requests.WriteMultipleCoilsRequestBody(
        job.start,
        job.words.map((bit) => bit === 1),
      );
    case FC_WRITE_SINGLE:
      return new Modbus.requests.WriteSingleRegisterRequestBody(job.start, job.words[0] ?? 0);
    default:
      return new Modbus.requests.WriteMultipleRegistersRequestBody(job.start, job.words);
  }
}

/** Does this frame answer this request: the right length, and writes echoed back? */
function answers(job: Job, frame: Buffer): boolean {
  if (job.fc === FC_WRITE_SINGLE) {
    return (
      frame.length === 12 && frame.readUInt16BE(8) === job.start && frame.readUInt16BE(10) === job.words[0]
    );
  }
  if (job.fc === FC_WRITE_COIL) {
    const value = job.words[0] ? COIL_ON : 0;
    return frame.length === 12 && frame.readUInt16BE(8) === job.start && frame.readUInt16BE(10) === value;
  }
  if (job.fc === FC_WRITE_MULTIPLE || job.fc === FC_WRITE_COILS) {
    return frame.length === 12 && frame.readUInt16BE(8) === job.start && frame.readUInt16BE(10) === job.count;
  }
  const bytes = isBitRead(job) ? Math.ceil(job.count / 8) : job.count * 2;
  return frame.length > 8 && frame.readUInt8(8) === bytes && frame.length === 9 + bytes;
}

function isBitRead(job: Job): boolean {
  return job.fc === FC_READ.coil || job.fc === FC_READ.discrete;
}

/** The words of a checked read answer; a bit read gives one word 0/1 per bit, first bit lowest. */
function readWords(job: Job, frame: Buffer): number[] {
  const words: number[] = [];
  const bits = isBitRead(job);
  for (let i = 0; i < job.count; i++)
    words.push(bits ? (frame.readUInt8(9 + (i >> 3)) >> (i & 7)) & 1 : frame.readUInt16BE(9 + i * 2));
  return words;
}
