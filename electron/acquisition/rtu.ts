/**
 * Modbus RTU framing as transparent serial-to-Ethernet servers forward it
 * over TCP: unit id, PDU, CRC-16 (low byte first), and no header that says
 * how long a frame is. An answer's length follows from its function code and,
 * for reads, its byte count, so a frame is cut from the stream by that.
 */

import { crc16 } from '../../shared/modbus/rtu';

/** Function codes an answer may carry: reads 1–4 (byte count), writes 5/6/15/16 (echo). */
const READS = new Set([0x01, 0x02, 0x03, 0x04]);
const WRITES = new Set([0x05, 0x06, 0x0f, 0x10]);

/**
 * The whole frame at the head of `buffer`, or `'partial'` while more bytes
 * are due. A frame whose CRC does not match, or whose function code no
 * request of ours could draw, is a string saying why: the stream is out of
 * step and cannot be resynchronised without a length header.
 */
export function takeRtuFrame(buffer: Buffer): Buffer | 'partial' | string {
  if (buffer.length < 2) return 'partial';
  const fc = buffer.readUInt8(1);
  let length: number;
  if (fc & 0x80) length = 5;
  else if (WRITES.has(fc)) length = 8;
  else if (READS.has(fc)) {
    if (buffer.length < 3) return 'partial';
    length = 5 + buffer.readUInt8(2);
  } else return `function code ${fc} is not an answer to any request`;
  if (buffer.length < length) return 'partial';
  const frame = buffer.subarray(0, length);
  const sent = frame.readUInt16LE(length - 2);
  const computed = crc16(frame, length - 2);
  if (sent !== computed) return `CRC error (got ${hex(sent)}, computed ${hex(computed)})`;
  return frame;
}

/**
 * An RTU answer given the MBAP header of the request it answers, so the
 * link judges it exactly as a Modbus TCP answer (the CRC is dropped).
 */
export function asMbap(tid: number, frame: Buffer): Buffer {
  const pduLength = frame.length - 2;
  const mbap = Buffer.alloc(6 + pduLength);
  mbap.writeUInt16BE(tid, 0);
  mbap.writeUInt16BE(0, 2);
  mbap.writeUInt16BE(pduLength, 4);
  frame.copy(mbap, 6, 0, pduLength);
  return mbap;
}

function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
}
