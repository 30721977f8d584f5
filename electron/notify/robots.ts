import { createHmac } from 'node:crypto';
import type { ChannelConfig } from '../../shared/notify/config';
import { ROBOT_RULES, type RobotType, robotOutcome } from '../../shared/notify/outcome';
import { type ChannelAdapter, type OutboundMessage, plainText } from './adapter';
import { post, transportOutcome } from './http';

type WecomConfig = Extract<ChannelConfig, { type: 'wecom' }>;
type DingtalkConfig = Extract<ChannelConfig, { type: 'dingtalk' }>;
type FeishuConfig = Extract<ChannelConfig, { type: 'feishu' }>;

/** Where and what to POST for one message. */
type RobotRequest = { url: string; body: unknown };

export type RobotOptions = {
  /** The real clock: providers check signatures' timestamps against theirs, not the desk's. */
  now?: () => number;
};

function robotAdapter(
  type: RobotType,
  channel: { id: string; timeoutMs: number },
  secrets: readonly (string | undefined)[],
  request: (message: OutboundMessage) => RobotRequest,
): ChannelAdapter {
  return {
    id: channel.id,
    type,
    limits: ROBOT_RULES[type].limits,
    secrets: secrets.filter((s): s is string => s !== undefined),
    async send(message, signal) {
      const { url, body } = request(message);
      try {
        const answer = await post(url, JSON.stringify(body), {}, channel.timeoutMs, signal);
        return robotOutcome(type, answer.status, answer.text);
      } catch (error) {
        return transportOutcome(error);
      }
    },
    close: async () => {},
  };
}

/** WeCom markdown cannot mention by mobile number, so a message that must mention someone goes as text. */
export function wecomBody(channel: Pick<WecomConfig, 'msgtype'>, message: OutboundMessage): unknown {
  const { mobiles, userIds } = message.to;
  if (channel.msgtype === 'markdown' && mobiles.length === 0) {
    const lines = message.body.split('\n').map((line) => `> ${line}`);
    const link =
      message.link && !message.body.includes(message.link) ? [`[${message.link}](${message.link})`] : [];
    const mentions = userIds.map((id) => `<@${id}>`).join(' ');
    return {
      msgtype: 'markdown',
      markdown: { content: [`**${message.title}**`, ...lines, ...link, mentions].filter(Boolean).join('\n') },
    };
  }
  return {
    msgtype: 'text',
    text: { content: plainText(message), mentioned_list: userIds, mentioned_mobile_list: mobiles },
  };
}

/** WeCom group robot: POST {url}?key={key}. */
export function wecomAdapter(channel: WecomConfig): ChannelAdapter {
  const url = `${channel.url}?key=${encodeURIComponent(channel.key)}`;
  return robotAdapter('wecom', channel, [channel.key], (message) => ({
    url,
    body: wecomBody(channel, message),
  }));
}

/** DingTalk 加签: base64(HMAC-SHA256(secret, "{timestamp}\n{secret}")), URL-encoded into the query. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

export function dingtalkBody(channel: Pick<DingtalkConfig, 'msgtype'>, message: OutboundMessage): unknown {
  const { mobiles, userIds } = message.to;
  // DingTalk shows a mention only where the text names it.
  const mentions = [...mobiles, ...userIds].map((m) => `@${m}`).join(' ');
  const at = { atMobiles: mobiles, atUserIds: userIds, isAtAll: false };
  if (channel.msgtype === 'markdown') {
    const link =
      message.link && !message.body.includes(message.link) ? [`[${message.link}](${message.link})`] : [];
    const text = [`#### ${message.title}`, ...message.body.split('\n'), ...link, mentions].filter(Boolean);
    return { msgtype: 'markdown', markdown: { title: message.title, text: text.join('\n\n') }, at };
  }
  return {
    msgtype: 'text',
    text: { content: [plainText(message), mentions].filter(Boolean).join('\n') },
    at,
  };
}

/** DingTalk custom robot: POST {url}?access_token=…[&timestamp=…&sign=…]. */
export function dingtalkAdapter(channel: DingtalkConfig, options: RobotOptions = {}): ChannelAdapter {
  const now = options.now ?? Date.now;
  const base = `${channel.url}?access_token=${encodeURIComponent(channel.accessToken)}`;
  return robotAdapter('dingtalk', channel, [channel.accessToken, channel.secret], (message) => {
    const signed = channel.secret;
    const timestamp = now();
    const url = signed
      ? `${base}&timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSign(signed, timestamp))}`
      : base;
    return { url, body: dingtalkBody(channel, message) };
  });
}

/** Feishu 签名校验: base64(HMAC-SHA256 keyed with "{timestamp}\n{secret}" over nothing); timestamp in seconds. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** Feishu custom bots mention by user id (open_id / user_id), not by mobile. */
export function feishuContent(message: OutboundMessage): unknown {
  const mentions = message.to.userIds.map((id) => `<at user_id="${id}"></at>`).join(' ');
  return { text: [plainText(message), mentions].filter(Boolean).join('\n') };
}

/** Feishu / Lark custom bot: POST {url}/{token}, the signature in the body. */
export function feishuAdapter(channel: FeishuConfig, options: RobotOptions = {}): ChannelAdapter {
  const now = options.now ?? Date.now;
  const url = `${channel.url.replace(/\/+$/, '')}/${encodeURIComponent(channel.token)}`;
  return robotAdapter('feishu', channel, [channel.token, channel.secret], (message) => {
    const content = { msg_type: 'text', content: feishuContent(message) };
    if (!channel.secret) return { url, body: content };
    const timestamp = Math.floor(now() / 1000);
    return {
      url,
      body: { timestamp: String(timestamp), sign: feishuSign(channel.secret, timestamp), ...content },
    };
  });
}
