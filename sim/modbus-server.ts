import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import type { RegisterImage } from './register-image';

/**
 * A Modbus TCP server that behaves like a station gateway: one port, one
 * register image per unit id, and faults a drill can switch on to see how the
 * desk copes with a device that hangs, lags, drops or talks nonsense.
 */

export const ModbusExceptionCode = {
  illegalFunction: 0x01,
  illegalDataAddress: 0x02,
  illegalDataValue: 0x03,
  gatewayTargetFailed: 0x0b,
} as const;

export type ModbusFault =
  /** Requests are swallowed; the socket stays open, as with a hung device behind a live gateway. */
  | { kind: 'silent' }
  /** Every answer comes `delayMs` late. */
  | { kind: 'slow'; delayMs: number }
  /** Connections are destroyed, and new ones refused, until the fault is cleared. */
  | { kind: 'drop' }
  /** Every request is answered with this exception code. */
  | { kind: 'exception'; code: number }
  /**
   * `garbage` (default): a well-framed reply whose PDU contradicts itself;
   * `truncated`: the first half of a correct reply and nothing more.
   */
  | { kind: 'malformed'; variant?: 'garbage' | 'truncated' };

/** Called after a client's write landed in the image; return false to veto it (exception 03, image restored). */
export type WriteListener = (address: number, count: number) => boolean;

type Unit = { image: RegisterImage; onWrite: WriteListener | undefined };

type Connection = { socket: Socket; pending: Buffer; units: Set<number>; timers: Set<NodeJS.Timeout> };

const MBAP_HEADER = 7;
const MAX_MBAP_LENGTH = 254;
const MAX_READ = 125;
const MAX_WRITE = 123;

export class ModbusGateway {
  private readonly server: Server;
  private readonly units = new Map<number, Unit>();
  private readonly connections = new Set<Connection>();
  private readonly unitFaults = new Map<number, ModbusFault>();
  private gatewayFault: ModbusFault | undefined;

  constructor() {
    this.server = createServer((socket) => this.accept(socket));
  }

  addUnit(unitId: number, image: RegisterImage, onWrite?: WriteListener): void {
    if (!Number.isInteger(unitId) || unitId < 0 || unitId > 255)
      throw new RangeError(`unit id ${unitId} is not 0–255`);
    if (this.units.has(unitId)) throw new Error(`unit id ${unitId} is already served`);
    this.units.set(unitId, { image, onWrite });
  }

  unit(unitId: number): RegisterImage | undefined {
    return this.units.get(unitId)?.image;
  }

  unitIds(): number[] {
    return [...this.units.keys()].sort((a, b) => a - b);
  }

  /** The port it listens on, 0 before listen(). */
  get port(): number {
    const address = this.server.address();
    return address && typeof address === 'object' ? address.port : 0;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Without a unit id the whole gateway misbehaves; a unit's own fault wins over the gateway's. */
  setFault(fault: ModbusFault, unitId?: number): void {
    if (fault.kind === 'exception' && !(fault.code >= 1 && fault.code <= 0x7f)) {
      throw new RangeError(`exception code ${fault.code} is not 1–127`);
    }
    if (unitId === undefined) this.gatewayFault = fault;
    else this.unitFaults.set(unitId, fault);
    if (fault.kind !== 'drop') return;
    for (const c of this.connections) {
      if (unitId === undefined || c.units.has(unitId)) c.socket.destroy();
    }
  }

  /** Without a unit id, clears every fault on the gateway and its units. */
  clearFault(unitId?: number): void {
    if (unitId !== undefined) {
      this.unitFaults.delete(unitId);
      return;
    }
    this.gatewayFault = undefined;
    this.unitFaults.clear();
  }

  /** Clears the gateway-wide fault only; faults set on single units stay. */
  clearGatewayFault(): void {
    this.gatewayFault = undefined;
  }

  /** What is switched on now: the gateway-wide fault and each unit's own. */
  faults(): { gateway: ModbusFault | undefined; units: ReadonlyMap<number, ModbusFault> } {
    return { gateway: this.gatewayFault, units: new Map(this.unitFaults) };
  }

  /** Resolves to the port actually bound (useful with port 0). */
  listen(port = 0, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        this.server.off('listening', onListening);
        reject(
          err.code === 'EADDRINUSE'
            ? Object.assign(new Error(`port ${port} on ${host} is already in use`, { cause: err }), {
                code: err.code,
              })
            : err,
        );
      };
      const onListening = () => {
        this.server.off('error', onError);
        // Accept errors (EMFILE and the like) must not take the whole simulator down.
        this.server.on('error', () => {});
        resolve((this.server.address() as AddressInfo).port);
      };
      this.server.once('error', onError);
      this.server.once('listening', onListening);
      this.server.listen(port, host);
    });
  }

  /** Stops listening and destroys every open connection. */
  async close(): Promise<void> {
    for (const c of this.connections) this.forget(c);
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (this.gatewayFault?.kind === 'drop') {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const c: Connection = { socket, pending: Buffer.alloc(0), units: new Set(), timers: new Set() };
    this.connections.add(c);
    socket.on('data', (chunk: Buffer) => this.receive(c, chunk));
    // Resets by the peer are normal for a polling client; nothing to report.
    socket.on('error', () => {});
    socket.on('close', () => this.forget(c));
  }

  private forget(c: Connection): void {
    for (const t of c.timers) clearTimeout(t);
    c.timers.clear();
    c.socket.destroy();
    this.connections.delete(c);
  }

  private receive(c: Connection, chunk: Buffer): void {
    let buf = c.pending.length ? Buffer.concat([c.pending, chunk]) : chunk;
    while (buf.length >= 6) {
      const length = buf.readUInt16BE(4);
      if (buf.readUInt16BE(2) !== 0 || length < 2 || length > MAX_MBAP_LENGTH) {
        // Not Modbus TCP, or a stream we can no longer frame: resynchronising would be guesswork.
        c.socket.destroy();
        return;
      }
      if (buf.length < 6 + length) break;
      this.handle(c, buf.subarray(0, 6 + length));
      if (c.socket.destroyed) return;
      buf = buf.subarray(6 + length);
    }
    c.pending = Buffer.from(buf);
  }

  private handle(c: Connection, frame: Buffer): void {
    const transaction = frame.readUInt16BE(0);
    const unitId = frame[6] ?? 0;
    const pdu = frame.subarray(MBAP_HEADER);
    c.units.add(unitId);
    const fault = this.unitFaults.get(unitId) ?? this.gatewayFault;
    switch (fault?.kind) {
      case 'silent':
        return;
      case 'drop':
        c.socket.destroy();
        return;
      case 'exception':
        this.send(c, mbap(transaction, unitId, exception(pdu[0] ?? 0, fault.code)));
        return;
      case 'malformed':
        this.send(c, malformed(transaction, unitId, pdu, fault.variant ?? 'garbage'));
        return;
      case 'slow': {
        const reply = mbap(transaction, unitId, this.respond(unitId, pdu));
        const timer = setTimeout(() => {
          c.timers.delete(timer);
          this.send(c, reply);
        }, fault.delayMs);
        c.timers.add(timer);
        return;
      }
      case undefined:
        this.send(c, mbap(transaction, unitId, this.respond(unitId, pdu)));
    }
  }

  private send(c: Connection, frame: Buffer): void {
    if (!c.socket.destroyed && c.socket.writable) c.socket.write(frame);
  }

  private respond(unitId: number, pdu: Buffer): Buffer {
    const fc = pdu[0] ?? 0;
    const unit = this.units.get(unitId);
    if (!unit) return exception(fc, ModbusExceptionCode.gatewayTargetFailed);
    switch (fc) {
      case 3:
      case 4:
        return readRegisters(unit, pdu);
      case 6:
        return writeSingle(unit, pdu);
      case 16:
        return writeMultiple(unit, pdu);
      default:
        return exception(fc, ModbusExceptionCode.illegalFunction);
    }
  }
}

function readRegisters(unit: Unit, pdu: Buffer): Buffer {
  const fc = pdu[0] ?? 0;
  if (pdu.length !== 5) return exception(fc, ModbusExceptionCode.illegalDataValue);
  const address = pdu.readUInt16BE(1);
  const quantity = pdu.readUInt16BE(3);
  // Modbus spec order: a bad quantity is an illegal value (03) before the address is looked at.
  if (quantity < 1 || quantity > MAX_READ) return exception(fc, ModbusExceptionCode.illegalDataValue);
  const words = unit.image.read(address, quantity);
  if (!words) return exception(fc, ModbusExceptionCode.illegalDataAddress);
  const out = Buffer.allocUnsafe(2 + 2 * quantity);
  out[0] = fc;
  out[1] = 2 * quantity;
  for (let i = 0; i < quantity; i++) out.writeUInt16BE(words[i] ?? 0, 2 + 2 * i);
  return out;
}

function writeSingle(unit: Unit, pdu: Buffer): Buffer {
  if (pdu.length !== 5) return exception(6, ModbusExceptionCode.illegalDataValue);
  const address = pdu.readUInt16BE(1);
  const failure = applyWrite(unit, address, [pdu.readUInt16BE(3)]);
  return failure === undefined ? Buffer.from(pdu) : exception(6, failure);
}

function writeMultiple(unit: Unit, pdu: Buffer): Buffer {
  const quantity = pdu.length >= 6 ? pdu.readUInt16BE(3) : 0;
  if (quantity < 1 || quantity > MAX_WRITE || pdu[5] !== 2 * quantity || pdu.length !== 6 + 2 * quantity) {
    return exception(16, ModbusExceptionCode.illegalDataValue);
  }
  const address = pdu.readUInt16BE(1);
  const values = Array.from({ length: quantity }, (_, i) => pdu.readUInt16BE(6 + 2 * i));
  const failure = applyWrite(unit, address, values);
  return failure === undefined ? Buffer.from(pdu.subarray(0, 5)) : exception(16, failure);
}

/** Undefined on success, else the exception code to answer with. */
function applyWrite(unit: Unit, address: number, values: number[]): number | undefined {
  const previous = unit.image.read(address, values.length);
  if (!previous || !unit.image.isWritable(address, values.length))
    return ModbusExceptionCode.illegalDataAddress;
  const saved = Uint16Array.from(previous);
  unit.image.write(address, values);
  if (unit.onWrite && !unit.onWrite(address, values.length)) {
    unit.image.write(address, saved);
    return ModbusExceptionCode.illegalDataValue;
  }
  return undefined;
}

function exception(fc: number, code: number): Buffer {
  return Buffer.from([(fc & 0x7f) | 0x80, code]);
}

function mbap(transaction: number, unitId: number, pdu: Buffer): Buffer {
  const out = Buffer.allocUnsafe(MBAP_HEADER + pdu.length);
  out.writeUInt16BE(transaction, 0);
  out.writeUInt16BE(0, 2);
  out.writeUInt16BE(pdu.length + 1, 4);
  out[6] = unitId;
  pdu.copy(out, MBAP_HEADER);
  return out;
}

function malformed(
  transaction: number,
  unitId: number,
  pdu: Buffer,
  variant: 'garbage' | 'truncated',
): Buffer {
  const fc = pdu[0] ?? 0;
  if (variant === 'truncated') {
    const whole = mbap(transaction, unitId, Buffer.concat([Buffer.from([fc, 8]), Buffer.alloc(8)]));
    return whole.subarray(0, Math.ceil(whole.length / 2));
  }
  // The byte count promises 250 bytes; three follow.
  return mbap(transaction, unitId, Buffer.from([fc, 250, 0xde, 0xad, 0xbe]));
}
