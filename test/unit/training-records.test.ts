import { describe, expect, it } from 'vitest';
import { PassMark, trainingRecords } from '../../shared/training/records';
import { TRAINING_DRILL_EVENT } from '../../shared/training/report';

const title = { 'zh-CN': '站点网关通信中断', en: 'Gateway comms loss at one site' };
const record = (trainee: string, score: number, endedAt: number) => ({
  type: TRAINING_DRILL_EVENT,
  ts: endedAt * 1000,
  actor: { user: 'li.qiang' },
  data: {
    drillId: `d-${trainee}-${endedAt}`,
    scenario: 'drill-gateway-comms-loss',
    title,
    trainee,
    score,
    endedAt,
    reportHash: 'a'.repeat(64),
  },
});

describe('training records', () => {
  it('lists each operator’s drills newest first, passed or failed against the pass mark', () => {
    const events = [
      record('wang.fang', 100, 2),
      record('chen.jing', 45, 1),
      { type: 'alarm.acked', ts: 2500, actor: { user: 'wang.fang' }, data: {} },
      record('wang.fang', 79.5, 3),
      { type: TRAINING_DRILL_EVENT, ts: 4000, actor: { user: 'x' }, data: { trainee: 'broken' } },
    ];
    const records = trainingRecords(events, PassMark.parse(undefined));
    expect(records.map((r) => [r.trainee, r.passed, r.failed])).toEqual([
      ['chen.jing', 0, 1],
      ['wang.fang', 1, 1],
    ]);
    expect(records[1]?.drills.map((d) => [d.score, d.passed, d.lead])).toEqual([
      [79.5, false, 'li.qiang'],
      [100, true, 'li.qiang'],
    ]);
    // A lower mark re-reads the same scores.
    expect(trainingRecords(events, 70)[1]?.passed).toBe(2);
  });

  it('refuses a pass mark outside 0–100', () => {
    expect(PassMark.safeParse(120).success).toBe(false);
  });
});
