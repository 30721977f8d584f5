import { createHmac } from 'node:crypto';
import type { ChannelConfig } from '../../shared/notify/config';
import { httpStatusOutcome, jsonAnswer, type SendOutcome, shortDetail } from '../../shared/notify/outcome';
import { type ChannelAdapter, type OutboundMessage, plainText } from './adapter';
import { post, transportOutcome } from './http';

type SmsConfig = Extract<ChannelConfig, { type: 'sms' }>;

type Values = { text: string; mobiles: string[]; timestamp: number; secret: string; messageId: string };

const PLACEHOLDER = /\{\{(text|mobiles|timestamp|secret|messageId)\}\}/g;

function fill(text: string, values: Values): string {
  return text.replace(PLACEHOLDER, (_, name: keyof Values) =>
    name === 'mobiles' ? values.mobiles.join(',') : String(values[name]),
  );
}

/** The body template with its placeholders filled; "{{mobileList}}" alone becomes the array of numbers. */
export function fillTemplate(template: unknown, values: Values): unknown {
  if (typeof template === 'string')
    return template === '{{mobileList}}' ? values.mobiles : fill(template, values);
  if (Array.isArray(template)) return template.map((item) => fillTemplate(item, values));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(
      Object.entries(template).map(([key, value]) => [key, fillTemplate(value, values)]),
    );
  }
  return template;
}

/** The value at a dotted path ("result.code", "data.0.status"), or undefined. */
export function valueAt(body: unknown, path: string): unknown {
  let at: unknown = body;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** HMAC-SHA256 of "{timestamp}\n{body}" with the gateway's secret. */
export function smsSignature(
  secret: string,
  timestamp: number,
  body: string,
  encoding: 'hex' | 'base64',
): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${body}`, 'utf8').digest(encoding);
}

/** A 2xx answer is accepted when its success value matches; a retry code means later; anything else is a refusal. */
export function smsOutcome(
  channel: Pick<SmsConfig, 'success' | 'retryCodes'>,
  status: number,
  text: string,
  retryAfterMs: number | null,
): SendOutcome {
  if (status < 200 || status > 299) return httpStatusOutcome(status, text, retryAfterMs ?? 60_000);
  if (!channel.success) return { kind: 'accepted', code: String(status) };
  const answer = jsonAnswer(text);
  if ('outcome' in answer) return answer.outcome;
  const value = valueAt(answer.body, channel.success.path);
  const code =
    value === undefined ? 'missing' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (code === String(channel.success.equals)) return { kind: 'accepted', code };
  const detail = shortDetail(text);
  if (channel.retryCodes.includes(code))
    return { kind: 'rate-limited', code, detail, retryAfterMs: retryAfterMs ?? 60_000 };
  return { kind: 'refused', code, detail };
}

/** An SMS gateway over HTTP, shaped by configuration: URL, headers, JSON template, secret, success rule. */
export function smsAdapter(channel: SmsConfig, options: { now?: () => number } = {}): ChannelAdapter {
  const now = options.now ?? Date.now;
  const secret = channel.secret ?? '';
  return {
    id: channel.id,
    type: 'sms',
    limits: [{ count: channel.perMinute, perMs: 60_000 }],
    secrets: channel.secret ? [channel.secret] : [],
    async send(message: OutboundMessage, signal) {
      const mobiles = message.to.mobiles;
      if (mobiles.length === 0)
        return { kind: 'refused', code: 'no-recipient', detail: 'no mobile number given' };
      const timestamp = now();
      const values: Values = { text: plainText(message), mobiles, timestamp, secret, messageId: message.id };
      const body = JSON.stringify(fillTemplate(channel.body, values));
      const headers = Object.fromEntries(
        Object.entries(channel.headers).map(([k, v]) => [k, fill(v, values)]),
      );
      const { auth } = channel;
      if (auth.kind === 'header') headers[auth.header] = `${auth.prefix}${secret}`;
      if (auth.kind === 'hmac') {
        headers[auth.timestampHeader] = String(timestamp);
        headers[auth.header] = smsSignature(secret, timestamp, body, auth.encoding);
      }
      try {
        const answer = await post(fill(channel.url, values), body, headers, channel.timeoutMs, signal);
        return smsOutcome(channel, answer.status, answer.text, answer.retryAfterMs);
      } catch (error) {
        return transportOutcome(error);
      }
    },
    close: async () => {},
  };
}
