import { describe, expect, it } from 'vitest';
import { comparePriority, escalatedPriority, Priority, priorityRank } from '../../shared/alarm/priority';

describe('alarm priority', () => {
  it('ranks critical first and low last', () => {
    expect(Priority.options.map(priorityRank)).toEqual([0, 1, 2, 3]);
    expect(['low', 'critical', 'medium', 'high'].map((p) => Priority.parse(p)).sort(comparePriority)).toEqual(
      ['critical', 'high', 'medium', 'low'],
    );
  });

  it('a breach moves an alarm one step up, and critical stays critical', () => {
    expect(Priority.options.map(escalatedPriority)).toEqual(['critical', 'critical', 'high', 'medium']);
  });
});
