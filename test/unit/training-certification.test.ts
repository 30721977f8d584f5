import { describe, expect, it } from 'vitest';
import { certificationOf, TrainingConfig } from '../../shared/training/certification';
import type { DrillRecord } from '../../shared/training/records';

const DAY = 86_400_000;
const config = TrainingConfig.parse({});
const drill = (recordedAt: number, passed: boolean): DrillRecord => ({
  drillId: `d-${recordedAt}`,
  scenario: 'drill-gateway-comms-loss',
  title: { 'zh-CN': '站点网关通信中断', en: 'Gateway comms loss at one site' },
  trainee: 'zhao.min',
  score: passed ? 90 : 40,
  endedAt: 0,
  reportHash: 'a'.repeat(64),
  passed,
  lead: 'li.qiang',
  recordedAt,
});

describe('certification from drills (上岗认证, 年度复训)', () => {
  it('is certified from the first pass and due for retraining a year after the last', () => {
    const drills = [drill(10 * DAY, false), drill(20 * DAY, true), drill(100 * DAY, true)];
    expect(certificationOf({ drills }, config, 101 * DAY)).toEqual({
      status: 'certified',
      certifiedAt: 20 * DAY,
      lastPassedAt: 100 * DAY,
      retrainBy: 465 * DAY,
    });
    expect(certificationOf({ drills }, config, 435 * DAY).status).toBe('due-soon');
    expect(certificationOf({ drills }, config, 465 * DAY).status).toBe('overdue');
    // A failed drill later takes nothing away; only time does.
    expect(certificationOf({ drills: [...drills, drill(200 * DAY, false)] }, config, 300 * DAY).status).toBe(
      'certified',
    );
  });

  it('is not certified without a pass', () => {
    expect(certificationOf({ drills: [drill(DAY, false)] }, config, 2 * DAY)).toEqual({
      status: 'uncertified',
      certifiedAt: null,
      lastPassedAt: null,
      retrainBy: null,
    });
  });

  it('refuses rules that cannot hold, naming the field', () => {
    expect(config).toEqual({ passMark: 80, retrainEveryDays: 365, dueSoonDays: 30 });
    const issues = (input: unknown) =>
      TrainingConfig.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ passMark: -1 })).toEqual(['passMark: the pass mark is a score from 0 to 100']);
    expect(issues({ retrainEveryDays: 7, dueSoonDays: 1 })).toEqual([
      'retrainEveryDays: retraining at most every 30 days',
    ]);
    expect(issues({ retrainEveryDays: 60, dueSoonDays: 90 })).toEqual([
      'dueSoonDays: dueSoonDays must be shorter than retrainEveryDays',
    ]);
  });
});
