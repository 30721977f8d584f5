import { connect } from 'node:net';
import { startLoopbackServer } from './loopback-server';

/**
 * A broker that speaks only MQTT 3.1.1, made of a real one: a raw TCP peer
 * that answers an MQTT 5 CONNECT as a 3.1.1 broker does (CONNACK return
 * code 1, "unacceptable protocol version", then close) and passes any other
 * connection through to the real broker unchanged. It can refuse the first
 * few connections as a broker that is still starting does.
 */
export type VersionGate = { port: number; levels: number[]; close(): Promise<void> };

export async function startMqtt311Gate(
  brokerPort: number,
  /** So many first connections are refused whatever their version: CONNACK "server unavailable" (3), as from a broker still starting. */
  refuseFirst = 0,
): Promise<VersionGate> {
  const levels: number[] = [];
  let refused = 0;
  const gate = await startLoopbackServer((client, track) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const level = connectLevel(head);
      if (level === undefined) return;
      client.off('data', onData);
      levels.push(level);
      if (refused < refuseFirst) {
        refused += 1;
        client.end(Buffer.from(level === 5 ? [0x20, 0x03, 0x00, 0x88, 0x00] : [0x20, 0x02, 0x00, 0x03]));
        return;
      }
      if (level === 5) {
        client.end(Buffer.from([0x20, 0x02, 0x00, 0x01]));
        return;
      }
      const upstream = connect(brokerPort, '127.0.0.1');
      track(upstream);
      upstream.on('close', () => client.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
    };
    client.on('data', onData);
  });
  return { port: gate.port, levels, close: gate.close };
}

/** The protocol level of a CONNECT packet once its variable header is in: fixed header, remaining length, "MQTT", level. */
function connectLevel(buffer: Buffer): number | undefined {
  if (buffer.length < 2) return undefined;
  if (buffer[0] !== 0x10) return -1;
  let at = 1;
  while (at < buffer.length && ((buffer[at] ?? 0) & 0x80) !== 0) at++;
  at++;
  if (buffer.length < at + 2) return undefined;
  const nameLength = buffer.readUInt16BE(at);
  const levelAt = at + 2 + nameLength;
  return buffer.length > levelAt ? buffer[levelAt] : undefined;
}
