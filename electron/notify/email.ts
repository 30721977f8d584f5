import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import type { ChannelConfig } from '../../shared/notify/config';
import { type SendOutcome, shortDetail } from '../../shared/notify/outcome';
import type { ChannelAdapter } from './adapter';

type EmailConfig = Extract<ChannelConfig, { type: 'email' }>;

/** A channel that cannot be set up as configured; the message names the field. */
export class ChannelSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelSetupError';
  }
}

/** Nodemailer's codes for what a retry cannot fix: credentials, TLS, addresses, the message itself. */
const FINAL = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EREQUIRETLS', 'EENVELOPE', 'EMESSAGE', 'ECONFIG']);
/** The SMTP steps before DATA: a failure there means the message did not go. */
const BEFORE_DATA = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL|RCPT)/;

/**
 * SMTP's answer codes decide first: 4xx is "try later" (454 for STARTTLS
 * too: the message waits rather than go in clear), 5xx is final (535 bad
 * credentials, 550 no such mailbox). Without one, nodemailer's code does;
 * a failure after DATA began may have delivered it.
 */
export function smtpOutcome(error: unknown): SendOutcome {
  const err = error as {
    code?: string;
    originalCode?: string;
    command?: string;
    responseCode?: number;
    response?: string;
    message?: string;
  };
  const detail = shortDetail(err.response ?? err.message ?? String(error));
  const reply = err.responseCode;
  if (reply !== undefined && reply >= 400 && reply < 500) {
    return { kind: 'failed', code: `smtp-${reply}`, detail, uncertain: false };
  }
  if (reply !== undefined && reply >= 500) return { kind: 'refused', code: `smtp-${reply}`, detail };
  const code = err.code ?? 'smtp';
  if (FINAL.has(code)) return { kind: 'refused', code: code.toLowerCase(), detail };
  const uncertain = !BEFORE_DATA.test(err.command ?? '');
  return { kind: 'failed', code: (err.originalCode ?? code).toLowerCase(), detail, uncertain };
}

/**
 * Email over SMTP with nodemailer. STARTTLS is required unless `secure`
 * (TLS from the start): a server that offers no STARTTLS is refused rather
 * than sent the password in clear. Each message has a Message-ID made from
 * its id, so a copy sent twice after a cut-off attempt can be recognised.
 */
export function emailAdapter(channel: EmailConfig, field: string): ChannelAdapter {
  let ca: string | undefined;
  if (channel.caFile) {
    try {
      ca = readFileSync(channel.caFile, 'utf8');
    } catch (error) {
      throw new ChannelSetupError(
        `${field}.caFile: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  const transport = createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.secure,
    requireTLS: !channel.secure,
    ...(channel.user && channel.password ? { auth: { user: channel.user, pass: channel.password } } : {}),
    // SNI takes a host name, never an address (RFC 6066); the certificate is checked against either.
    tls: {
      ...(ca ? { ca } : {}),
      ...(isIP(channel.host) ? {} : { servername: channel.host }),
      minVersion: 'TLSv1.2',
    },
    connectionTimeout: channel.timeoutMs,
    greetingTimeout: channel.timeoutMs,
    socketTimeout: channel.timeoutMs,
  });
  return {
    id: channel.id,
    type: 'email',
    limits: [{ count: channel.perMinute, perMs: 60_000 }],
    secrets: channel.password ? [channel.password] : [],
    async send(message, signal) {
      const to = message.to.emails.length > 0 ? message.to.emails : channel.to;
      if (to.length === 0) {
        return {
          kind: 'refused',
          code: 'no-recipient',
          detail: 'no email address given, and the channel has no "to"',
        };
      }
      if (signal.aborted)
        return { kind: 'failed', code: 'aborted', detail: 'stopped before sending', uncertain: false };
      try {
        const info = await transport.sendMail({
          from: channel.from,
          to,
          subject: message.title,
          text:
            message.link && !message.body.includes(message.link)
              ? `${message.body}\n${message.link}`
              : message.body,
          messageId: `<${message.id}@dutydesk>`,
          headers: { 'X-DutyDesk-Message': message.id },
        });
        if (info.accepted.length === 0) {
          return {
            kind: 'refused',
            code: 'rejected',
            detail: shortDetail(String(info.response ?? 'every recipient refused')),
          };
        }
        return {
          kind: 'accepted',
          code: info.rejected.length > 0 ? `partial:${info.rejected.length}-rejected` : null,
        };
      } catch (error) {
        return smtpOutcome(error);
      }
    },
    close: async () => transport.close(),
  };
}
