import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../renderer/src/i18n/lang';
import { SharedConfigPublishDialog } from '../../renderer/src/views/sync/SharedConfigPublish';
import { expectParts, inLanguage } from '../helpers/element';

function dialogText(lang: Lang, base: number): string {
  const html = inLanguage(
    lang,
    h(SharedConfigPublishDialog, { base, onPublish: async () => {}, onClose: () => {} }),
  );
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('the publish dialog of the shared configuration', () => {
  it('says what is sent, on top of which revision, and asks for a reason, in zh-CN and en', () => {
    const zh = dialogText('zh-CN', 3);
    expectParts(zh, [
      '发布共享配置到其他值守台',
      '本台现用的名册、班次和 SLA 预设，作为第 3 版之后的新版本',
      '服务器会拒绝本次发布',
      '发布原因',
    ]);
    const en = dialogText('en', 3);
    expect(en).toContain('Publish the shared configuration to other desks');
    expect(en).toContain('roster, shifts and SLA presets, as the revision after 3');
    expect(en).toContain('Reason');
  });
});
