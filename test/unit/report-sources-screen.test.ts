import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../renderer/src/i18n/lang';
import { Sources } from '../../renderer/src/views/reports/parts';
import { catalogueEn, catalogueZh } from '../../shared/i18n/catalogue';
import { MONTHLY_SOURCES } from '../../shared/report/monthly';
import { SLA_SOURCES } from '../../shared/report/sla-compliance';
import { inLanguage } from '../helpers/element';

function render(sources: Readonly<Record<string, string>>, lang: Lang): string {
  return inLanguage(lang, createElement(Sources, { sources }));
}

describe('the reports screen names its sources in the language on screen', () => {
  it.each([
    ['monthly', MONTHLY_SOURCES, 'reports.source.sessions'],
    ['SLA', SLA_SOURCES, 'reports.source.incidents'],
  ] as const)(
    'the %s sources in zh-CN are the catalogue sentences the printed record uses',
    (_, sources, key) => {
      const zh = render(sources, 'zh-CN');
      expect(zh).toContain(catalogueZh[key]);
      expect(zh).not.toContain(catalogueEn[key]);
      // No internal source key (sessions, energyMeter…) is shown as a label.
      for (const id of Object.keys(sources)) expect(zh).not.toMatch(new RegExp(`>${id}<`));
      expect(render(sources, 'en')).toContain(catalogueEn[key]);
    },
  );

  it('lists a source shared by several figures once', () => {
    const text = catalogueEn['reports.source.sessions'];
    const markup = render({ a: text, b: text }, 'en');
    expect(markup.split(text)).toHaveLength(2);
  });
});
