import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type NotifyDesk, notice, startNotifyDesk } from '../helpers/notify-desk';
import {
  pythonWithAiosmtpd,
  type SmtpServer,
  startSmtpServer,
  throwawayCertificate,
} from '../helpers/notify-smtp';
import { until } from '../helpers/until';

/**
 * The email channel through nodemailer to a real SMTP server on loopback
 * (python3-aiosmtpd): STARTTLS required, AUTH, the server's refusals.
 */

const python = pythonWithAiosmtpd();
const SKIP = python ? undefined : 'no python3 can import aiosmtpd (apt install python3-aiosmtpd)';
const USER = 'dutydesk';
const PASSWORD = 'smtp-pass-3f9d';

let dir: string;
let certificate: { cert: string; key: string };
let server: SmtpServer;
let desk: NotifyDesk | null = null;

beforeAll(async () => {
  if (!python) return;
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-smtp-'));
  certificate = throwawayCertificate(dir);
  server = await startSmtpServer(python, certificate, USER, PASSWORD);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await desk?.close();
  desk = null;
});

const channel = (port: number, over: Record<string, unknown> = {}) => ({
  id: 'mail',
  type: 'email',
  host: '127.0.0.1',
  port,
  user: USER,
  password: PASSWORD,
  from: 'dutydesk@ops.example.cn',
  to: ['lead@ops.example.cn'],
  caFile: certificate.cert,
  timeoutMs: 5000,
  ...over,
});

describe.skipIf(SKIP)(`email over SMTP ${SKIP ? `(skipped: ${SKIP})` : ''}`, () => {
  it('delivers over STARTTLS with AUTH, to the named addresses, with a Message-ID made from the message id', async () => {
    desk = await startNotifyDesk([channel(server.port)]);
    const before = server.mails.length;
    const sent = desk.notifier.request(notice('mail', 1, { emails: ['crew-a@ops.example.cn'] }), {
      subject: 'WO-1',
    });
    const fallback = desk.notifier.request(notice('mail', 2), { subject: 'WO-2' });
    await until(() => desk?.notifier.pendingCount() === 0, 'both mails', 30_000);
    expect(desk.notifier.message(sent.id)).toMatchObject({ state: 'accepted' });
    expect(desk.notifier.message(fallback.id)).toMatchObject({ state: 'accepted' });
    const [first, second] = server.mails.slice(before);
    expect(first).toMatchObject({
      from: 'dutydesk@ops.example.cn',
      to: ['crew-a@ops.example.cn'],
      tls: true,
      authenticated: true,
    });
    expect(first?.data).toContain(`Message-ID: <${sent.id}@dutydesk>`);
    // Subject and body are UTF-8 (encoded words, quoted-printable or base64); the id header is plain.
    expect(first?.data.toLowerCase()).toContain(`x-dutydesk-message: ${sent.id}`);
    expect(second?.to).toEqual(['lead@ops.example.cn']);
  });

  it('refuses for good what SMTP refuses for good — bad credentials (535), an unknown mailbox (550) — and keeps the password out of the log', async () => {
    desk = await startNotifyDesk([
      channel(server.port, { id: 'wrong', password: 'not-the-password' }),
      channel(server.port),
    ]);
    const wrong = desk.notifier.request(notice('wrong', 1), { subject: 'WO-1' });
    const nobody = desk.notifier.request(notice('mail', 2, { emails: ['nobody@ops.example.cn'] }), {
      subject: 'WO-2',
    });
    await until(() => desk?.notifier.pendingCount() === 0, 'both refusals', 30_000);
    expect(desk.notifier.message(wrong.id)).toMatchObject({ state: 'refused', code: 'smtp-535' });
    expect(desk.notifier.message(nobody.id)).toMatchObject({ state: 'refused', code: 'smtp-550' });
    expect(`${desk.logs.join('\n')}${JSON.stringify(desk.events())}`).not.toContain(PASSWORD);
  });

  it('holds mail for a server without STARTTLS rather than send it in clear, and retries a server that is down', async () => {
    const plain = await startSmtpServer(python as string, null, USER, PASSWORD);
    try {
      const down = await startSmtpServer(python as string, certificate, USER, PASSWORD);
      await down.stop();
      desk = await startNotifyDesk([
        channel(plain.port, { id: 'plain' }),
        channel(down.port, { id: 'down' }),
      ]);
      const held = desk.notifier.request(notice('plain', 1), { subject: 'WO-1' });
      const waiting = desk.notifier.request(notice('down', 2), { subject: 'WO-2' });
      await until(
        () => desk?.notifier.message(held.id)?.state === 'retrying',
        'the STARTTLS refusal',
        30_000,
      );
      await until(() => desk?.notifier.message(waiting.id)?.state === 'retrying', 'the retry', 30_000);
      // 454 "TLS not available": the message waits, and is never sent in clear.
      expect(desk.notifier.message(held.id)).toMatchObject({ code: 'smtp-454', mayDuplicate: false });
      expect(plain.mails).toEqual([]);
      expect(desk.notifier.message(waiting.id)).toMatchObject({ code: 'econnrefused', mayDuplicate: false });
    } finally {
      await plain.stop();
    }
  });
});
