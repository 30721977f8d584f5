import { describe, expect, it } from 'vitest';
import { incidentKey, StepsSent } from '../../electron/workorders/steps-sent';

describe('escalation steps sent, per alarm and incident', () => {
  it('keeps the steps of an incident and hands out copies', () => {
    const sent = new StepsSent();
    sent.add('dc-1:ground-fault', 1_000, 0);
    sent.add('dc-1:ground-fault', 1_000, 2);
    const steps = sent.of('dc-1:ground-fault', 1_000);
    expect([...steps]).toEqual([0, 2]);
    steps.add(5);
    expect([...sent.of('dc-1:ground-fault', 1_000)]).toEqual([0, 2]);
    expect([...sent.of('dc-1:ground-fault', 2_000)]).toEqual([]);
    expect([...sent.of('ac-1:ground-fault', 1_000)]).toEqual([]);
  });

  it("lets an alarm's earlier incident go when a later one escalates, in the order they are given", () => {
    const sent = new StepsSent();
    sent.add('dc-1:ground-fault', 1_000, 0);
    sent.add('dc-1:ground-fault', 1_000, 1);
    sent.add('dc-1:ground-fault', 5_000, 0);
    expect([...sent.of('dc-1:ground-fault', 5_000)]).toEqual([0]);
    expect([...sent.of('dc-1:ground-fault', 1_000)]).toEqual([]);
    // A clock stepped back: the incident journalled last is the alarm's latest, whatever its time says.
    sent.add('dc-1:ground-fault', 3_000, 0);
    expect([...sent.of('dc-1:ground-fault', 3_000)]).toEqual([0]);
    expect(sent.size).toBe(1);
  });

  it('drops an acknowledged incident, and only that one', () => {
    const sent = new StepsSent();
    sent.add('dc-1:ground-fault', 1_000, 0);
    sent.add('dc-2:ground-fault', 1_000, 0);
    sent.acknowledged('dc-1:ground-fault', 900);
    expect(sent.size).toBe(2);
    sent.acknowledged('dc-1:ground-fault', 1_000);
    expect(sent.size).toBe(1);
    expect([...sent.of('dc-2:ground-fault', 1_000)]).toEqual([0]);
  });

  it('holds one entry per alarm however many incidents a year of storms brings', () => {
    const sent = new StepsSent();
    for (let incident = 0; incident < 2_000; incident++)
      for (let alarm = 0; alarm < 50; alarm++)
        for (let step = 0; step < 3; step++) sent.add(`dev-${alarm}:comms-lost`, incident * 60_000, step);
    expect(sent.size).toBe(50);
    expect([...sent.of('dev-7:comms-lost', 1_999 * 60_000)]).toEqual([0, 1, 2]);
  });

  it('reads the journalled key of an incident, and nothing from a key that is not one', () => {
    expect(incidentKey('gw-1|10.0.0.5:502:comms-lost|1733000000000')).toEqual({
      alarmId: 'gw-1|10.0.0.5:502:comms-lost',
      raisedAt: 1_733_000_000_000,
    });
    expect(incidentKey('dc-1:ground-fault|0')).toEqual({ alarmId: 'dc-1:ground-fault', raisedAt: 0 });
    for (const bad of ['dc-1:ground-fault', 'dc-1:ground-fault|', '|1000', 'dc-1|abc', ''])
      expect(incidentKey(bad)).toBeNull();
  });
});
