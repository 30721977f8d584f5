import { createElement as h } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { measureDeltaSize } from '../../bench/alarm-delta-size';
import type { JournalEntry } from '../../electron/alarms/recorded';
import type { AlarmService } from '../../electron/alarms/service';
import { type Lang, translator } from '../../renderer/src/i18n/lang';
import { ClockLine } from '../../renderer/src/views/alarms/AlarmDetail';
import { type AlarmsDelta, type AlarmView, methods } from '../../shared/api/contract';
import { assembleSnapshot } from '../../shared/handover/snapshot';
import { ruleTextOf, SERVICE_COMMITMENT_PRESET, slaRuleTexts, slaSettingsOf } from '../../shared/triage/sla';
import { recordingAlarmService } from '../helpers/alarm-service';
import { inLanguage } from '../helpers/element';
import { testDcCharger, testStation, testStatus } from '../helpers/fleet-fixtures';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const HOUR = 3_600_000;
const PLAN_REMOTE = '000 故障处理时效承诺: 轻微故障，承诺接到故障报警后 1 小时内完成远程诊断并给出处理方案';

describe('SLA rule texts, once per preset', () => {
  it('hold every clock and reminder of every preset by tier and id', () => {
    const basisOf = ruleTextOf(slaRuleTexts());
    expect(basisOf('service-commitment', 'remote', 'plan')).toBe(PLAN_REMOTE);
    expect(basisOf('service-commitment', 'emergency', 'materials')).toContain('物资使用情况 每天');
    expect(basisOf('shaoxing', 'on-site', 'arrive')).toContain('主城区不应超过1小时');
    expect(basisOf('shaoxing', 'on-site', 'nope')).toBeUndefined();
    expect(basisOf('site-contract', 'remote', 'plan')).toBeUndefined();
    expect(methods['sla.rules'].result.parse(slaRuleTexts()).presets.map((p) => p.id)).toEqual([
      'service-commitment',
      'shaoxing',
    ]);
  });
});

describe('alarm records carry the keys, not the texts', () => {
  let journal: JournalEntry[];
  let deltas: AlarmsDelta[];
  let service: AlarmService;
  const status = (faults: string[]) => testStatus('s1-dc1', faults, T0);
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    ({ service, journal, deltas } = recordingAlarmService({
      sla: slaSettingsOf({ default: 'service-commitment', presetByGroup: { yuecheng: 'shaoxing' } }),
    }));
    service.setTopology([testStation('s1', 'keqiao')], [testDcCharger('s1-dc1', 's1')]);
    service.onStatus([status([])]);
  });
  afterEach(() => {
    service.stop();
    vi.useRealTimers();
  });

  it('a delta names preset, tier and clock ids; sla.rules resolves each; a breach still journals its basis', () => {
    service.onStatus([status(['doorOpen'])]);
    const sent = JSON.stringify(deltas.at(-1));
    const record = deltas.at(-1)?.alarms[0] as AlarmView;
    expect(record).toMatchObject({ slaPreset: 'service-commitment', tier: 'remote' });
    expect(record.clocks).toEqual([expect.not.objectContaining({ basis: expect.anything() })]);
    expect(sent).not.toContain('故障处理时效承诺');
    const basisOf = ruleTextOf(service.slaRules());
    expect(record.clocks.map((c) => basisOf(record.slaPreset, record.tier, c.id))).toEqual([PLAN_REMOTE]);

    vi.advanceTimersByTime(HOUR + 1);
    expect(journal.find((e) => e.type === 'alarm.sla-breached')?.reason).toBe(PLAN_REMOTE);
  });

  it('the handover snapshot quotes each clock’s basis from the rule texts', () => {
    service.onStatus([status(['doorOpen'])]);
    const snapshot = assembleSnapshot({
      now: T0 + 10 * 60_000,
      stations: [testStation('s1', 'keqiao')],
      devices: [testDcCharger('s1-dc1', 's1')],
      status: [],
      alarms: service.list().alarms,
      workOrders: [],
      outages: [],
      checks: [],
      slaRules: service.slaRules(),
    });
    expect(snapshot.clocks.running).toMatchObject([{ clock: 'plan', basis: PLAN_REMOTE }]);
  });
});

describe('the alarm detail shows the basis from the cached texts', () => {
  const render = (lang: Lang, basis: string | undefined) =>
    inLanguage(
      lang,
      h(ClockLine, {
        clock: {
          kind: 'deadline',
          id: 'plan',
          state: 'running',
          startedAt: T0,
          deadline: T0 + HOUR,
          stoppedAt: null,
          remainingMs: HOUR,
          onBreach: 'escalate',
        },
        basis,
        nowMs: T0,
        t: translator(lang),
      }),
    );

  it('in both languages, and nothing before the texts arrive', () => {
    const basis = ruleTextOf(slaRuleTexts())(SERVICE_COMMITMENT_PRESET.id, 'remote', 'plan');
    expect(render('zh-CN', basis)).toContain(`依据：${PLAN_REMOTE}`);
    expect(render('en', basis)).toContain(`Basis: ${PLAN_REMOTE}`);
    expect(render('en', basis)).toContain(`title="${PLAN_REMOTE}"`);
    expect(render('en', undefined)).not.toContain('clock-basis');
  });
});

describe('delta size in a storm', () => {
  it('frames without the texts are a quarter smaller than with them inline; the texts once are 3 kB', async () => {
    // Two stations, one on each preset: the mix of the 10,000-alarm run (73 % there).
    const r = await measureDeltaSize(40);
    expect(r.alarms).toBe(400);
    expect(r.bytes / r.inlineBytes).toBeLessThan(0.78);
    expect(r.rulesBytes).toBeLessThan(4096);
  });
});
