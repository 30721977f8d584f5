import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AlarmService } from '../../electron/alarms/service';
import { CrewAnswerFeed, crewAnswerApplier } from '../../electron/sync/crew-answers';
import { crewLink } from '../../electron/sync/crew-link';
import { dutyHistory } from '../../electron/workorders/projection';
import { WorkOrderService } from '../../electron/workorders/service';
import { type SyncServer, startSyncServer } from '../../server/server';
import type { DeviceStatus } from '../../shared/api/model';
import type { JournalInput } from '../../shared/journal/event';
import { CREW_ANSWER_KEPT, CREW_LINK_TTL_MS } from '../../shared/sync/crew-link';
import { slaSettingsOf } from '../../shared/triage/sla';
import { CREW_MEMBERS, crewJob, post, tap } from '../helpers/crew-links';
import { SkippingClock } from '../helpers/duty-desk';
import { testDcCharger, testStation } from '../helpers/fleet-fixtures';
import {
  type Backend,
  cleanup,
  openDesk,
  quiet,
  startBackend,
  type TestDesk,
  tempDir,
} from '../helpers/sync-fixture';

vi.setConfig({ testTimeout: 90_000 });

const MIN = 60_000;
const monitor = { user: 'wang.fang', role: 'monitor' };
const STATIONS = [testStation('sx-01', '越城区')];
const DEVICES = [
  testDcCharger('sx-01-dc1', 'sx-01', 'dc-test'),
  testDcCharger('sx-01-dc2', 'sx-01', 'dc-test'),
];
const status = (deviceId: string, faults: string[]): DeviceStatus => ({
  deviceId,
  comms: 'online',
  state: faults.length ? 'fault' : 'idle',
  faults,
  detail: null,
  since: 0,
});

/**
 * The loop from dispatch to the crew's own check-in: a desk's work-order
 * services on its real journal, the real sync server (PGlite) with the crew
 * page, the crew's taps over HTTP, and the desk's sync bringing them back.
 */
describe('crew answers through sync', () => {
  let backend: Backend;
  let dir: string;
  let desk: TestDesk;
  let server: SyncServer;
  const clock = new SkippingClock();
  const record = (entry: JournalInput) => desk.journal.append(entry);
  let orders: WorkOrderService;
  let feed: CrewAnswerFeed;
  /** The desk's alarm and work-order services on its journal, as the duty desk composes them. */
  function services() {
    const sla = slaSettingsOf({ default: 'shaoxing', presetByGroup: {} });
    const alarms = new AlarmService({
      journal: { appendMany: (entries) => desk.journal.appendMany(entries) },
      onDelta: () => {},
      clock,
      sla,
    });
    const made = new WorkOrderService({ journal: { record }, alarms, onDelta: () => {}, clock, sla });
    alarms.linkIncidents(made);
    alarms.setTopology(STATIONS, DEVICES);
    made.setTopology(STATIONS);
    return { alarms, orders: made };
  }
  const connect = () => desk.connect(server.url, { onReceived: () => feed.deliver() });

  beforeAll(async () => {
    dir = tempDir();
    backend = await startBackend('pglite', dir);
    desk = openDesk(dir, 'shaoxing-desk');
    server = await startSyncServer(
      { host: '127.0.0.1', port: 0, ...backend.fresh(), desks: [desk.registration] },
      () => {},
      { now: clock.now },
    );
    const made = services();
    orders = made.orders;
    const alarms = made.alarms;
    feed = new CrewAnswerFeed(desk.store, desk.journal.deskId, quiet);
    connect();
    feed.subscribe(crewAnswerApplier(orders));
    alarms.onStatus([status('sx-01-dc1', ['insulationFault']), status('sx-01-dc2', ['insulationFault'])]);
  }, 60_000);
  afterAll(async () => {
    orders.stop();
    await desk.close();
    await server.close();
    backend.stop();
    cleanup(dir);
  });

  const sync = () => desk.client?.syncNow();

  /** Opens and dispatches a work order on the alarm of `device`, with its crew link in the dispatch event. */
  async function dispatched(device: string): Promise<{ id: string; url: string; at: number }> {
    const order = orders.create({ alarmIds: [`${device}:insulationFault`], title: '绝缘故障' }, monitor);
    const at = clock.now();
    const link = crewLink(
      { url: server.url, syncToken: desk.token },
      crewJob(order.id, at + CREW_LINK_TTL_MS),
    );
    orders.dispatch(order.id, CREW_MEMBERS, undefined, monitor, {
      crewId: 'yuecheng-a',
      data: { crewLink: link.grant },
    });
    await sync();
    return { id: order.id, url: link.url, at };
  }

  it('moves the order through received and en route, then checks the crew in at its own tap: the arrival clock stops there', async () => {
    const job = await dispatched('sx-01-dc1');
    clock.skip(20 * MIN);
    const receivedAt = clock.now();
    expect((await post(job.url, tap('received', receivedAt))).status).toBe(201);
    await sync();
    expect(orders.get(job.id).state).toBe('received');
    clock.skip(5 * MIN);
    expect((await post(job.url, tap('en-route', clock.now()))).status).toBe(201);
    await sync();
    const onTheWay = orders.get(job.id);
    expect(onTheWay.state).toBe('en-route');
    // Neither stops a clock: the arrival clock still runs, and only the dispatch is on the SLA timeline.
    expect(onTheWay.clocks.find((c) => c.id === 'arrive')).toMatchObject({ stoppedAt: null });
    expect(onTheWay.steps.find((s) => s.step === 'received')).toMatchObject({
      by: CREW_MEMBERS[0],
      role: 'crew',
      detail: new Date(receivedAt).toISOString(),
    });
    clock.skip(20 * MIN);
    const arrivedAt = clock.now();
    expect((await post(job.url, tap('arrived', arrivedAt))).status).toBe(201);

    // The desk learns of it half an hour later: the check-in is still the crew's own time.
    clock.skip(30 * MIN);
    await sync();
    const view = orders.get(job.id);
    expect(view.state).toBe('on-site');
    const arrive = view.clocks.find((c) => c.id === 'arrive');
    expect(arrive).toMatchObject({ stoppedAt: arrivedAt });
    const arrived = desk.journal
      .read({ subject: job.id, limit: 100 })
      .find((e) => e.type === 'workorder.arrived');
    expect(arrived).toMatchObject({
      actor: { user: CREW_MEMBERS[0], role: 'crew' },
      data: { event: { checkInAt: arrivedAt } },
    });
    expect(view.steps.map((s) => s.step)).toEqual([
      'created',
      'dispatched',
      'received',
      'en-route',
      'arrived',
    ]);

    // It cannot be finished in time: the crew asks for an outage, which the desk's application form takes up.
    clock.skip(30 * MIN);
    const askedAt = clock.now();
    const outage = tap('needs-outage', askedAt, {
      outageReason: 'distribution-maintenance',
      note: '箱变需停电检修',
    });
    expect((await post(job.url, outage)).status).toBe(201);
    await sync();
    const asked = {
      reason: 'distribution-maintenance',
      note: '箱变需停电检修',
      by: CREW_MEMBERS[0],
      at: askedAt,
    };
    const withRequest = orders.get(job.id);
    expect(withRequest.state).toBe('on-site');
    expect(withRequest.crewOutageRequest).toEqual(asked);
    expect(withRequest.steps.at(-1)).toMatchObject({
      step: 'reported',
      detail: 'status-reported',
      role: 'crew',
    });
    const rebuilt = services();
    rebuilt.orders.restore(dutyHistory(desk.journal));
    expect(rebuilt.orders.get(job.id).crewOutageRequest).toEqual(asked);
    rebuilt.orders.stop();
  });

  it('shows what it last knew while offline, and takes the answers with their times when sync resumes', async () => {
    const job = await dispatched('sx-01-dc2');
    // The desk loses the server from here on; the crew taps meanwhile.
    await desk.client?.stop();
    clock.skip(10 * MIN);
    const arrivedAt = clock.now();
    clock.skip(5 * MIN);
    expect((await post(job.url, tap('arrived', arrivedAt))).status).toBe(201);
    clock.skip(40 * MIN);
    const fixedAt = clock.now();
    expect((await post(job.url, tap('fixed', fixedAt, { note: '更换绝缘检测板' }))).status).toBe(201);
    expect(orders.get(job.id).state).toBe('dispatched');

    connect();
    await sync();
    const view = orders.get(job.id);
    expect(view.state).toBe('resolved');
    expect(view.clocks.find((c) => c.id === 'arrive')).toMatchObject({ stoppedAt: arrivedAt });
  });

  it('keeps an answer for a work order closed meanwhile, moves nothing, and applies each answer once', async () => {
    const job = await dispatched('sx-01-dc1');
    orders.cancel(job.id, '误报，已远程复位', monitor);
    clock.skip(5 * MIN);
    // The server has not heard of the cancel yet: it takes the tap.
    const tappedAt = clock.now();
    expect((await post(job.url, tap('arrived', tappedAt))).status).toBe(201);
    await sync();
    expect(orders.get(job.id).state).toBe('cancelled');
    const kept = desk.journal
      .read({ subject: job.id, limit: 100 })
      .filter((e) => e.type === CREW_ANSWER_KEPT);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ ts: tappedAt, actor: { user: CREW_MEMBERS[0], role: 'crew' } });
    // The timeline shows it, at the crew's time, with why nothing moved.
    const shown = orders.get(job.id).steps.at(-1);
    expect(shown).toMatchObject({
      step: 'crew-answer-kept',
      at: tappedAt,
      by: CREW_MEMBERS[0],
      role: 'crew',
      reason: 'the work order is cancelled',
      journalId: kept[0]?.id,
    });
    expect(shown?.detail).toContain('已到场');
    // And a desk rebuilt from its journal shows the same line.
    const rebuilt = services();
    expect(rebuilt.orders.restore(dutyHistory(desk.journal))).toEqual([]);
    expect(rebuilt.orders.get(job.id).steps.at(-1)).toEqual(shown);
    rebuilt.orders.stop();

    // A desk restarting offers nothing again: every answer was acted on once.
    const before = desk.journal.count();
    new CrewAnswerFeed(desk.store, desk.journal.deskId, quiet).subscribe(crewAnswerApplier(orders));
    await sync();
    expect(desk.journal.count()).toBe(before);
  });
});
