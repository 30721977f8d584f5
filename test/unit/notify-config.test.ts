import { describe, expect, it } from 'vitest';
import { keepRedacted, REDACTED, redactConfig, redactedField } from '../../shared/config/redact';
import { DeskConfig } from '../../shared/config/schema';
import { parseChannels } from '../../shared/notify/config';
import { scrubSecrets } from '../../shared/notify/secrets';

const channels = [
  { id: 'crew-a', type: 'wecom', key: 'wecom-key-1234' },
  { id: 'crew-b', type: 'dingtalk', accessToken: 'ding-token-5678', secret: 'SECding-secret' },
  {
    id: 'mail',
    type: 'email',
    host: 'smtp.example.cn',
    from: 'desk@example.cn',
    user: 'desk',
    password: 'smtp-pass-99',
  },
];

const config = (notify: unknown) =>
  DeskConfig.parse({
    stations: [{ id: 'sx01', name: '城东', lat: 30, lng: 120, group: 'urban', urban: true }],
    devices: [],
    notify,
  });

describe('notify configuration', () => {
  it('takes good channels and names the field of each bad one, so the rest still work', () => {
    const parsed = parseChannels([
      ...channels,
      { id: 'bad-robot', type: 'wecom' },
      { id: 'bad-mail', type: 'email', host: '', from: 'desk@example.cn' },
      {
        id: 'sms',
        type: 'sms',
        url: 'https://sms.example.cn/send',
        body: {},
        auth: { kind: 'hmac', header: 'X-Sig', timestampHeader: 'X-Ts' },
      },
      { id: 'fax', type: 'fax' },
      { id: 'crew-a', type: 'wecom', key: 'other' },
    ]);
    expect(parsed.channels.map((c) => c.id)).toEqual(['crew-a', 'crew-b', 'mail']);
    expect(parsed.problems.map((p) => p.message)).toEqual([
      'notify.channels[3].key: Invalid input: expected string, received undefined',
      'notify.channels[4].host: required',
      'notify.channels[5].secret: required when auth is header or hmac',
      'notify.channels[6].type: one of wecom, dingtalk, feishu, email, sms',
      'notify.channels[7].id: "crew-a" is already used by another channel',
    ]);
  });

  it('fills the providers’ defaults: official endpoints, STARTTLS on 587, zh-CN, one-minute digests', () => {
    const cfg = config({ channels });
    expect(cfg.notify).toMatchObject({ language: 'zh-CN', timeZone: 'Asia/Shanghai', digestSeconds: 60 });
    const [wecom, ding, mail] = parseChannels(cfg.notify?.channels ?? []).channels;
    expect(wecom).toMatchObject({ url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', msgtype: 'text' });
    expect(ding).toMatchObject({ url: 'https://oapi.dingtalk.com/robot/send' });
    expect(mail).toMatchObject({ port: 587, secure: false });
  });

  it('shows nobody the robot keys, signing secrets or mail password, editors included', () => {
    const cfg = config({ channels });
    for (const role of ['admin', 'monitor', 'wallboard'] as const) {
      const shown = JSON.stringify(redactConfig(cfg, role));
      for (const secret of ['wecom-key-1234', 'ding-token-5678', 'SECding-secret', 'smtp-pass-99']) {
        expect(shown).not.toContain(secret);
      }
      expect(shown).toContain('smtp.example.cn');
    }
  });

  it('keeps a redacted secret on update by channel id, names a changed one, refuses one with nothing to keep', () => {
    const current = config({ channels });
    const shown = redactConfig(current, 'admin');
    const kept = keepRedacted(shown, current);
    expect(kept.ok && kept.config.notify).toEqual(current.notify);
    expect(kept.ok && kept.changed).toEqual([]);

    const edited = config({
      channels: [{ ...channels[0], key: 'new-key-0000' }, ...(shown.notify?.channels.slice(1) ?? [])],
    });
    const changed = keepRedacted(edited, current);
    expect(changed.ok && changed.changed).toEqual(['notify.channels[0].key']);

    const added = config({
      channels: [...(shown.notify?.channels ?? []), { id: 'new', type: 'wecom', key: REDACTED }],
    });
    expect(keepRedacted(added, current)).toMatchObject({ ok: false, field: 'notify.channels[3].key' });
    expect(redactedField(added)).toBe('notify.channels[0].key');
  });

  it('cuts secrets, plain and URL-encoded, out of text bound for a log', () => {
    const text = 'POST https://x/send?key=a%2Bb%2Fc failed; secret a+b/c';
    expect(scrubSecrets(text, ['a+b/c'], REDACTED)).toBe(
      'POST https://x/send?key=<redacted> failed; secret <redacted>',
    );
  });
});
