import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarningsList } from '../../shared/api/warnings';
import { DAY_MS } from '../../shared/warning/model';
import { refusal } from '../helpers/contract-calls';
import { type ContractClient, overWebSocket } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { PEOPLE, startDutyDesk } from '../helpers/duty-desk';
import { monthOf, writeHistory } from '../helpers/warning-history';

/**
 * Early warnings on a real desk: a month of history is written into the
 * desk's history.sqlite as its history store writes it (one charger with a
 * contact wearing and its insulation failing over the last days, one
 * healthy), the desk runs a pass, and the warnings reach a monitor over the
 * WebSocket bridge, who opens a preventive work order and dismisses one.
 */
type Desk = Awaited<ReturnType<typeof startDutyDesk>>;

describe('early warnings on the desk', () => {
  let desk: Desk;
  let monitor: Awaited<ReturnType<typeof overWebSocket>>;
  let wallboard: Awaited<ReturnType<typeof overWebSocket>>;
  let client: ContractClient;
  let worn: string;
  let healthy: string;

  beforeAll(async () => {
    desk = await startDutyDesk({ stations: 2 });
    const dc = desk.config.devices.filter((d) => d.profile === 'dc-120kw-dual');
    worn = dc[0]?.id ?? '';
    healthy = dc[1]?.id ?? '';
    expect(worn && healthy).toBeTruthy();
    // The desk is stopped while the month is written, as if it had kept this history itself.
    await desk.engine.stop();
    const today = Math.floor(desk.clock.now() / DAY_MS) * DAY_MS;
    writeHistory(desk.dataDir, [...monthOf(worn, today, 22), ...monthOf(healthy, today, null)]);
    await desk.restart();
    monitor = await overWebSocket(desk.engine, { token: PEOPLE.monitor.token });
    wallboard = await overWebSocket(desk.engine, { token: PEOPLE.wallboard.token });
    client = monitor.client;
  }, 60_000);

  afterAll(async () => {
    await monitor?.close();
    await wallboard?.close();
    await desk?.stop();
  });

  it('raises the worn charger’s warnings, with their evidence, and none for the healthy one', async () => {
    const list = await client.request('warnings.scan', {});
    expect(list.error).toBeNull();
    const mine = list.warnings.filter((w) => w.deviceId === worn).map((w) => w.detector);
    expect(mine).toEqual(expect.arrayContaining(['connector-thermal', 'insulation-decline']));
    expect(list.warnings.filter((w) => w.deviceId === healthy)).toEqual([]);
    const thermal = list.warnings.find((w) => w.deviceId === worn && w.detector === 'connector-thermal');
    expect(thermal?.adviceKey).toMatch(/^warning\.advice\./);
    expect(thermal?.evidence.quantity).toBe('warning.quantity.thermalResistance');
    expect(thermal?.evidence.points.length).toBeGreaterThanOrEqual(25);
    // The band was drawn from the healthy weeks and the last days are above it.
    const last = thermal?.evidence.points.at(-1);
    expect(last?.value).toBeGreaterThan(last?.hi ?? Number.POSITIVE_INFINITY);
    expect(thermal?.stationId).toBe(desk.config.devices.find((d) => d.id === worn)?.stationId);
    // A pushed event carries the same list to every screen.
    await client.waitFor(() =>
      client.events.some(
        (e) => e.event === 'warnings.changed' && (e.data as WarningsList).warnings.length > 0,
      )
        ? true
        : undefined,
    );
  });

  it('raises a warning once: a second pass journals nothing new', async () => {
    await client.request('warnings.scan', {});
    const raised = withDeskJournal(desk.dataDir, (j) => j.read({ type: 'warning.raised', limit: 100 }));
    const keys = raised.map((e) => {
      const d = e.data as { detector: string; deviceId: string };
      return `${d.detector}|${d.deviceId}`;
    });
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('opens a preventive work order from a warning, journalled as acted on', async () => {
    const { warnings } = await client.request('warnings.list', {});
    const thermal = warnings.find((w) => w.deviceId === worn && w.detector === 'connector-thermal');
    if (!thermal) throw new Error('no thermal warning');
    const order = await client.request('warning.workorder', {
      id: thermal.id,
      title: 'Check and retighten gun 1 contact',
    });
    expect(order.stationId).toBe(thermal.stationId);
    expect(order.deviceIds).toEqual([worn]);
    expect(order.alarmIds).toEqual([thermal.id]);
    const after = await client.request('warnings.list', {});
    expect(after.warnings.find((w) => w.id === thermal.id)).toMatchObject({
      status: 'acted',
      workOrderId: order.id,
    });
    const orders = await client.request('workorders.list', {});
    expect(orders.workOrders.some((o) => o.id === order.id)).toBe(true);
    const acted = withDeskJournal(desk.dataDir, (j) => j.read({ subject: thermal.id, limit: 100 }));
    expect(acted.map((e) => e.type)).toEqual(['warning.raised', 'warning.acted']);
    expect(acted[1]?.actor.user).toBe(PEOPLE.monitor.name);
    expect(await refusal(client.request('warning.workorder', { id: thermal.id, title: 'again' }))).toMatch(
      /already has work order/,
    );
  });

  it('dismisses only with a reason and only for a monitor; the dismissal is journalled and the warning stays down', async () => {
    const { warnings } = await client.request('warnings.list', {});
    const insulation = warnings.find((w) => w.deviceId === worn && w.detector === 'insulation-decline');
    if (!insulation) throw new Error('no insulation warning');
    expect(await refusal(client.request('warning.dismiss', { id: insulation.id, reason: '  ' }))).toMatch(
      /reason/,
    );
    expect(
      await refusal(
        wallboard.client.request('warning.dismiss', { id: insulation.id, reason: 'sensor swapped' }),
      ),
    ).toMatch(/forbidden|permission|not allowed/i);
    const after = await client.request('warning.dismiss', {
      id: insulation.id,
      reason: 'insulation sensor replaced on Tuesday',
    });
    expect(after.warnings.some((w) => w.id === insulation.id)).toBe(false);
    const events = withDeskJournal(desk.dataDir, (j) => j.read({ subject: insulation.id, limit: 100 }));
    expect(events.map((e) => e.type)).toEqual(['warning.raised', 'warning.dismissed']);
    expect(events[1]?.reason).toBe('insulation sensor replaced on Tuesday');
    // Still found by the next pass, but not raised again while dismissed.
    const again = await client.request('warnings.scan', {});
    expect(again.warnings.some((w) => w.deviceId === worn && w.detector === 'insulation-decline')).toBe(
      false,
    );
    const raised = withDeskJournal(desk.dataDir, (j) => j.read({ type: 'warning.raised', limit: 100 }));
    expect(raised.filter((e) => (e.data as { deviceId: string }).deviceId === worn)).toHaveLength(2);
  });

  it('keeps its warnings across a restart, from the journal', async () => {
    const before = await client.request('warnings.list', {});
    await monitor.close();
    await wallboard.close();
    await desk.restart();
    monitor = await overWebSocket(desk.engine, { token: PEOPLE.monitor.token });
    wallboard = await overWebSocket(desk.engine, { token: PEOPLE.wallboard.token });
    client = monitor.client;
    const after = await client.request('warnings.list', {});
    expect(after.warnings.map((w) => [w.id, w.status, w.workOrderId])).toEqual(
      before.warnings.map((w) => [w.id, w.status, w.workOrderId]),
    );
  });
});
