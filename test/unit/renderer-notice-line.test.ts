import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { fleetTime } from '../../renderer/src/i18n/fleetTime';
import type { Lang } from '../../renderer/src/i18n/lang';
import { NoticeLine, OutboxMark } from '../../renderer/src/views/workorders/NoticeLine';
import type { NoticeView } from '../../shared/api';
import { inLanguage } from '../helpers/element';

// 2026-12-05 10:00 in Shanghai; the line shows times in the fleet's zone whatever the machine's.
const T0 = Date.UTC(2026, 11, 5, 2, 0);

const notice = (over: Partial<NoticeView>): NoticeView => ({
  id: 'n1',
  channel: 'crew-wecom',
  kind: 'dispatch',
  title: '【派单】',
  requestedAt: T0,
  state: 'queued',
  attempts: 0,
  code: null,
  detail: null,
  nextAttemptAt: null,
  settledAt: null,
  mayDuplicate: false,
  ...over,
});

function line(n: NoticeView, lang: Lang = 'zh-CN'): string {
  return inLanguage(
    lang,
    h(NoticeLine, { notice: n, nowMs: T0 + 60_000, when: fleetTime('Asia/Shanghai', lang).when }),
  );
}

const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('a notification on the work order timeline', () => {
  it('says where it stands: waiting grey, retrying amber with the provider code and next try, refused red', () => {
    expect(line(notice({}))).toContain('data-tone="normal"');
    expect(text(line(notice({})))).toContain('派单通知 · crew-wecom✉ 待发送');

    const retrying = line(
      notice({
        state: 'retrying',
        attempts: 2,
        code: '45009',
        nextAttemptAt: T0 + 5 * 60_000,
        detail: 'api freq out of limit',
      }),
    );
    expect(retrying).toContain('data-tone="warn"');
    expect(text(retrying)).toContain('第 2 次未成功，10:05 再试');
    expect(text(retrying)).toContain('✉ 重试中 45009');
    expect(retrying).toContain('title="api freq out of limit"');

    const refused = line(notice({ state: 'refused', attempts: 1, code: '93000' }), 'en');
    expect(refused).toContain('data-tone="fault"');
    expect(text(refused)).toContain('✉ refused 93000');
    expect(text(line(notice({ state: 'accepted', code: '0', attempts: 1 }), 'en'))).toMatch(/✉ delivered$/);
  });

  it('says at-least-once only where a send was cut off and went again', () => {
    expect(text(line(notice({ state: 'accepted', mayDuplicate: true })))).toContain(
      '对方可能收到两次（至少一次送达）',
    );
    expect(text(line(notice({ state: 'accepted' })))).not.toContain('至少一次');
  });

  it('marks the work order with the state that most needs the eye', () => {
    const mark = (notices: NoticeView[]) => inLanguage('zh-CN', h(OutboxMark, { notices }));
    expect(mark([])).toBe('');
    const mixed = mark([
      notice({ id: 'a', state: 'accepted' }),
      notice({ id: 'b', state: 'retrying', code: '45009' }),
      notice({ id: 'c', state: 'retrying', code: '45009' }),
    ]);
    expect(mixed).toContain('data-state="retrying"');
    expect(text(mixed)).toBe(' · ✉ 重试中 ×2');
    expect(mark([notice({ state: 'accepted', mayDuplicate: true })])).toContain('title="发送曾中断后重发');
  });
});
