import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../renderer/src/i18n/lang';
import { SharedConfigDialog } from '../../renderer/src/views/sync/SharedConfig';
import type { SharedConfigView } from '../../shared/api/shared-config';
import { expectParts, inLanguage } from '../helpers/element';

// 2026-12-05 10:00 in Shanghai: the dialog says when the revision arrived in the fleet's zone.
const T0 = Date.UTC(2026, 11, 5, 2, 0);

const view: SharedConfigView = {
  held: { revision: 3, receivedAt: T0, sections: ['crews', 'sla'] },
  applied: { revision: 2, by: 'zhou.admin', at: T0 - 86_400_000, reason: '初始名册' },
  changes: [
    { section: 'crews', change: 'added', item: 'c 上虞一班', before: null, after: '{"id":"c"}' },
    { section: 'crews', change: 'removed', item: 'b 柯桥一班', before: '{"id":"b"}', after: null },
    { section: 'sla', change: 'changed', item: 'default', before: 'service-commitment', after: 'shaoxing' },
  ],
  problem: null,
};

function dialogHtml(v: SharedConfigView, lang: Lang): string {
  return inLanguage(lang, h(SharedConfigDialog, { view: v, onApply: async () => {}, onClose: () => {} }));
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the shared configuration dialog', () => {
  it('shows the revision, what the desk runs on, and each change by section, in zh-CN and en', () => {
    const zh = text(dialogHtml(view, 'zh-CN'));
    expectParts(zh, [
      '应用共享配置 · 第 3 版',
      '服务器发来于 12-05 10:00；本台现用第 2 版',
      '名册 新增 c 上虞一班',
      '名册 删除 b 柯桥一班',
      'SLA 预设 修改 default service-commitment shaoxing',
      '应用原因',
    ]);
    const en = text(dialogHtml(view, 'en'));
    expect(en).toContain('Apply shared configuration · revision 3');
    expect(en).toContain('Roster added c 上虞一班');
  });

  it('says why a revision cannot be applied instead of the usual note', () => {
    const problem = 'shared configuration revision 4: crews.crews[0].members: a crew has at least 2 people';
    const zh = text(dialogHtml({ ...view, changes: [], problem }, 'zh-CN'));
    expect(zh).toContain(problem);
    expect(zh).not.toContain('应用前本台照旧运行');
  });
});
