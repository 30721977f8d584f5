import { z } from 'zod';
import { Id } from '../api/model';
import { JsonValue } from '../journal/event';

/**
 * The `notify` section of the station configuration: the channels messages
 * leave the desk through. Each channel is checked on its own (parseChannels),
 * so a bad robot key or SMTP host takes that one channel out with a message
 * naming the field, and the desk and its other channels go on.
 */

const HttpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// address' });
const Secret = z.string().min(1, 'required');

const common = {
  id: Id,
  /** What the operator calls it, e.g. "运维一班群". */
  name: z.string().min(1).max(100).optional(),
  enabled: z.boolean().default(true),
  /** Per attempt; a send that takes longer is retried (it may have gone: at-least-once). */
  timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
};

/** 企业微信 group robot: POST {url}?key={key}; 20 messages a minute per robot. */
export const WecomChannel = z
  .object({
    ...common,
    type: z.literal('wecom'),
    url: HttpUrl.default('https://qyapi.weixin.qq.com/cgi-bin/webhook/send'),
    key: Secret,
    msgtype: z.enum(['text', 'markdown']).default('text'),
  })
  .strict();

/** 钉钉 custom robot, signed (加签) when `secret` (SEC…) is given; 20 messages a minute per robot. */
export const DingtalkChannel = z
  .object({
    ...common,
    type: z.literal('dingtalk'),
    url: HttpUrl.default('https://oapi.dingtalk.com/robot/send'),
    accessToken: Secret,
    secret: Secret.optional(),
    msgtype: z.enum(['text', 'markdown']).default('text'),
  })
  .strict();

/** 飞书/Lark custom bot: POST {url}/{token}, signed when `secret` is given; 100 a minute, 5 a second. */
export const FeishuChannel = z
  .object({
    ...common,
    type: z.literal('feishu'),
    url: HttpUrl.default('https://open.feishu.cn/open-apis/bot/v2/hook'),
    token: Secret,
    secret: Secret.optional(),
  })
  .strict();

/** Email over SMTP: STARTTLS on 587 by default (required: no plain-text fallback), or TLS from the start (`secure`). */
export const EmailChannel = z
  .object({
    ...common,
    type: z.literal('email'),
    host: z.string().trim().min(1, 'required'),
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS, which must succeed. */
    secure: z.boolean().default(false),
    user: z.string().min(1).optional(),
    password: Secret.optional(),
    from: z.email('an email address'),
    /** Where a message that names no addresses goes. */
    to: z.array(z.email('an email address')).default([]),
    /** A PEM file of the CA that signed the server's certificate, where it is a private one. */
    caFile: z.string().trim().min(1).optional(),
    perMinute: z.number().int().min(1).max(6000).default(30),
  })
  .strict()
  .refine((c) => (c.user === undefined) === (c.password === undefined), {
    message: 'give both user and password, or neither',
    path: ['password'],
  });

/**
 * An SMS gateway over HTTP, since Chinese SMS providers each differ. `body`
 * is JSON with placeholders in its strings: {{text}}, {{mobiles}} (comma
 * separated), {{timestamp}} (ms), {{secret}}; a string that is exactly
 * "{{mobileList}}" becomes the array of numbers. `url` may hold {{secret}} too.
 */
export const SmsChannel = z
  .object({
    ...common,
    type: z.literal('sms'),
    url: HttpUrl,
    headers: z.record(z.string().min(1), z.string()).default({}),
    body: JsonValue,
    secret: Secret.optional(),
    /**
     * header: the secret as a header value (after `prefix`); hmac: HMAC-SHA256
     * of "{timestamp}\n{body}" with the secret, in `header`, the timestamp in
     * `timestampHeader`.
     */
    auth: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('none') }).strict(),
        z
          .object({ kind: z.literal('header'), header: z.string().min(1), prefix: z.string().default('') })
          .strict(),
        z
          .object({
            kind: z.literal('hmac'),
            header: z.string().min(1),
            timestampHeader: z.string().min(1),
            encoding: z.enum(['hex', 'base64']).default('hex'),
          })
          .strict(),
      ])
      .default({ kind: 'none' }),
    /** A 2xx answer is accepted when the value at `path` (dots, e.g. "result.code") equals `equals`. */
    success: z
      .object({ path: z.string().min(1), equals: z.union([z.string(), z.number(), z.boolean()]) })
      .strict()
      .optional(),
    /** Values at success.path that mean "too many, later" rather than a refusal. */
    retryCodes: z.array(z.string()).default([]),
    perMinute: z.number().int().min(1).max(6000).default(60),
  })
  .strict()
  .refine((c) => c.auth.kind === 'none' || c.secret !== undefined, {
    message: 'required when auth is header or hmac',
    path: ['secret'],
  });

export const ChannelConfig = z.discriminatedUnion('type', [
  WecomChannel,
  DingtalkChannel,
  FeishuChannel,
  EmailChannel,
  SmsChannel,
]);
export type ChannelConfig = z.infer<typeof ChannelConfig>;
export type ChannelType = ChannelConfig['type'];
export const CHANNEL_TYPES: readonly ChannelType[] = ['wecom', 'dingtalk', 'feishu', 'email', 'sms'];

export const NotifyConfig = z
  .object({
    language: z.enum(['zh-CN', 'en']).default('zh-CN'),
    /** Where a message's link points: the desk's address as crews and leads can reach it. */
    linkBase: HttpUrl.optional(),
    /** Times in messages are given in this zone. */
    timeZone: z.string().min(1).default('Asia/Shanghai'),
    /** During a flood, at most one message per station and cause per this many seconds. */
    digestSeconds: z.number().int().min(10).max(3600).default(60),
    /** Channels are checked one by one when the notifier starts (parseChannels), so one bad channel stops nothing else. */
    channels: z.array(z.unknown()).default([]),
  })
  .strict();
export type NotifyConfig = z.infer<typeof NotifyConfig>;

/** One channel the desk could not use, and why, naming the field as the file spells it. */
export type ChannelProblem = { index: number; id: string | null; message: string };

export type ParsedChannels = { channels: ChannelConfig[]; problems: ChannelProblem[] };

const pathText = (path: ReadonlyArray<PropertyKey>) =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');

/**
 * The usable channels of a notify section, and one message for each that is
 * not: "notify.channels[2].key: required". A channel id used twice keeps its
 * first use.
 */
export function parseChannels(raw: readonly unknown[]): ParsedChannels {
  const channels: ChannelConfig[] = [];
  const problems: ChannelProblem[] = [];
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const id =
      typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string'
        ? ((entry as { id: string }).id as string)
        : null;
    const where = `notify.channels[${index}]`;
    const type = typeof entry === 'object' && entry !== null ? (entry as { type?: unknown }).type : undefined;
    if (!CHANNEL_TYPES.includes(type as ChannelType)) {
      problems.push({ index, id, message: `${where}.type: one of ${CHANNEL_TYPES.join(', ')}` });
      return;
    }
    const parsed = ChannelConfig.safeParse(entry);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
      problems.push({
        index,
        id,
        message: `${where}${pathText(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}${more}`,
      });
      return;
    }
    if (seen.has(parsed.data.id)) {
      problems.push({
        index,
        id,
        message: `${where}.id: "${parsed.data.id}" is already used by another channel`,
      });
      return;
    }
    seen.add(parsed.data.id);
    channels.push(parsed.data);
  });
  return { channels, problems };
}
