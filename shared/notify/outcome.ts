/**
 * What one attempt to hand a message to a provider came to, and how the
 * robots' answers map to it. A refusal is final and carries the provider's
 * code; "rate-limited" and "failed" are tried again, the first when the
 * provider allows, the second after a backoff.
 */
export type SendOutcome =
  | { kind: 'accepted'; code: string | null }
  | { kind: 'refused'; code: string; detail: string }
  | { kind: 'rate-limited'; code: string; detail: string; retryAfterMs: number }
  /** `uncertain`: the request may have reached the provider (a timeout after it went out). */
  | { kind: 'failed'; code: string; detail: string; uncertain: boolean };

/** A send window: at most `count` sends in any `perMs`. */
export type RateLimit = { count: number; perMs: number };

const MINUTE = 60_000;

type RobotRules = {
  /** Where the answer keeps its code and message (Feishu's older hooks answer StatusCode/StatusMessage). */
  codeFields: readonly string[];
  messageFields: readonly string[];
  /** Codes that mean "too many, later", with how long the provider wants us to keep away. */
  rateLimited: Readonly<Record<number, number>>;
  /** Codes that mean a passing fault on their side. */
  transient: readonly number[];
  limits: readonly RateLimit[];
};

export type RobotType = 'wecom' | 'dingtalk' | 'feishu';

/**
 * From the providers' documentation. WeCom group robot: errcode 45009 "api
 * freq out of limit" (20 a minute per robot), -1 system busy, 93000 invalid
 * webhook key. DingTalk custom robot: errcode 130101 "send too fast, exceed
 * 20 times per minute", after which the robot is throttled for 10 minutes;
 * 310000 keyword, signature or IP check failed; 300001 token does not exist.
 * Feishu custom bot: 100 a minute and 5 a second per bot, code 11232
 * frequency limited, 19021 signature or timestamp check failed, 19024
 * keyword missing, 9499 bad request.
 */
export const ROBOT_RULES: Readonly<Record<RobotType, RobotRules>> = {
  wecom: {
    codeFields: ['errcode'],
    messageFields: ['errmsg'],
    rateLimited: { 45009: MINUTE },
    transient: [-1],
    limits: [{ count: 20, perMs: MINUTE }],
  },
  dingtalk: {
    codeFields: ['errcode'],
    messageFields: ['errmsg'],
    rateLimited: { 130101: 10 * MINUTE },
    transient: [-1],
    limits: [{ count: 20, perMs: MINUTE }],
  },
  feishu: {
    codeFields: ['code', 'StatusCode'],
    messageFields: ['msg', 'StatusMessage'],
    rateLimited: { 11232: 30_000 },
    transient: [],
    limits: [
      { count: 100, perMs: MINUTE },
      { count: 5, perMs: 1000 },
    ],
  },
};

/** Provider text goes into the journal and the log: one line, not a page. */
export function shortDetail(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** An HTTP status other than 2xx: 429 later, 5xx again after a backoff, any other a refusal. */
export function httpStatusOutcome(status: number, text: string, retryAfterMs: number): SendOutcome {
  const detail = shortDetail(text) || `HTTP ${status}`;
  const code = `http-${status}`;
  if (status === 429) return { kind: 'rate-limited', code, detail, retryAfterMs };
  // A gateway timeout may have passed the request on.
  if (status >= 500) return { kind: 'failed', code, detail, uncertain: status === 504 };
  return { kind: 'refused', code, detail };
}

function field(body: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) if (body[name] !== undefined) return body[name];
  return undefined;
}

/**
 * A 2xx answer's JSON body; text that is not JSON means something between
 * us and the provider (a proxy page) answered, which may or may not have
 * passed the request on.
 */
export function jsonAnswer(text: string): { body: unknown } | { outcome: SendOutcome } {
  try {
    return { body: JSON.parse(text) };
  } catch {
    return {
      outcome: {
        kind: 'failed',
        code: 'bad-answer',
        detail: shortDetail(text) || 'empty answer',
        uncertain: true,
      },
    };
  }
}

/** A robot's answer to a POST, by its status and JSON body. */
export function robotOutcome(type: RobotType, status: number, text: string): SendOutcome {
  const rules = ROBOT_RULES[type];
  if (status < 200 || status > 299) return httpStatusOutcome(status, text, MINUTE);
  const answer = jsonAnswer(text);
  if ('outcome' in answer) return answer.outcome;
  const { body } = answer;
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = Number(field(record, rules.codeFields));
  const message = field(record, rules.messageFields);
  const detail = shortDetail(typeof message === 'string' ? message : text);
  if (!Number.isFinite(code)) return { kind: 'failed', code: 'bad-answer', detail, uncertain: true };
  if (code === 0) return { kind: 'accepted', code: '0' };
  const penalty = rules.rateLimited[code];
  if (penalty !== undefined)
    return { kind: 'rate-limited', code: String(code), detail, retryAfterMs: penalty };
  if (rules.transient.includes(code)) return { kind: 'failed', code: String(code), detail, uncertain: false };
  return { kind: 'refused', code: String(code), detail };
}
