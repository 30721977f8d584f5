import { describe, expect, it } from 'vitest';
import type { AlarmView } from '../../shared/api/alarms';
import type { Device, DeviceStatus, Station } from '../../shared/api/model';
import { HANDOVER_EVENT } from '../../shared/handover/events';
import {
  correctable,
  projectRecord,
  recordFacts,
  searchableText,
  summarize,
} from '../../shared/handover/project';
import { CheckResult } from '../../shared/handover/record';
import { DEFAULT_SHIFT_SCHEDULE, shiftAt } from '../../shared/handover/schedule';
import { assembleSnapshot, ethernetFromGateways, type SnapshotInputs } from '../../shared/handover/snapshot';
import type { JournalEvent } from '../../shared/journal/event';
import { alarmView } from '../helpers/views';

const NOW = Date.parse('2026-11-23T11:30:00Z'); // 19:30 in Shanghai, half an hour before handover
const MIN = 60_000;

const stations: Station[] = [
  { id: 'sx01', name: '越城万达充电站', address: '', lat: 30, lng: 120.5, group: '越城区', urban: true },
  { id: 'sx02', name: '嵊州高铁站充电站', address: '', lat: 29.6, lng: 120.8, group: '嵊州市', urban: false },
];
const device = (id: string, stationId: string, endpoint: string, name: string): Device => ({
  id,
  stationId,
  name,
  kind: 'dc-charger',
  profile: 'dc-120kw-dual',
  endpoint,
  unitId: 1,
  guns: 2,
  ratedKw: 120,
});
const devices = [
  device('sx01-dc1', 'sx01', '10.0.1.10:502', '1号直流桩'),
  device('sx01-dc2', 'sx01', '10.0.1.10:502', '2号直流桩'),
  device('sx02-dc1', 'sx02', '10.0.2.10:502', '1号直流桩'),
];
const status = (deviceId: string, comms: DeviceStatus['comms']): DeviceStatus => ({
  deviceId,
  comms,
  state: comms === 'comm-lost' ? 'comm-lost' : 'idle',
  faults: [],
  detail: comms === 'comm-lost' ? 'no answer after 2 requests' : null,
  since: NOW - 40 * MIN,
});

function alarm(over: Partial<AlarmView> & Pick<AlarmView, 'id' | 'state' | 'tier'>): AlarmView {
  return alarmView({
    deviceId: 'sx01-dc1',
    stationId: 'sx01',
    cause: 'insulation-fault',
    priority: 'high',
    defectClass: 'critical',
    ruleId: 'r',
    raisedAt: NOW - 90 * MIN,
    ...over,
  });
}

const deadline = (id: string, state: 'running' | 'breached' | 'met', remainingMs: number) => ({
  kind: 'deadline' as const,
  id,
  state,
  startedAt: NOW - 90 * MIN,
  deadline: NOW + remainingMs,
  stoppedAt: null,
  remainingMs,
  onBreach: 'escalate' as const,
  basis: '000',
});

const inputs = (over: Partial<SnapshotInputs> = {}): SnapshotInputs => ({
  now: NOW,
  stations,
  devices,
  status: [status('sx01-dc1', 'online'), status('sx01-dc2', 'online'), status('sx02-dc1', 'online')],
  alarms: [],
  workOrders: [],
  outages: [],
  checks: [],
  ...over,
});

describe('handover snapshot', () => {
  it('sorts open alarms into tiers, clocks into running and breached, and lists shelved alarms with expiry', () => {
    const snap = assembleSnapshot(
      inputs({
        alarms: [
          alarm({
            id: 'a1',
            state: 'active-unacknowledged',
            tier: 'emergency',
            priority: 'critical',
            clocks: [deadline('emergency.plan', 'breached', -20 * MIN)],
          }),
          alarm({
            id: 'a2',
            state: 'active-acknowledged',
            tier: 'on-site',
            ackedBy: 'mon1',
            clocks: [deadline('dispatch', 'running', 30 * MIN), deadline('arrive', 'met', 0)],
          }),
          alarm({
            id: 'a3',
            state: 'returned-unacknowledged',
            tier: 'remote',
            deviceId: 'sx02-dc1',
            stationId: 'sx02',
          }),
          alarm({
            id: 'a4',
            state: 'shelved',
            tier: 'remote',
            shelf: { reason: '维护中', atMs: NOW - MIN, untilMs: NOW + 60 * MIN },
          }),
          alarm({ id: 'a5', state: 'normal', tier: 'remote' }),
          alarm({ id: 'a6', state: 'suppressed-by-design', tier: 'remote' }),
        ],
      }),
    );
    expect(snap.alarms.emergency.map((a) => a.id)).toEqual(['a1']);
    expect(snap.alarms['on-site'].map((a) => a.id)).toEqual(['a2']);
    expect(snap.alarms.remote.map((a) => a.id)).toEqual(['a3']);
    expect(snap.alarms.remote[0]).toMatchObject({ stationName: '嵊州高铁站充电站', deviceName: '1号直流桩' });
    expect(snap.clocks.breached).toMatchObject([
      { alarmId: 'a1', clock: 'emergency.plan', remainingMs: -20 * MIN },
    ]);
    expect(snap.clocks.running).toMatchObject([{ alarmId: 'a2', clock: 'dispatch' }]);
    expect(snap.shelved).toMatchObject([{ alarmId: 'a4', reason: '维护中', untilMs: NOW + 60 * MIN }]);
    expect(snap.stations).toEqual(['sx01', 'sx02']);
  });

  it('lists offline devices and says "not available" (null) for work orders it cannot ask about', () => {
    const snap = assembleSnapshot(
      inputs({
        status: [status('sx01-dc1', 'online'), status('sx01-dc2', 'online'), status('sx02-dc1', 'comm-lost')],
        workOrders: null,
        outages: null,
      }),
    );
    expect(snap.offline).toMatchObject([
      { deviceId: 'sx02-dc1', stationName: '嵊州高铁站充电站', since: NOW - 40 * MIN },
    ]);
    expect(snap.workOrders).toBeNull();
    expect(snap.outages).toBeNull();
  });

  it('shows checks nobody did as not done, and pre-fills Ethernet from gateway comms', () => {
    const snap = assembleSnapshot(
      inputs({
        status: [
          status('sx01-dc1', 'comm-lost'),
          status('sx01-dc2', 'online'),
          status('sx02-dc1', 'comm-lost'),
        ],
      }),
    );
    expect(snap.checks.map((c) => [c.check, c.status, c.source])).toEqual([
      ['cameras', 'not-done', null],
      ['iot-sim', 'not-done', null],
      ['ethernet', 'problem', 'gateway-comms'],
    ]);
    // One device answering keeps its gateway up; sx02's only gateway is silent, named by
    // where it is and what is behind it: the record never holds the station network's addresses.
    expect(snap.checks[2]?.gateways).toEqual({ answering: 1, total: 2, silent: ['sx02: sx02-dc1'] });
    expect(JSON.stringify(snap)).not.toContain('10.0.2.10');
    expect(ethernetFromGateways(devices, inputs().status).status).toBe('ok');
  });

  it('takes the latest result the monitor recorded for each check over the gateway reading', () => {
    const checks = [
      {
        ...CheckResult.parse({ check: 'iot-sim', status: 'problem', note: '3 张卡停机' }),
        at: NOW - 60 * MIN,
        by: 'mon1',
      },
      {
        ...CheckResult.parse({ check: 'iot-sim', status: 'ok', simDataMb: 812.5 }),
        at: NOW - 10 * MIN,
        by: 'mon1',
      },
      {
        ...CheckResult.parse({ check: 'ethernet', status: 'ok', note: '已查验' }),
        at: NOW - 5 * MIN,
        by: 'mon2',
      },
    ];
    const snap = assembleSnapshot(inputs({ checks }));
    expect(snap.checks[1]).toMatchObject({
      status: 'ok',
      simDataMb: 812.5,
      recordedBy: 'mon1',
      source: 'monitor',
    });
    expect(snap.checks[2]).toMatchObject({
      status: 'ok',
      note: '已查验',
      source: 'monitor',
      recordedBy: 'mon2',
    });
  });

  it('refuses a problem without a note, and data usage on a check other than the SIM check', () => {
    expect(CheckResult.safeParse({ check: 'cameras', status: 'problem' }).error?.issues[0]?.message).toBe(
      'say what the problem is',
    );
    expect(CheckResult.safeParse({ check: 'cameras', status: 'ok', simDataMb: 3 }).success).toBe(false);
  });
});

describe('handover record projection', () => {
  const shift = shiftAt(DEFAULT_SHIFT_SCHEDULE, NOW);
  let seq = 0;
  const event = (type: string, data: unknown, user: string, role = 'shift-lead'): JournalEvent => {
    seq += 1;
    return {
      id: `0190000${seq}`,
      seq,
      ts: NOW + seq,
      desk: 'd',
      actor: { user, role },
      type,
      subject: `handover/${shift.id}`,
      data: data as JournalEvent['data'],
      reason: null,
      prevHash: '0'.repeat(64),
      hash: String(seq).padStart(64, 'a'),
    };
  };
  const live = assembleSnapshot(inputs());

  it('freezes at the signature: later notes and a second signature are ignored, corrections follow acceptance', () => {
    const note = event(
      HANDOVER_EVENT.note,
      { shiftId: shift.id, text: '2号桩枪线破损，已通知运维', stationId: 'sx01' },
      'mon1',
      'monitor',
    );
    const signed = event(HANDOVER_EVENT.signed, { shift, snapshot: live, notes: [note.id] }, 'lead-a');
    const late = event(
      HANDOVER_EVENT.note,
      { shiftId: shift.id, text: 'late', stationId: null },
      'mon1',
      'monitor',
    );
    const twice = event(HANDOVER_EVENT.signed, { shift, snapshot: live, notes: [] }, 'lead-x');
    const early = event(
      HANDOVER_EVENT.corrected,
      { shiftId: shift.id, text: 'too early', corrects: signed.id },
      'lead-a',
    );
    const accepted = event(HANDOVER_EVENT.accepted, { shiftId: shift.id, signed: signed.id }, 'lead-b');
    const fix = event(
      HANDOVER_EVENT.corrected,
      { shiftId: shift.id, text: '更正：是3号桩', corrects: note.id },
      'lead-b',
    );

    const record = projectRecord(shift, recordFacts([note, signed, late, twice, early, accepted, fix]), live);
    expect(record.state).toBe('accepted');
    expect(record.notes.map((n) => n.text)).toEqual(['2号桩枪线破损，已通知运维']);
    expect(record.signature?.user).toBe('lead-a');
    expect(record.acceptance?.user).toBe('lead-b');
    expect(record.corrections).toMatchObject([{ text: '更正：是3号桩', corrects: note.id, user: 'lead-b' }]);
    expect(correctable(record)).toEqual(new Set([signed.id, accepted.id, note.id, fix.id]));

    const summary = summarize(record, null);
    expect(summary).toMatchObject({
      state: 'accepted',
      signedBy: 'lead-a',
      acceptedBy: 'lead-b',
      notes: 1,
      corrections: 1,
    });
    expect(summary.stations).toContain('sx01');
    expect(searchableText(record)).toContain('更正：是3号桩');
  });

  it('is a draft with the live snapshot until signed', () => {
    const record = projectRecord(shift, recordFacts([]), live);
    expect(record).toMatchObject({ state: 'draft', signature: null, acceptance: null, snapshot: live });
  });
});
