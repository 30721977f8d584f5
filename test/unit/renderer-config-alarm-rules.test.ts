import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../renderer/src/i18n/lang';
import { AlarmRulesPanel } from '../../renderer/src/views/config/AlarmRulesPanel';
import { newOverride } from '../../renderer/src/views/config/alarmRulesDraft';
import {
  type ConfigDraft,
  draftOf,
  errorsFromMessage,
  validateDraft,
} from '../../renderer/src/views/config/model';
import { DeskConfig, type DeskConfigInput } from '../../shared/config/schema';
import { inLanguage } from '../helpers/element';
import { testStation } from '../helpers/fleet-fixtures';

const base: DeskConfigInput = {
  stations: [testStation('sx01', '越城区'), testStation('sx02', '柯桥区')],
  devices: [
    { id: 'sx01-dc1', stationId: 'sx01', name: '直流桩 DC1', profile: 'dc-120kw-dual', host: '10.0.0.6' },
  ],
};
const withRules = DeskConfig.parse({
  ...base,
  alarmRules: {
    triageOverrides: [
      {
        id: 'school-door',
        station: 'sx01',
        cause: 'doorOpen',
        kinds: ['dc-charger', 'ac-charger'],
        charging: false,
        defectClass: 'serious',
        priority: 'high',
        why: '学校旁',
      },
      {
        id: 'kq-fan',
        group: '柯桥区',
        cause: 'fanFault',
        defectClass: 'general',
        tier: 'remote',
        why: '风机冗余',
      },
    ],
    shelveMaxHours: { critical: 1, high: 2.5 },
  },
});

describe('alarm rules in the config editor', () => {
  it('round-trip through the form unchanged, and a config without them stays without', () => {
    const checked = validateDraft(draftOf(withRules));
    expect(checked.ok && checked.config).toEqual(withRules);
    const plain = DeskConfig.parse(base);
    const again = validateDraft(draftOf(plain));
    expect(again.ok && again.config).toEqual(plain);
    expect(again.ok && again.config).not.toHaveProperty('alarmRules');
  });

  it('an edited maximum and a new group row are saved; a wrong one is marked at its field', () => {
    const draft = draftOf(withRules);
    draft.alarmRules.shelveMaxHours.low = '4';
    draft.alarmRules.overrides.push({
      ...newOverride('sx02'),
      id: 'sx02-smoke',
      cause: 'smokeDetected',
      defectClass: 'critical',
      why: '烟感误报多',
    });
    const checked = validateDraft(draft);
    expect(checked.ok && checked.config.alarmRules?.shelveMaxHours).toEqual({
      critical: 1,
      high: 2.5,
      low: 4,
    });
    expect(checked.ok && checked.config.alarmRules?.triageOverrides[2]).toMatchObject({
      id: 'sx02-smoke',
      station: 'sx02',
    });

    draft.alarmRules.shelveMaxHours.medium = 'half a day';
    const notANumber = validateDraft(draft);
    expect(
      notANumber.ok ? [] : notANumber.errors.map((e) => [e.field, e.path, e.notANumber ?? false]),
    ).toEqual([['alarmRules.shelveMaxHours.medium', 'alarmRules.shelveMaxHours.medium', true]]);
    // What needs the stations is judged once every field has its shape.
    draft.alarmRules.shelveMaxHours.medium = '';
    const kq = draft.alarmRules.overrides[1] as (typeof draft.alarmRules.overrides)[number];
    draft.alarmRules.overrides[1] = { ...kq, target: '滨海' };
    const unknownGroup = validateDraft(draft);
    expect(unknownGroup.ok ? [] : unknownGroup.errors.map((e) => [e.field, e.message])).toEqual([
      ['alarmRules.triageOverrides.1.group', 'no station group "滨海" (groups: 越城区, 柯桥区)'],
    ]);
  });

  it('finds the fields the engine names in a refusal', () => {
    expect(
      errorsFromMessage(
        'bad params for config.update: config.alarmRules.triageOverrides.0.station: no station "sx99"',
      ),
    ).toEqual([
      {
        field: 'alarmRules.triageOverrides.0.station',
        path: 'alarmRules.triageOverrides[0].station',
        message: 'no station "sx99"',
      },
    ]);
  });

  const panel = (lang: Lang, draft: ConfigDraft, editable: boolean) =>
    inLanguage(lang, h(AlarmRulesPanel, { draft, errors: [], editable, edit: () => {}, onAdded: () => {} }));

  it('shows the maxima per priority and one row per site rule, in both languages', () => {
    const zh = panel('zh-CN', draftOf(withRules), true);
    expect(zh).toContain('告警规则');
    expect(zh).toContain('最长搁置时间 (h)');
    expect(zh).toMatch(/data-testid="cfg-alarmRules.shelveMaxHours.high"[^>]*value="2.5"/);
    expect(zh).toMatch(/data-testid="cfg-alarmRules.triageOverrides.1.group"/);
    expect(zh).toContain('<option value="柯桥区" selected="">柯桥区</option>');
    expect(zh).toContain('（按等级）');
    const en = panel('en', draftOf(withRules), false);
    expect(en).toContain('Site triage rows');
    expect(en).toContain('8 (default)');
    expect(en).toContain('school-door');
    expect(en).not.toContain('<input');
  });
});
