import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportService } from '../../electron/reports/service';
import { Journal } from '../../electron/store/journal';
import type { ProfileInfo } from '../../shared/api/model';
import type { AlarmLine, ClockLine, HandoverRecord } from '../../shared/handover/record';
import { DEFAULT_SHIFT_SCHEDULE } from '../../shared/handover/schedule';
import { DEFAULT_SLA_SETTINGS } from '../../shared/triage/sla';
import { resources } from '../helpers/desk';
import {
  ack,
  application,
  at,
  clear,
  decide,
  event,
  fleet,
  raise,
  session,
  step,
  TZ,
  workOrder,
} from './report-fixtures';

/**
 * A day of records that touches every part of every printed record: alarms
 * of each tier and priority (device faults and comms losses), an incident
 * with its work order from dispatch to resolution, approved applications,
 * charging sessions, a remote control and a signed handover, all inside
 * the day shift of 2026-11-01 (Shanghai) that the shift report covers.
 */
export const RECORD_NOW = at(19 * 60);
export const RECORD_SHIFT = '2026-11-01@08:00';
const HANDOVER = `handover/${RECORD_SHIFT}`;
/** Everyone who acts in the records: their user names are proper names in any language. */
export const RECORD_USERS = ['dutydesk', 'mon-a', 'lead-a', 'lead-b'];
const LEAD_A = { user: 'lead-a', role: 'shift-lead' };
const LEAD_B = { user: 'lead-b', role: 'shift-lead' };

const TRIP = 's1-ac1:groundFault';
const GUN = 's1-dc1:gun2.faulted';
const STATION = 's2:comms.station';
const GATEWAY = 'gw1:502:comms.gateway';

function recordEvents() {
  return [
    raise(TRIP, 500, { tier: 'on-site', priority: 'high' }),
    ack(TRIP, 505),
    workOrder('WO-0001', 510, { alarmId: TRIP, raisedAt: at(500) }),
    step('WO-0001', 'dispatched', 560, { crew: ['张伟', '李强'] }),
    step('WO-0001', 'arrived', 700, { checkInAt: at(700) }),
    step('WO-0001', 'resolved', 760, { work: '更换漏电保护器' }),
    clear(TRIP, 770, 'active-acknowledged', 'normal'),
    raise(GUN, 520, { tier: 'emergency', priority: 'critical' }),
    raise('s1-dc1:insulationFault', 530, { tier: 'emergency', priority: 'critical' }),
    raise('s1-pv1:comms.device', 540, { tier: 'remote', priority: 'medium' }),
    raise(STATION, 550, { tier: 'on-site', priority: 'high' }),
    raise(GATEWAY, 555, { tier: 'remote', priority: 'low', stationId: 's1' }),
    raise('s2-pv1:overTemperature', 560, { tier: 'remote', priority: 'low' }),
    clear('s2-pv1:overTemperature', 565),
    raise('s2-pv1:overTemperature', 566, { tier: 'remote', priority: 'low' }),
    clear('s2-pv1:overTemperature', 567),
    raise('s2-pv1:overTemperature', 568, { tier: 'remote', priority: 'low' }),
    clear('s2-pv1:overTemperature', 569),
    application('AP-0001', 600, 'outage', ['s2-ac1']),
    decide('AP-0001', 610, 'approved'),
    application('AP-0002', 620, 'exemption', ['s1-ac1'], { from: at(620), until: at(700) }),
    decide('AP-0002', 625, 'approved'),
    session('s1-ac1', 640, 12.5),
    session('s2-ac1', 650, 7),
    session('s1-dc1', 660, 40.8),
    event(
      'device.write.requested',
      's1-dc1',
      670,
      { key: 'gun1.command', value: 1, stationId: 's1', deviceId: 's1-dc1' },
      LEAD_A,
    ),
    event('handover.note', HANDOVER, 680, { shiftId: RECORD_SHIFT, text: '二号站网关离线' }, LEAD_A),
    event('handover.signed', HANDOVER, 1190, { shiftId: RECORD_SHIFT }, LEAD_A),
  ];
}

/** The one point the day writes, as the DC charger's profile names it. */
const profiles: ProfileInfo[] = [
  {
    id: 'dc-120kw-dual',
    kind: 'dc-charger',
    points: [
      {
        key: 'gun1.command',
        unit: null,
        label: { 'zh-CN': '1号枪启停命令', en: 'Gun 1 start/stop command' },
        writable: true,
        command: true,
        options: null,
      },
    ],
  },
];

/** A report service over a real journal file holding the day above. */
export function recordReports(): { service: ReportService; close(): void } {
  const journal = Journal.open(join(mkdtempSync(join(tmpdir(), 'dutydesk-records-')), 'journal.sqlite'));
  journal.appendMany(recordEvents());
  const service = new ReportService({
    journal,
    fleet: () => ({ ...fleet, profiles, sla: DEFAULT_SLA_SETTINGS, shifts: DEFAULT_SHIFT_SCHEDULE }),
    counter: async () => null,
    resourcesDir: resources,
    now: () => RECORD_NOW,
  });
  return { service, close: () => journal.close() };
}

const place = (stationId: string, deviceId: string | null) => ({
  stationId,
  stationName: stationId === 's1' ? '一号站' : '二号站',
  deviceId,
  deviceName: deviceId?.toUpperCase() ?? null,
});

function alarm(
  id: string,
  tier: AlarmLine['tier'],
  priority: AlarmLine['priority'],
  state: AlarmLine['state'],
) {
  const [owner = '', cause = ''] = id.split(/:(?=[^:]+$)/);
  const device = cause.startsWith('comms.station') || cause.startsWith('comms.gateway') ? null : owner;
  return {
    ...place(device ? (owner.split('-')[0] ?? '') : owner === 'gw1:502' ? 's1' : owner, device),
    id,
    cause,
    priority,
    tier,
    state,
    raisedAt: at(520),
    ackedBy: state === 'active-acknowledged' ? 'mon-a' : null,
  } satisfies AlarmLine;
}

function clock(id: string, name: string, remainingMs: number): ClockLine {
  const { stationId, stationName, deviceId, deviceName, cause, tier } = alarm(
    id,
    'on-site',
    'high',
    'normal',
  );
  return {
    stationId,
    stationName,
    deviceId,
    deviceName,
    alarmId: id,
    cause,
    tier,
    clock: name,
    basis: '000 故障处理时效承诺',
    deadline: at(800),
    remainingMs,
  };
}

/** An accepted handover record with a line in every section and a correction. */
export function recordHandover(): HandoverRecord {
  const signature = (who: typeof LEAD_A, minute: number, id: string) => ({
    ...who,
    at: at(minute),
    eventId: id,
    hash: 'a3f1c2d4e5f60718293a4b5c6d7e8f90',
  });
  return {
    shift: {
      id: RECORD_SHIFT,
      date: '2026-11-01',
      start: '08:00',
      startsAt: at(8 * 60),
      endsAt: at(20 * 60),
      timeZone: TZ,
    },
    desk: null,
    state: 'accepted',
    snapshot: {
      assembledAt: at(1190),
      alarms: {
        emergency: [
          alarm(GUN, 'emergency', 'critical', 'active-unacknowledged'),
          alarm('s1-dc1:insulationFault', 'emergency', 'critical', 'active-acknowledged'),
        ],
        'on-site': [alarm(STATION, 'on-site', 'high', 'active-unacknowledged')],
        remote: [
          alarm('s1-pv1:comms.device', 'remote', 'medium', 'returned-unacknowledged'),
          alarm(GATEWAY, 'remote', 'low', 'active-acknowledged'),
        ],
      },
      clocks: {
        breached: [clock(STATION, 'dispatch', -25 * 60_000)],
        running: [clock(STATION, 'arrive', 95 * 60_000), clock(GUN, 'plan', 30 * 60_000)],
      },
      shelved: [
        {
          ...place('s2', 's2-pv1'),
          alarmId: 's2-pv1:overTemperature',
          cause: 'overTemperature',
          reason: '厂家确认为误报',
          shelvedAt: at(600),
          untilMs: at(1300),
        },
      ],
      workOrders: [
        {
          id: 'WO-0002',
          stationId: 's2',
          stationName: '二号站',
          title: '全站通信中断',
          state: 'dispatched',
          dueAt: at(900),
        },
        {
          id: 'WO-0003',
          stationId: 's1',
          stationName: '一号站',
          title: '枪线破损',
          state: 'outage-applied',
          dueAt: null,
        },
      ],
      outages: [
        {
          ...place('s2', 's2-ac1'),
          id: 'AP-0001',
          kind: 'outage',
          reason: 'before-maintenance',
          since: at(610),
        },
        {
          ...place('s1', 's1-ac1'),
          id: 'AP-0002',
          kind: 'exemption',
          reason: 'extreme-weather',
          since: at(625),
        },
      ],
      offline: [
        { ...place('s2', 's2-ac1'), deviceId: 's2-ac1', deviceName: 'S2-AC1', since: at(550), detail: null },
      ],
      checks: [
        {
          check: 'cameras',
          status: 'ok',
          note: '',
          simDataMb: null,
          source: 'monitor',
          recordedAt: at(540),
          recordedBy: 'mon-a',
          gateways: null,
        },
        {
          check: 'iot-sim',
          status: 'problem',
          note: '二号站 SIM 卡流量超标',
          simDataMb: 812.5,
          source: 'monitor',
          recordedAt: at(545),
          recordedBy: 'mon-a',
          gateways: null,
        },
        {
          check: 'ethernet',
          status: 'problem',
          note: '',
          simDataMb: null,
          source: 'gateway-comms',
          recordedAt: null,
          recordedBy: null,
          gateways: { answering: 1, total: 2, silent: ['gw2:502'] },
        },
      ],
      stations: ['s1', 's2'],
    },
    notes: [{ id: 'n1', text: '二号站网关离线，已通知运维', stationId: 's2', by: 'lead-a', at: at(680) }],
    signature: signature(LEAD_A, 1190, 'ev-0001'),
    acceptance: signature(LEAD_B, 1200, 'ev-0002'),
    corrections: [{ ...signature(LEAD_B, 1210, 'ev-0003'), text: '离线的是二号站 2 号网关', corrects: 'n1' }],
  };
}
