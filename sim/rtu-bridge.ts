import { type AddressInfo, createServer, type Server, Socket } from 'node:net';
import { crcMatches, rtuFrame } from '../shared/modbus/rtu';

/**
 * A transparent serial-to-Ethernet server in front of a station: clients
 * speak Modbus RTU (CRC-16 frames) over TCP, and each request goes on to the
 * station's simulated gateway, as an RS-485 bus forwards it to the device.
 * The gateway's faults (silence, drops, exceptions) pass through unchanged;
 * the faults only a serial line has are switched on here.
 */

/** `bad-crc`: answers arrive with a corrupted CRC; `partial`: half of each answer, then nothing. */
export type RtuLineFault = 'bad-crc' | 'partial';

type Pair = { client: Socket; upstream: Socket; pending: Buffer; tid: number };

export class RtuSerialServer {
  private readonly server: Server;
  private readonly pairs = new Set<Pair>();
  private fault: RtuLineFault | undefined;

  /** `gatewayPort`: where the station's Modbus TCP gateway listens on loopback. */
  constructor(private readonly gatewayPort: number) {
    this.server = createServer((client) => this.accept(client));
  }

  setLineFault(fault: RtuLineFault | undefined): void {
    this.fault = fault;
  }

  listen(port = 0, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        this.server.on('error', () => {});
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.drop(pair);
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.setNoDelay(true);
    const upstream = new Socket();
    const pair: Pair = { client, upstream, pending: Buffer.alloc(0), tid: 0 };
    this.pairs.add(pair);
    for (const socket of [client, upstream]) {
      socket.on('error', () => {});
      socket.on('close', () => this.drop(pair));
    }
    client.on('data', (chunk: Buffer) => this.request(pair, chunk));
    upstream.on('data', (chunk: Buffer) => this.answer(pair, chunk));
    upstream.connect({ host: '127.0.0.1', port: this.gatewayPort });
  }

  private drop(pair: Pair): void {
    pair.client.destroy();
    pair.upstream.destroy();
    this.pairs.delete(pair);
  }

  /** RTU request in, MBAP request out; a frame that fails its CRC is dropped, as a serial device ignores it. */
  private request(pair: Pair, chunk: Buffer): void {
    let buf = pair.pending.length ? Buffer.concat([pair.pending, chunk]) : chunk;
    for (;;) {
      const length = requestLength(buf);
      if (length === 0 || buf.length < length) break;
      const frame = buf.subarray(0, length);
      buf = buf.subarray(length);
      if (!crcMatches(frame)) continue;
      pair.tid = (pair.tid + 1) & 0xffff;
      const mbap = Buffer.alloc(6 + length - 2);
      mbap.writeUInt16BE(pair.tid, 0);
      mbap.writeUInt16BE(length - 2, 4);
      frame.copy(mbap, 6, 0, length - 2);
      pair.upstream.write(mbap);
    }
    pair.pending = Buffer.from(buf);
  }

  /** The gateway answers in whole MBAP frames over loopback; each becomes one RTU frame. */
  private answer(pair: Pair, chunk: Buffer): void {
    let buf = chunk;
    while (buf.length >= 6 && buf.length >= 6 + buf.readUInt16BE(4)) {
      const length = buf.readUInt16BE(4);
      const body = buf.subarray(6, 6 + length);
      buf = buf.subarray(6 + length);
      const frame = Buffer.from(rtuFrame(body.readUInt8(0), body.subarray(1)));
      if (this.fault === 'bad-crc') frame.writeUInt8(frame.readUInt8(length) ^ 0xff, length);
      pair.client.write(this.fault === 'partial' ? frame.subarray(0, Math.ceil(frame.length / 2)) : frame);
    }
  }
}

/** How long an RTU request is, from its function code; 0 while that is not known yet. */
function requestLength(buf: Buffer): number {
  if (buf.length < 2) return 0;
  const fc = buf.readUInt8(1);
  if (fc === 0x0f || fc === 0x10) return buf.length < 7 ? 0 : 9 + buf.readUInt8(6);
  return 8;
}
