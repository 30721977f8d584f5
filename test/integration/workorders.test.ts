import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmView, EventPayload } from '../../shared/api/contract';
import { alarmWhere, refusal } from '../helpers/contract-calls';
import { type ContractClient, overWebSocket } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { PEOPLE, startDutyDesk } from '../helpers/duty-desk';

/**
 * Work orders, SLA escalation and applications through the real bridge,
 * against the simulator over TCP, on a clock the test can skip forward.
 * sx01–sx03 (越城区) run on the Shaoxing standard, sx04 (柯桥区) on the
 * service commitment.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type Desk = Awaited<ReturnType<typeof startDutyDesk>>;
type Bridge = Awaited<ReturnType<typeof overWebSocket>>;

async function connect(desk: Desk) {
  const open = (person: keyof typeof PEOPLE) => overWebSocket(desk.engine, { token: PEOPLE[person].token });
  const bridges = {
    monitor: await open('monitor'),
    second: await open('secondMonitor'),
    lead: await open('lead'),
    wallboard: await open('wallboard'),
  };
  await bridges.monitor.client.waitFor(() =>
    bridges.monitor.client.deltas.some((d) => d.status.some((s) => s.comms === 'online')) ? true : undefined,
  );
  return bridges;
}

const closeAll = (bridges: Record<string, Bridge>) =>
  Promise.all(Object.values(bridges).map((b) => b.close()));

function device(desk: Desk, stationId: string, profile: string, index = 0) {
  const found = desk.config.devices.filter((d) => d.stationId === stationId && d.profile === profile)[index];
  if (!found) throw new Error(`no ${profile} #${index} at ${stationId}`);
  return found;
}

function pushed<E extends 'alarms.delta' | 'workorders.delta' | 'applications.delta'>(
  client: ContractClient,
  event: E,
) {
  return client.events.filter((e) => e.event === event).map((e) => e.data as EventPayload<E>);
}

const journalOf = (desk: Desk, subject: string) =>
  withDeskJournal(desk.dataDir, (journal) => journal.read({ subject, limit: 1000 }));

describe('work orders and applications', () => {
  let desk: Desk;
  let people: Awaited<ReturnType<typeof connect>>;
  let monitor: ContractClient;
  let lead: ContractClient;

  beforeAll(async () => {
    desk = await startDutyDesk({
      stations: 4,
      sla: { default: 'service-commitment', presetByGroup: { 越城区: 'shaoxing' } },
    });
    people = await connect(desk);
    monitor = people.monitor.client;
    lead = people.lead.client;
  });
  afterAll(async () => {
    await closeAll(people);
    await desk.stop();
  });

  it('closes the loop: a crew of one is refused, two are sent, check in, resolve, accepted by someone else', async () => {
    const dc = device(desk, 'sx04', 'dc-120kw-dual');
    const id = `${dc.id}:insulationFault`;
    desk.fleet.anomaly(dc.id, 'insulation-fault');
    const raised = await alarmWhere(monitor, id, (a) => a.state === 'active-unacknowledged');
    expect(raised).toMatchObject({ slaPreset: 'service-commitment', tier: 'emergency', workOrderIds: [] });

    expect(
      await refusal(people.wallboard.client.request('workorder.create', { alarmIds: [id], title: 'x' })),
    ).toMatch(/^forbidden: /);
    const created = await monitor.request('workorder.create', { alarmIds: [id], title: '2号直流桩绝缘故障' });
    expect(created).toMatchObject({
      state: 'created',
      tier: 'emergency',
      defectClass: 'critical',
      stationId: 'sx04',
      deviceIds: [dc.id],
      createdBy: PEOPLE.monitor.name,
      defectDeadline: { state: 'running', deadline: created.createdAt + DAY },
    });
    expect(await refusal(monitor.request('workorder.dispatch', { id: created.id, crew: ['zhao.lei'] }))).toBe(
      'invalid: a crew needs at least 2 named people (seed 001: 作业人员不少于2人); got 1',
    );
    const dispatched = await monitor.request('workorder.dispatch', {
      id: created.id,
      crew: ['zhao.lei', PEOPLE.secondMonitor.name],
    });
    expect(dispatched).toMatchObject({ state: 'dispatched', crew: ['zhao.lei', PEOPLE.secondMonitor.name] });

    desk.clock.skip(40 * MIN);
    const checkInAt = desk.clock.now() - 5 * MIN;
    await monitor.request('workorder.arrive', { id: created.id, checkInAt });
    await monitor.request('workorder.report', { id: created.id, report: 'planned', note: '更换绝缘监测板' });
    await monitor.request('workorder.resolve', {
      id: created.id,
      work: '更换绝缘监测板，绝缘电阻恢复 12 MΩ',
    });
    expect(
      await refusal(people.second.client.request('workorder.accept', { id: created.id, note: 'ok' })),
    ).toBe('invalid: chen.jing was on the crew: acceptance needs someone who did not do the work');
    const accepted = await monitor.request('workorder.accept', { id: created.id, note: '现场复核正常' });
    expect(accepted).toMatchObject({ state: 'accepted', acceptedBy: PEOPLE.monitor.name, checkInAt });
    expect(accepted.defectDeadline.state).toBe('met');
    expect(accepted.steps.map((s) => [s.step, s.by])).toEqual([
      ['created', 'wang.fang'],
      ['dispatched', 'wang.fang'],
      ['arrived', 'wang.fang'],
      ['reported', 'wang.fang'],
      ['resolved', 'wang.fang'],
      ['accepted', 'wang.fang'],
    ]);

    const alarm = await alarmWhere(monitor, id, (a) => a.workOrderIds.includes(created.id));
    const clock = (clockId: string) => alarm.clocks.find((c) => c.id === clockId);
    expect(clock('plan')).toMatchObject({ state: 'met' });
    expect(clock('arrive')).toMatchObject({ state: 'met', stoppedAt: checkInAt });
    expect(
      pushed(monitor, 'workorders.delta').some((d) => d.workOrders.some((w) => w.state === 'accepted')),
    ).toBe(true);
    expect(journalOf(desk, created.id).map((e) => [e.type, e.actor.user])).toEqual([
      ['workorder.created', 'wang.fang'],
      ['workorder.dispatched', 'wang.fang'],
      ['workorder.arrived', 'wang.fang'],
      ['workorder.reported', 'wang.fang'],
      ['workorder.resolved', 'wang.fang'],
      ['workorder.accepted', 'wang.fang'],
    ]);
  });

  it('Shaoxing: not fixed 2 h after dispatch escalates once and prompts an outage, which the filing answers', async () => {
    const dc = device(desk, 'sx01', 'dc-120kw-dual');
    const id = `${dc.id}:groundFault`;
    desk.fleet.anomaly(dc.id, 'ground-fault');
    await alarmWhere(monitor, id, (a) => a.state === 'active-unacknowledged' && a.slaPreset === 'shaoxing');
    const order = await monitor.request('workorder.create', { alarmIds: [id], title: '接地故障' });
    await monitor.request('workorder.dispatch', { id: order.id, crew: ['zhao.lei', 'sun.hao'] });

    desk.clock.skip(2 * HOUR + 1000);
    const breach = await monitor.waitFor(() =>
      pushed(monitor, 'alarms.delta')
        .flatMap((d) => d.breaches)
        .find((b) => b.id === id && b.clockId === 'outage-prompt'),
    );
    expect(breach).toMatchObject({ subject: 'alarm', onBreach: 'prompt-outage', stationId: 'sx01' });
    const prompted = await alarmWhere(monitor, id, (a) => a.outagePrompt);
    expect(prompted.clocks.find((c) => c.id === 'arrive')?.state).toBe('breached');
    expect(prompted.clocks.find((c) => c.id === 'fix')?.state).toBe('running');
    const orderBreach = await monitor.waitFor(() =>
      pushed(monitor, 'workorders.delta')
        .flatMap((d) => d.breaches)
        .find((b) => b.id === order.id && b.clockId === 'outage-prompt'),
    );
    expect(orderBreach.subject).toBe('work-order');
    expect(
      (await monitor.request('workorders.list', {})).workOrders.find((w) => w.id === order.id),
    ).toMatchObject({
      outagePrompt: true,
    });

    desk.clock.skip(10 * MIN);
    const outage = await monitor.request('application.file', {
      kind: 'outage',
      target: { deviceId: dc.id },
      reason: 'unfixed-after-dispatch',
      note: '派单后2小时未修复，申请停运',
      workOrderId: order.id,
    });
    expect(outage).toMatchObject({ state: 'applied', workOrderId: order.id, deviceIds: [dc.id] });
    const after = (await monitor.request('workorders.list', {})).workOrders.find((w) => w.id === order.id);
    expect(after).toMatchObject({
      state: 'outage-applied',
      outageApplicationId: outage.id,
      outagePrompt: false,
    });
    const filedAt = after?.steps.find((step) => step.step === 'outage-applied')?.at ?? Number.NaN;
    const repair = (await alarmWhere(monitor, id, (a) => !a.outagePrompt)).clocks.find(
      (c) => c.id === 'repair',
    );
    expect(repair).toMatchObject({ state: 'running', deadline: filedAt + 5 * DAY });

    const escalated = journalOf(desk, id).filter((e) => e.type === 'alarm.sla-breached');
    expect(escalated.map((e) => (e.data as { clockId: string }).clockId).sort()).toEqual([
      'arrive',
      'outage-prompt',
    ]);
  });

  it('an approved outage takes the device out of service and out of availability until its resume is approved', async () => {
    const dc = device(desk, 'sx02', 'dc-120kw-dual');
    const id = `${dc.id}:insulationFault`;
    desk.fleet.anomaly(dc.id, 'insulation-fault');
    await alarmWhere(monitor, id, (a) => a.state === 'active-unacknowledged');

    const outage = await monitor.request('application.file', {
      kind: 'outage',
      target: { deviceId: dc.id },
      reason: 'before-maintenance',
      note: '检修前停运',
    });
    expect(await refusal(monitor.request('application.approve', { id: outage.id }))).toMatch(/^forbidden: /);
    const approved = await lead.request('application.approve', { id: outage.id, note: '同意' });
    expect(approved).toMatchObject({ state: 'approved', decidedBy: PEOPLE.lead.name });

    const hidden = await alarmWhere(monitor, id, (a) => a.state === 'out-of-service');
    expect(hidden.outOfService?.reason).toContain(outage.id);
    const { exclusions } = await monitor.request('applications.list', {});
    expect(exclusions).toContainEqual(
      expect.objectContaining({ deviceId: dc.id, applicationId: outage.id, kind: 'outage', until: null }),
    );
    desk.fleet.anomaly(dc.id, 'smoke');
    const smoke = `${dc.id}:smokeDetected`;
    await alarmWhere(monitor, smoke, (a) => a.state === 'out-of-service' && a.conditionActive);

    const resume = await monitor.request('application.file', {
      kind: 'resume',
      outageId: outage.id,
      note: '检修完成',
    });
    expect(resume).toMatchObject({ state: 'applied', target: { deviceId: dc.id }, reason: 'repaired' });
    await lead.request('application.approve', { id: resume.id });
    const list = await monitor.request('applications.list', {});
    expect(list.applications.find((a) => a.id === outage.id)).toMatchObject({
      state: 'ended',
      endedBy: resume.id,
    });
    expect(list.exclusions.filter((x) => x.deviceId === dc.id)).toEqual([]);
    await alarmWhere(monitor, id, (a) => a.state === 'active-unacknowledged');
    await alarmWhere(monitor, smoke, (a) => a.state === 'active-unacknowledged');
    expect(journalOf(desk, id).map((e) => e.type)).toEqual([
      'alarm.raised',
      'alarm.removed-from-service',
      'alarm.returned-to-service',
    ]);
    expect(
      pushed(monitor, 'applications.delta').some((d) => d.applications.some((a) => a.id === resume.id)),
    ).toBe(true);
  });

  it('an analog limit raises after its on-delay as the simulated module heats up', async () => {
    const dc = device(desk, 'sx02', 'dc-120kw-dual', 1);
    desk.fleet.anomaly(dc.id, 'over-temperature');
    desk.clock.skip(10 * MIN);
    await monitor.waitFor(() => {
      const s = monitor.sample(dc.id, 'moduleTemp1');
      return typeof s?.value === 'number' && s.value > 80 ? s : undefined;
    });
    desk.clock.skip(11_000);
    const high = await alarmWhere(monitor, `${dc.id}:moduleTemp1High`, (a) => a.conditionActive);
    expect(high).toMatchObject({ ruleId: 'temperature-high', priority: 'medium', tier: 'remote' });
    expect(journalOf(desk, high.id)[0]?.data).toMatchObject({ source: 'limit' });
  });

  it('a point that keeps coming and going is flagged chattering', async () => {
    const dc = device(desk, 'sx03', 'dc-120kw-dual');
    const id = `${dc.id}:doorOpen`;
    for (let i = 0; i < 3; i++) {
      desk.fleet.anomaly(dc.id, 'door-open');
      await alarmWhere(monitor, id, (a) => a.conditionActive);
      desk.fleet.clearAnomaly(dc.id, 'door-open');
      await alarmWhere(monitor, id, (a) => !a.conditionActive);
    }
    expect((await alarmWhere(monitor, id, () => true)).chattering).toBe(true);
  });
});

describe('restart and flood', () => {
  let desk: Desk;
  let people: Awaited<ReturnType<typeof connect>>;

  beforeAll(async () => {
    desk = await startDutyDesk({ stations: 3 });
    people = await connect(desk);
  });
  afterAll(async () => {
    await closeAll(people);
    await desk.stop();
  });

  it('a fault storm floods the desk; a restart rebuilds queue, work orders and outages from the journal', async () => {
    const monitor = people.monitor.client;
    const chargers = desk.config.devices.filter(
      (d) => d.profile === 'dc-120kw-dual' || d.profile === 'ac-7kw',
    );
    // Ground faults latch until a reset, so every alarm of the storm is still active across the restart.
    for (const c of chargers) desk.fleet.anomaly(c.id, 'ground-fault');
    expect(chargers.length).toBeGreaterThan(10);
    await monitor.waitFor(() => pushed(monitor, 'alarms.delta').find((d) => d.flood.flooding));

    const [a, b, c, d, e] = chargers.map((x) => `${x.id}:groundFault`);
    if (!a || !b || !c || !d || !e) throw new Error('not enough chargers');
    for (const x of chargers) await alarmWhere(monitor, `${x.id}:groundFault`, (y) => y.conditionActive);
    await monitor.request('alarm.ack', { id: a });
    const shelfEnd = desk.clock.now() + HOUR;
    await monitor.request('alarm.shelve', { id: b, reason: '等待备件', untilMs: shelfEnd });
    await monitor.request('alarm.retier', { id: c, tier: 'emergency', reason: '用户报告有焦味' });
    const order = await monitor.request('workorder.create', { alarmIds: [d], title: '接地故障' });
    await monitor.request('workorder.dispatch', { id: order.id, crew: ['zhao.lei', 'sun.hao'] });
    const gone = chargers[4];
    if (!gone) throw new Error('not enough chargers');
    await alarmWhere(monitor, e, (x) => x.conditionActive);
    const outageDevice = chargers[5];
    if (!outageDevice) throw new Error('not enough chargers');
    const outage = await monitor.request('application.file', {
      kind: 'outage',
      target: { deviceId: outageDevice.id },
      reason: 'distribution-maintenance',
      note: '配电检修',
    });
    await people.lead.client.request('application.approve', { id: outage.id });
    await alarmWhere(monitor, `${outageDevice.id}:groundFault`, (x) => x.state === 'out-of-service');

    const before = await monitor.request('alarms.list', {});
    const ordersBefore = await monitor.request('workorders.list', {});
    const appsBefore = await monitor.request('applications.list', {});
    await closeAll(people);

    await desk.restart((config) => ({ ...config, devices: config.devices.filter((x) => x.id !== gone.id) }));
    people = await connect(desk);
    const after = await people.monitor.client.request('alarms.list', {});

    const essentials = (x: AlarmView) => ({
      id: x.id,
      state: x.state,
      raisedAt: x.raisedAt,
      ackedBy: x.ackedBy,
      shelf: x.shelf,
      tier: x.tier,
      tierChanges: x.tierChanges,
      workOrderIds: x.workOrderIds,
      outOfService: x.outOfService,
    });
    const kept = before.alarms.filter((x) => x.deviceId !== gone.id);
    expect(kept.length).toBeGreaterThan(10);
    expect(after.alarms.map(essentials).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      kept.map(essentials).sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect(after.flood.flooding).toBe(true);
    expect(after.alarms.find((x) => x.id === a)).toMatchObject({
      state: 'active-acknowledged',
      ackedBy: 'wang.fang',
    });
    expect(after.alarms.find((x) => x.id === c)?.tierChanges).toMatchObject([
      { to: 'emergency', reason: '用户报告有焦味' },
    ]);
    expect((await people.monitor.client.request('workorders.list', {})).workOrders).toEqual(
      ordersBefore.workOrders.map((w) => ({ ...w, clocks: expect.any(Array) })),
    );
    expect((await people.monitor.client.request('applications.list', {})).applications).toEqual(
      appsBefore.applications,
    );
    expect(journalOf(desk, e).at(-1)).toMatchObject({
      type: 'alarm.closed',
      reason: 'device or station removed from the configuration',
    });

    desk.clock.skip(shelfEnd - desk.clock.now() + 1000);
    await alarmWhere(people.monitor.client, b, (x) => x.state === 'active-unacknowledged');
  });
});
