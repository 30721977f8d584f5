import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHOOL_DOOR } from '../helpers/alarm-rules';
import { alarmWhere, refusal } from '../helpers/contract-calls';
import { overWebSocket, signIn, startDesk } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';

/**
 * Issue 20 item 5: a site's triage rows and shelf maxima from the config
 * file, applied by the engine to alarms the simulator raises, through the
 * real bridge; changed in config.update and journalled field by field.
 */
let desk: Awaited<ReturnType<typeof startDesk>>;
let admin: Awaited<ReturnType<typeof overWebSocket>>;
let school: string;
let dcAt: (stationId: string) => string;

beforeAll(async () => {
  desk = await startDesk({
    stations: 2,
    alarmRules: { triageOverrides: [SCHOOL_DOOR], shelveMaxHours: { high: 2 } },
  });
  admin = await overWebSocket(desk.engine);
  await signIn(admin.client);
  school = desk.config.stations[0]?.id ?? '';
  dcAt = (stationId) => {
    const dc = desk.config.devices.find((d) => d.stationId === stationId && d.profile === 'dc-120kw-dual');
    if (!dc) throw new Error(`no DC charger at ${stationId}`);
    return dc.id;
  };
}, 30_000);
afterAll(async () => {
  await admin?.close();
  await desk?.stop();
});

describe('alarm rules from the configuration', () => {
  it('an override changes the tier, priority and SLA clocks of an alarm at its station only', async () => {
    expect(school).toBe('sx01');
    const other = desk.config.stations[1]?.id ?? '';
    for (const station of [school, other]) desk.fleet.anomaly(dcAt(station), 'door-open');
    const overridden = await alarmWhere(admin.client, `${dcAt(school)}:doorOpen`, (a) => a.conditionActive);
    expect(overridden).toMatchObject({ tier: 'on-site', priority: 'high', ruleId: 'school-door' });
    expect(overridden.clocks.map((c) => c.id)).toEqual(['dispatch', 'arrive']);
    const shipped = await alarmWhere(admin.client, `${dcAt(other)}:doorOpen`, (a) => a.conditionActive);
    expect(shipped).toMatchObject({ tier: 'remote', priority: 'low', ruleId: 'charger-door' });
    expect(shipped.clocks.map((c) => c.id)).toEqual(['plan']);
  });

  it('shelving past the configured maximum is refused with that maximum', async () => {
    const id = `${dcAt(school)}:doorOpen`;
    const shelve = (hours: number) =>
      admin.client.request('alarm.shelve', {
        id,
        reason: 'crew on the way',
        untilMs: Date.now() + hours * 3_600_000,
      });
    expect(await refusal(shelve(3))).toBe(
      'invalid: shelve for longer than the maximum of 2 h for high-priority alarms',
    );
    expect((await shelve(1.5)).state).toBe('shelved');
  });

  it('a change of the rules is saved, applied and journalled naming the fields', async () => {
    const { config } = await admin.client.request('config.get', {});
    expect(config.alarmRules?.shelveMaxHours).toEqual({ high: 2 });
    const saved = await admin.client.request('config.update', {
      config: { ...config, alarmRules: { triageOverrides: [], shelveMaxHours: { high: 4, critical: 1 } } },
      reason: 'the school holidays began',
    });
    expect(saved.config.alarmRules).toEqual({
      triageOverrides: [],
      shelveMaxHours: { high: 4, critical: 1 },
    });
    const changed = withDeskJournal(desk.dataDir, (j) => j.read({ type: 'config.changed' })).at(-1);
    expect(changed).toMatchObject({
      reason: 'the school holidays began',
      data: {
        alarmRules: [
          'alarmRules.shelveMaxHours.critical: default → 1',
          'alarmRules.shelveMaxHours.high: 2 → 4',
          'alarmRules.triageOverrides school-door removed',
        ],
      },
    });
    const id = `${dcAt(school)}:doorOpen`;
    const longer = await admin.client.request('alarm.shelve', {
      id,
      reason: 'crew delayed by traffic',
      untilMs: Date.now() + 3.5 * 3_600_000,
    });
    expect(longer.state).toBe('shelved');
  });

  it('a station the rules do not know is refused with the field named, and nothing is saved', async () => {
    const { config } = await admin.client.request('config.get', {});
    const bad = {
      ...config,
      alarmRules: {
        triageOverrides: [
          { id: 'x', station: 'sx99', cause: 'doorOpen', defectClass: 'general' as const, why: 'typo' },
        ],
        shelveMaxHours: {},
      },
    };
    expect(await refusal(admin.client.request('config.update', { config: bad, reason: 'typo' }))).toMatch(
      /^bad-params: .*config\.alarmRules\.triageOverrides\.0\.station: no station "sx99"/,
    );
    expect((await admin.client.request('config.get', {})).config.alarmRules?.triageOverrides).toEqual([]);
  });
});
