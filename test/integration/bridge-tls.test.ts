import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BridgeError, type WebBridge } from '../../electron/bridge/web';
import { loopbackBridge } from '../helpers/bridge';
import { ContractClient, startDesk } from '../helpers/desk';

let desk: Awaited<ReturnType<typeof startDesk>>;
let bridge: WebBridge;
let cert: string;
let key: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-tls-'));
  cert = join(dir, 'cert.pem');
  key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  desk = await startDesk({ stations: 1 });
  bridge = await loopbackBridge(desk.engine, {
    tls: { certPath: cert, keyPath: key },
  });
}, 30_000);

afterAll(async () => {
  await bridge?.close();
  await desk?.stop();
});

function open(url: string, options: WebSocket.ClientOptions) {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('the bridge with a configured certificate', () => {
  it('serves the contract over WSS to a client that trusts the certificate', async () => {
    expect(bridge.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const { readFileSync } = await import('node:fs');
    const ws = await open(`wss://127.0.0.1:${bridge.port}/api`, { ca: readFileSync(cert) });
    // The bridge pushes fleet deltas from the moment the socket opens, so the reply is found by its id.
    const client = new ContractClient(
      (frame) => ws.send(JSON.stringify(frame)),
      (listener) => ws.on('message', (data) => listener(JSON.parse(data.toString()))),
    );
    const info = await client.request('desk.info', {});
    ws.close();
    expect(info.product).toBe('DutyDesk');
  });

  it('is refused by a client that does not trust it, and plain ws:// gets no WebSocket', async () => {
    await expect(open(`wss://127.0.0.1:${bridge.port}/api`, {})).rejects.toThrow(/self[- ]signed/i);
    await expect(open(`ws://127.0.0.1:${bridge.port}/api`, {})).rejects.toThrow();
  });

  it('refuses a cross-origin WebSocket', async () => {
    const { readFileSync } = await import('node:fs');
    await expect(
      open(`wss://127.0.0.1:${bridge.port}/api`, { ca: readFileSync(cert), origin: 'https://evil.example' }),
    ).rejects.toThrow(/403/);
  });

  it('names an unreadable certificate file instead of starting without TLS', async () => {
    await expect(
      loopbackBridge(desk.engine, {
        tls: { certPath: '/nonexistent/cert.pem', keyPath: key },
      }),
    ).rejects.toThrow(BridgeError);
  });
});
