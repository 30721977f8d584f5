import { describe, expect, it } from 'vitest';
import { type DutyViews, openSubjects } from '../../shared/duty/snapshot-subjects';

type Application = DutyViews['applications'][number];

const application = (
  over: Partial<Application> & Pick<Application, 'id' | 'kind' | 'state'>,
): Application => ({
  until: null,
  workOrderId: null,
  outageId: null,
  ...over,
});

const views = (applications: Application[]): DutyViews => ({ alarms: [], workOrders: [], applications });

describe('openSubjects: which applications a snapshot start replays', () => {
  const before = 1_000_000;
  const all = [
    application({ id: 'AP-0001', kind: 'outage', state: 'ended' }),
    // Approved and final: its approval ended AP-0001; nothing further happens to either.
    application({ id: 'AP-0002', kind: 'resume', state: 'approved', outageId: 'AP-0001' }),
    application({ id: 'AP-0003', kind: 'exemption', state: 'approved', until: before - 1 }),
    application({ id: 'AP-0004', kind: 'exemption', state: 'approved', until: before }),
    application({ id: 'AP-0005', kind: 'exemption', state: 'approved' }),
    application({ id: 'AP-0006', kind: 'outage', state: 'approved', workOrderId: 'WO-00001' }),
    application({ id: 'AP-0007', kind: 'decommission', state: 'approved' }),
    application({ id: 'AP-0008', kind: 'resume', state: 'applied', outageId: 'AP-0006' }),
    application({ id: 'AP-0009', kind: 'exemption', state: 'rejected', until: before + 1 }),
    application({ id: 'AP-0010', kind: 'exemption', state: 'applied', until: before - 1 }),
  ];

  it('leaves out approved resumes and exemptions whose period ended before the given time', () => {
    // An exemption ending at the time or later, or open-ended, may still be in force; AP-0010 is also the highest id.
    expect(openSubjects(views(all), [], before)).toEqual([
      'AP-0004',
      'AP-0005',
      'AP-0006',
      'AP-0007',
      'AP-0008',
      'AP-0010',
      'WO-00001',
    ]);
  });

  it('keeps every approved exemption when no time is given, and what a recent subject refers to', () => {
    const subjects = openSubjects(views(all), ['AP-0002']);
    expect(subjects).toContain('AP-0003');
    // A resume touched lately comes back with the outage it ended.
    expect(subjects).toEqual(expect.arrayContaining(['AP-0001', 'AP-0002']));
    expect(subjects).not.toContain('AP-0009');
  });
});
