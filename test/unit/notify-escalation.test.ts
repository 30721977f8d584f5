import { describe, expect, it } from 'vitest';
import type { ClockView } from '../../shared/api/alarms';
import { DEFAULT_ESCALATION_TIERS } from '../../shared/config/escalation';
import { Roster } from '../../shared/crew/roster';
import { recipientsFor, targetsOf } from '../../shared/notify/audience';
import { escalationDue, followUpsDue } from '../../shared/notify/escalation';
import { jobText } from '../../shared/notify/text';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 5, 2, 0);

describe('escalation steps', () => {
  const steps = DEFAULT_ESCALATION_TIERS.emergency;

  it('sends the at-once step at the raise and the manager step after 10 minutes, each once', () => {
    expect(escalationDue(steps, T0, new Set(), T0)).toEqual({ due: [0], nextAt: T0 + 10 * MIN });
    expect(escalationDue(steps, T0, new Set([0]), T0 + 9 * MIN)).toEqual({ due: [], nextAt: T0 + 10 * MIN });
    expect(escalationDue(steps, T0, new Set([0]), T0 + 10 * MIN)).toEqual({ due: [1], nextAt: null });
    expect(escalationDue(steps, T0, new Set([0, 1]), T0 + 60 * MIN)).toEqual({ due: [], nextAt: null });
  });

  it('has nothing for a remote fault by default', () => {
    expect(escalationDue(DEFAULT_ESCALATION_TIERS.remote, T0, new Set(), T0 + 600 * MIN)).toEqual({
      due: [],
      nextAt: null,
    });
  });
});

describe('reports and deadlines the crew owes', () => {
  const progress: ClockView = {
    kind: 'reminder',
    id: 'progress',
    state: 'running',
    everyMs: 60 * MIN,
    lastDoneAt: null,
    nextDueAt: T0 + 60 * MIN,
    remainingMs: 60 * MIN,
    basis: '000',
  };
  const arrive: ClockView = {
    kind: 'deadline',
    id: 'arrive',
    state: 'running',
    startedAt: T0,
    deadline: T0 + 120 * MIN,
    stoppedAt: null,
    remainingMs: 120 * MIN,
    onBreach: 'escalate',
    basis: '001',
  };
  const before = 10 * MIN;

  it('asks ahead of time, then calls a report that fell due undone missed', () => {
    expect(followUpsDue([progress, arrive], before, new Set(), T0)).toEqual({
      due: [],
      nextAt: T0 + 50 * MIN,
    });
    const soon = followUpsDue([progress, arrive], before, new Set(), T0 + 50 * MIN);
    expect(soon.due.map((f) => f.key)).toEqual([`progress@${T0 + 60 * MIN}:soon`]);
    const sent = new Set(soon.due.map((f) => f.key));
    const missed = followUpsDue([{ ...progress, state: 'due' }, arrive], before, sent, T0 + 60 * MIN);
    expect(missed.due).toEqual([
      { clockId: 'progress', at: T0 + 60 * MIN, kind: 'missed', key: `progress@${T0 + 60 * MIN}:missed` },
    ]);
    expect(missed.nextAt).toBe(T0 + 110 * MIN);
  });

  it('does not ask ahead for a report already overdue when first seen', () => {
    const late = followUpsDue([{ ...progress, state: 'due' }], before, new Set(), T0 + 61 * MIN);
    expect(late.due.map((f) => f.kind)).toEqual(['missed']);
  });
});

describe('whom a message names on each channel', () => {
  const people = [
    { name: '周建国', mobile: '139 5751 0001', feishu: 'ou_zhou', email: 'zhou@ops.example.cn' },
    { name: '陈立', mobile: '13957510002' },
  ];

  it('mentions by mobile on robots and SMS, by id on Feishu, by address in mail', () => {
    expect(recipientsFor('wecom', people).mobiles).toEqual(['13957510001', '13957510002']);
    expect(recipientsFor('dingtalk', people).mobiles).toEqual(['13957510001', '13957510002']);
    expect(recipientsFor('feishu', people)).toEqual({ mobiles: [], userIds: ['ou_zhou'], emails: [] });
    expect(recipientsFor('email', people)).toEqual({
      mobiles: [],
      userIds: [],
      emails: ['zhou@ops.example.cn'],
    });
  });

  it('sends the crew through its channels and the managers through the policy’s, a person once per channel', () => {
    const roster = Roster.parse({
      crews: [
        {
          id: 'a',
          name: 'A',
          members: [
            { name: '甲', mobile: '13900000001', lead: true },
            { name: '乙', mobile: '13900000002' },
          ],
          skills: ['dc'],
          base: { name: 'a', lat: 30, lng: 120 },
          channels: ['crew-a'],
        },
        {
          id: 'b',
          name: 'B',
          members: [
            { name: '丙', mobile: '13900000003' },
            { name: '丁', mobile: '13900000004' },
          ],
          skills: ['dc'],
          base: { name: 'b', lat: 30, lng: 120 },
          channels: ['crew-b'],
        },
      ],
    });
    const escalation = { managers: [{ name: '王经理', mobile: '13900000009' }], channels: ['mgr'] };
    const names = (targets: ReturnType<typeof targetsOf>) =>
      targets.map((t) => [t.channel, t.people.map((p) => p.name)]);
    // Before any dispatch the crew is the crews on call; each crew's lead is its marked one or its first.
    expect(
      names(
        targetsOf(['crew', 'on-call-lead'], {
          roster,
          escalation,
          onCall: new Set(['a', 'b']),
          crewId: null,
        }),
      ),
    ).toEqual([
      ['crew-a', ['甲', '乙']],
      ['crew-b', ['丙', '丁']],
    ]);
    expect(
      names(
        targetsOf(['on-call-lead', 'manager'], { roster, escalation, onCall: new Set(['b']), crewId: 'a' }),
      ),
    ).toEqual([
      ['crew-b', ['丙']],
      ['mgr', ['王经理']],
    ]);
  });
});

describe('message text', () => {
  it('is short zh-CN: kind, tier, station and cause in the title; the facts one per line', () => {
    const text = jobText(
      {
        stationName: '鲁迅故里停车场充电站',
        deviceName: '直流桩 DC1',
        cause: '绝缘故障',
        tier: 'emergency',
        workOrderId: 'WO-0001',
        deadline: T0 + 8 * 60 * MIN,
      },
      { kind: 'dispatch', crewName: '越城一班', members: ['周建国', '陈立'] },
      { language: 'zh-CN', timeZone: 'Asia/Shanghai', link: 'https://sync.example.cn/crew/abc' },
    );
    expect(text.title).toBe('【派单】紧急抢修 鲁迅故里停车场充电站 绝缘故障');
    expect(text.body.split('\n')).toEqual([
      '工单：WO-0001',
      '班组：越城一班（周建国、陈立）',
      '站点：鲁迅故里停车场充电站',
      '设备：直流桩 DC1',
      '原因：绝缘故障',
      '等级：紧急抢修',
      '到场时限：12-05 18:00',
      '链接：https://sync.example.cn/crew/abc',
    ]);
  });
});
