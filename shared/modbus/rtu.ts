/**
 * Modbus RTU framing: unit id, PDU, CRC-16/MODBUS low byte first. Shared by
 * the engine's link and the simulator's serial server, which must agree on
 * every bit of it.
 */

const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    table[n] = crc;
  }
  return table;
})();

/** CRC-16/MODBUS of `bytes[0, end)`. */
export function crc16(bytes: Uint8Array, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = 0; i < end; i++) crc = (crc >>> 8) ^ (CRC_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  return crc;
}

/** Unit id + PDU + CRC: one RTU frame. */
export function rtuFrame(unitId: number, pdu: Uint8Array): Uint8Array {
  const frame = new Uint8Array(pdu.length + 3);
  frame[0] = unitId;
  frame.set(pdu, 1);
  const crc = crc16(frame, pdu.length + 1);
  frame[pdu.length + 1] = crc & 0xff;
  frame[pdu.length + 2] = crc >>> 8;
  return frame;
}

/** Whether the last two bytes of `frame` are the CRC of the rest. */
export function crcMatches(frame: Uint8Array): boolean {
  const n = frame.length;
  return n >= 4 && ((frame[n - 2] ?? 0) | ((frame[n - 1] ?? 0) << 8)) === crc16(frame, n - 2);
}
