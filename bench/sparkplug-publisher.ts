import mqtt from 'mqtt';
import { get as sparkplugCodec } from 'sparkplug-payload';

/**
 * The edge side of the Sparkplug fleet benchmark, in its own process so its
 * CPU is not counted as the consumer's: `nodes` edge nodes × `devices`
 * devices, births once, then one DDATA per device per second (each metric
 * a new value) for `seconds`. Prints "data" when the DDATA starts and "done"
 * when the last second has gone out.
 * Args: url user password nodes devices metrics seconds
 */
const [url = '', username, password, nodes = '50', devices = '100', metrics = '5', seconds = '10'] =
  process.argv.slice(2);
const codec = sparkplugCodec('spBv1.0');
if (!codec) throw new Error('no spBv1.0 codec');
const N = Number(nodes);
const D = Number(devices);
const M = Number(metrics);
const KEYS = ['gun1.power', 'gun1.voltage', 'gun1.current', 'gun1.energy', 'gun1.temperature'];
const client = await mqtt.connectAsync(url, { username, password });
const seq = new Array<number>(N).fill(0);
const next = (n: number) => {
  const s = seq[n] ?? 0;
  seq[n] = (s + 1) % 256;
  return s;
};
const send = (topic: string, payload: Parameters<typeof codec.encodePayload>[0]) =>
  client.publishAsync(topic, Buffer.from(codec.encodePayload(payload)), { qos: 0 });

for (let n = 0; n < N; n++) {
  await send(`spBv1.0/Bench/NBIRTH/n${n}`, {
    seq: next(n),
    metrics: [{ name: 'bdSeq', type: 'UInt64', value: 0 }],
  });
  for (let d = 0; d < D; d++) {
    const births = KEYS.map((name, alias) => ({ name, alias, type: 'Float' as const, value: 0 }));
    await send(`spBv1.0/Bench/DBIRTH/n${n}/d${d}`, { seq: next(n), metrics: births });
  }
}
// The consumer takes the births in before the measured window opens.
await new Promise((r) => setTimeout(r, 2000));
process.stdout.write('data\n');
const start = Date.now();
for (let second = 0; second < Number(seconds); second++) {
  let sends: Promise<unknown>[] = [];
  for (let n = 0; n < N; n++)
    for (let d = 0; d < D; d++) {
      const values = Array.from({ length: M }, (_, i) => ({
        alias: i % KEYS.length,
        type: 'Float' as const,
        value: second + i / 10 + d / 1000,
      }));
      sends.push(
        send(`spBv1.0/Bench/DDATA/n${n}/d${d}`, { seq: next(n), timestamp: Date.now(), metrics: values }),
      );
      // A few hundred in flight at a time keeps the socket's drain listeners few.
      if (sends.length >= 500) {
        await Promise.all(sends);
        sends = [];
      }
    }
  await Promise.all(sends);
  // 1 Hz: the next second starts on the clock, not after the last send.
  await new Promise((r) => setTimeout(r, Math.max(0, start + (second + 1) * 1000 - Date.now())));
}
process.stdout.write('done\n');
await client.endAsync();
