import { type LoopbackServer, startLoopbackServer } from './loopback-server';

/**
 * A bare Modbus TCP responder whose every answer a test decides, for faults
 * the simulator would never produce on its own.
 */
export type Answer = (request: {
  tid: number;
  unitId: number;
  fc: number;
  start: number;
  count: number;
}) => Buffer | 'silent' | 'close';

export function readAnswer(tid: number, unitId: number, words: number[]): Buffer {
  const frame = Buffer.alloc(9 + words.length * 2);
  frame.writeUInt16BE(tid, 0);
  frame.writeUInt16BE(0, 2);
  frame.writeUInt16BE(3 + words.length * 2, 4);
  frame.writeUInt8(unitId, 6);
  frame.writeUInt8(3, 7);
  frame.writeUInt8(words.length * 2, 8);
  for (const [i, w] of words.entries()) frame.writeUInt16BE(w, 9 + i * 2);
  return frame;
}

export function exceptionAnswer(tid: number, unitId: number, fc: number, code: number): Buffer {
  return Buffer.from([tid >> 8, tid & 0xff, 0, 0, 0, 3, unitId, fc | 0x80, code]);
}

export function startRawServer(answer: Answer): Promise<LoopbackServer> {
  return startLoopbackServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 12) {
        const request = {
          tid: buffer.readUInt16BE(0),
          unitId: buffer.readUInt8(6),
          fc: buffer.readUInt8(7),
          start: buffer.readUInt16BE(8),
          count: buffer.readUInt16BE(10),
        };
        buffer = buffer.subarray(12);
        const reply = answer(request);
        if (reply === 'close') socket.destroy();
        else if (reply !== 'silent') socket.write(reply);
      }
    });
  });
}
