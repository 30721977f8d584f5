import { describe, expect, it } from 'vitest';
import { addFilters } from '../../electron/store/sql-filters';

describe('addFilters', () => {
  it('adds the condition and binds the value of each filter given, and skips those not asked for', () => {
    const where = ['j.seq > @afterSeq'];
    const params: Record<string, unknown> = { afterSeq: 0 };
    addFilters(where, params, [
      ['j.type = @type', 'type', undefined],
      ['j.subject = @subject', 'subject', 'sx01-dc1:groundFault'],
      ['j.ts >= @from', 'from', 0],
    ]);
    expect(where).toEqual(['j.seq > @afterSeq', 'j.subject = @subject', 'j.ts >= @from']);
    expect(params).toEqual({ afterSeq: 0, subject: 'sx01-dc1:groundFault', from: 0 });
  });
});
