import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmView } from '../../shared/api/contract';
import { HANDOVER_EVENT } from '../../shared/handover/events';
import { createAccounts } from '../helpers/accounts';
import { alarmWhere } from '../helpers/contract-calls';
import { overWebSocket, startDesk } from '../helpers/desk';

/**
 * Issue 8's audit: actions are journal events with user and reason. Each
 * action goes through the real bridge as a signed-in operator; the journal
 * file is then read as it is on disk.
 */
let desk: Awaited<ReturnType<typeof startDesk>>;
let admin: Awaited<ReturnType<typeof overWebSocket>>;

const LEAD = { user: 'li.qiang', password: 'incoming-lead-pass' };

beforeAll(async () => {
  desk = await startDesk({ stations: 1 });
  admin = await overWebSocket(desk.engine);
  await createAccounts(admin.client, 'takes the night shift', { ...LEAD, role: 'shift-lead' });
}, 30_000);

afterAll(async () => {
  await admin?.close();
  await desk?.stop();
});

type Row = { type: string; actor_user: string; actor_role: string; subject: string; reason: string | null };

function journalRows(type: string, subject?: string): Row[] {
  const db = new Database(`${desk.dataDir}/journal.sqlite`, { readonly: true });
  try {
    const rows = db
      .prepare(
        'SELECT type, actor_user, actor_role, subject, reason FROM journal WHERE type = ? ORDER BY seq',
      )
      .all(type) as Row[];
    return subject ? rows.filter((r) => r.subject === subject) : rows;
  } finally {
    db.close();
  }
}

describe('who did it and why, in the journal', () => {
  it('an acknowledgement carries the operator and the optional reason; a shelve its reason', async () => {
    const dc = desk.config.devices.find((d) => d.profile === 'dc-120kw-dual');
    if (!dc) throw new Error('no DC charger in the fleet');
    const id = `${dc.id}:insulationFault`;
    desk.fleet.anomaly(dc.id, 'insulation-fault');
    await alarmWhere(admin.client, id, (a) => a.state === 'active-unacknowledged');
    await admin.client.request('alarm.ack', { id, reason: '  seen on the camera: no smoke  ' });
    await admin.client.request('alarm.shelve', {
      id,
      reason: 'crew on site, isolating the charger',
      untilMs: Date.now() + 3_600_000,
    });
    expect(journalRows('alarm.acked', id)).toEqual([
      {
        type: 'alarm.acked',
        actor_user: 'admin',
        actor_role: 'admin',
        subject: id,
        reason: 'seen on the camera: no smoke',
      },
    ]);
    expect(journalRows('alarm.shelved', id)).toEqual([
      {
        type: 'alarm.shelved',
        actor_user: 'admin',
        actor_role: 'admin',
        subject: id,
        reason: 'crew on site, isolating the charger',
      },
    ]);
    desk.fleet.clearAnomaly(dc.id, 'insulation-fault');
  });

  it('an acknowledgement without a reason is still accepted (the queue sends none)', async () => {
    const dc = desk.config.devices.find((d) => d.profile === 'dc-120kw-dual');
    if (!dc) throw new Error('no DC charger in the fleet');
    desk.fleet.anomaly(dc.id, 'door-open');
    const end = Date.now() + 10_000;
    let alarm: AlarmView | undefined;
    while (!alarm) {
      alarm = (await admin.client.request('alarms.list', {})).alarms.find(
        (a) => a.deviceId === dc.id && a.cause !== 'insulationFault' && a.state === 'active-unacknowledged',
      );
      if (!alarm && Date.now() > end) throw new Error('an open cabinet door raised no alarm');
      await new Promise((r) => setTimeout(r, 50));
    }
    await admin.client.request('alarm.ack', { id: alarm.id });
    expect(journalRows('alarm.acked', alarm.id)).toEqual([
      { type: 'alarm.acked', actor_user: 'admin', actor_role: 'admin', subject: alarm.id, reason: null },
    ]);
    desk.fleet.clearAnomaly(dc.id, 'door-open');
  });

  it('a configuration change carries the admin and the reason', async () => {
    const { config } = await admin.client.request('config.get', {});
    await admin.client.request('config.update', {
      config: { ...config, pollIntervalMs: config.pollIntervalMs + 50 },
      reason: 'the gateways at SX01 answer late at night',
    });
    expect(journalRows('config.changed').at(-1)).toMatchObject({
      actor_user: 'admin',
      actor_role: 'admin',
      reason: 'the gateways at SX01 answer late at night',
    });
  });

  it('a handover signature and its acceptance carry who signed and the reason they gave', async () => {
    const { record } = await admin.client.request('handover.current', {});
    const shiftId = record.shift.id;
    await admin.client.request('handover.sign', {
      shiftId,
      user: 'admin',
      password: 'duty-desk-test-admin',
      reason: 'signed early: the lead was called to SX01',
    });
    await admin.client.request('handover.accept', {
      shiftId,
      user: LEAD.user,
      password: LEAD.password,
      reason: 'accepted with the shelved insulation alarm open',
    });
    const subject = `handover/${shiftId}`;
    expect(journalRows(HANDOVER_EVENT.signed, subject)).toEqual([
      {
        type: HANDOVER_EVENT.signed,
        actor_user: 'admin',
        actor_role: 'admin',
        subject,
        reason: 'signed early: the lead was called to SX01',
      },
    ]);
    expect(journalRows(HANDOVER_EVENT.accepted, subject)).toEqual([
      {
        type: HANDOVER_EVENT.accepted,
        actor_user: LEAD.user,
        actor_role: 'shift-lead',
        subject,
        reason: 'accepted with the shelved insulation alarm open',
      },
    ]);
  });
});
