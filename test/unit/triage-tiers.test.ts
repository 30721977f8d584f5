import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceKind } from '../../shared/api/model';
import { Profile } from '../../shared/profile/schema';
import {
  assignTier,
  DEFAULT_TRIAGE_TABLE,
  DEFECT_CLASSES,
  retier,
  TIER_OF_CLASS,
  type Triage,
  type TriageContext,
  TriageTable,
  triage,
  withOverrides,
} from '../../shared/triage/tiers';

const profilesDir = resolve(import.meta.dirname, '../../resources/profiles');
const profiles = readdirSync(profilesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => Profile.parse(JSON.parse(readFileSync(join(profilesDir, f), 'utf8'))));

/**
 * Every cause code the engine raises today: the fault-word bit names of each
 * shipped profile, the codes shared/device/state derives (gunN.faulted,
 * inverter.fault, breaker.tripped), and comms loss of a device.
 */
const ENGINE_CAUSES: Array<{ kind: DeviceKind; cause: string }> = profiles.flatMap((p) => [
  ...p.points.flatMap((pt) => Object.values(pt.bits ?? {})).map((cause) => ({ kind: p.kind, cause })),
  ...Array.from({ length: p.guns }, (_, i) => ({ kind: p.kind, cause: `gun${i + 1}.faulted` })),
  ...(p.kind === 'pv-inverter' ? [{ kind: p.kind, cause: 'inverter.fault' }] : []),
  ...(p.kind === 'box-transformer' ? [{ kind: p.kind, cause: 'breaker.tripped' }] : []),
  { kind: p.kind, cause: 'comms.device' },
]);

describe('triage table', () => {
  it('reads every shipped profile', () => {
    expect(profiles.map((p) => p.kind).sort()).toEqual([
      'ac-charger',
      'box-transformer',
      'dc-charger',
      'meter',
      'pv-inverter',
    ]);
    expect(ENGINE_CAUSES.length).toBeGreaterThan(50);
  });

  it('has a rule of its own, not the catch-all, for every cause the engine raises', () => {
    const untriaged = ENGINE_CAUSES.filter(({ kind, cause }) => triage(cause, { kind }).ruleId === 'default');
    expect(untriaged).toEqual([]);
  });

  it('gives every engine cause a tier, a defect class and a priority, and nothing else but its rule', () => {
    for (const { kind, cause } of ENGINE_CAUSES) {
      expect(Object.keys(triage(cause, { kind })).sort()).toEqual([
        'defectClass',
        'priority',
        'ruleId',
        'tier',
      ]);
      expect(triage(cause, { kind }), `${kind} ${cause}`).toMatchObject({
        tier: expect.stringMatching(/^(remote|on-site|emergency)$/),
        defectClass: expect.stringMatching(/^(critical|serious|general)$/),
        priority: expect.stringMatching(/^(critical|high|medium|low)$/),
      });
    }
  });

  it('sends fire, overheating cable/connector and failed insulation to emergency (001 危急)', () => {
    for (const [cause, kind] of [
      ['smokeDetected', 'dc-charger'],
      ['smokeDetected', 'box-transformer'],
      ['connectorOverTemperature', 'dc-charger'],
      ['insulationFault', 'dc-charger'],
      ['gasRelay', 'box-transformer'],
      ['pressureRelief', 'box-transformer'],
    ] as const) {
      expect(triage(cause, { kind }), cause).toMatchObject({
        tier: 'emergency',
        defectClass: 'critical',
        priority: 'critical',
      });
    }
  });

  it('sends grounding failure on site as a serious defect (001 严重: 接地失效)', () => {
    for (const kind of ['ac-charger', 'dc-charger', 'box-transformer', 'pv-inverter'] as const) {
      expect(triage('groundFault', { kind })).toEqual({
        tier: 'on-site',
        defectClass: 'serious',
        priority: 'high',
        ruleId: 'ground',
      });
    }
  });

  it.each<[string, string, TriageContext, Partial<Triage>]>([
    // Comms: one device → remote, the whole station → on-site, during a session → emergency.
    [
      'one device’s comms',
      'comms.device',
      { kind: 'ac-charger' },
      { tier: 'remote', defectClass: 'general' },
    ],
    [
      'an inverter’s comms in a session',
      'comms.device',
      { kind: 'pv-inverter', charging: true },
      { tier: 'remote' },
    ],
    ['a whole station’s comms', 'comms.station', {}, { tier: 'on-site', defectClass: 'serious' }],
    ['a gateway’s comms', 'comms.gateway', {}, { tier: 'on-site' }],
    [
      'a charger’s comms during a session',
      'comms.device',
      { kind: 'dc-charger', charging: true },
      { tier: 'emergency', defectClass: 'critical', priority: 'critical', ruleId: 'comms-in-session' },
    ],
    // The same bit name, read by device kind.
    [
      'a transformer overheating',
      'overTemperature',
      { kind: 'box-transformer' },
      { tier: 'on-site', ruleId: 'transformer-overheat' },
    ],
    [
      'a charger overheating',
      'overTemperature',
      { kind: 'ac-charger' },
      { tier: 'on-site', ruleId: 'charger-overheat' },
    ],
    [
      'an inverter overheating',
      'overTemperature',
      { kind: 'pv-inverter' },
      { tier: 'remote', priority: 'low' },
    ],
    ['a transformer’s door', 'doorOpen', { kind: 'box-transformer' }, { tier: 'on-site' }],
    ['a charger’s door', 'doorOpen', { kind: 'dc-charger' }, { tier: 'remote' }],
    // A row may set tier and priority apart from its defect class.
    [
      'a stuck gun',
      'gunStuck',
      { kind: 'ac-charger' },
      { tier: 'on-site', defectClass: 'general', priority: 'high', ruleId: 'gun-stuck' },
    ],
    [
      'an LV overload',
      'lvOverload',
      { kind: 'box-transformer' },
      { tier: 'remote', defectClass: 'serious', priority: 'high' },
    ],
    ['a faulted gun', 'gun2.faulted', { kind: 'dc-charger' }, { tier: 'remote', ruleId: 'gun-faulted' }],
    // Anything else is a general defect, diagnosed remotely, at low priority.
    [
      'a cause nobody knows',
      'somethingNew',
      { kind: 'meter' },
      { tier: 'remote', defectClass: 'general', priority: 'low', ruleId: 'default' },
    ],
    // Rows narrowed by kind do not apply when the kind is unknown.
    ['a kind-narrowed cause of no kind', 'gasRelay', {}, { ruleId: 'default' }],
  ])('triages %s (%s)', (_, cause, context, expected) => {
    expect(triage(cause, context)).toMatchObject(expected);
  });

  it('maps the defect classes to tiers as the brief says and carries the seed examples', () => {
    expect(TIER_OF_CLASS).toEqual({ critical: 'emergency', serious: 'on-site', general: 'remote' });
    expect(DEFECT_CLASSES.critical.name['zh-CN']).toBe('危急');
    expect(DEFECT_CLASSES.critical.examples.map((e) => e['zh-CN'])).toContain('充电设备母线、线缆过热');
    expect(DEFECT_CLASSES.critical.examples.map((e) => e['zh-CN'])).toContain(
      '充电服务过程中充电设施通信失败',
    );
    expect(DEFECT_CLASSES.serious.examples.map((e) => e['zh-CN'])).toEqual([
      '充电设备表面不重要紧固件部分松动',
      '导向柱弯曲',
      '接地失效',
    ]);
    expect(DEFECT_CLASSES.general.examples).toHaveLength(4);
  });
});

describe('overriding the triage table', () => {
  it('a site’s rows win over the shipped ones', () => {
    const table = withOverrides([
      {
        id: 'site-door',
        cause: 'doorOpen',
        kinds: ['dc-charger'],
        defectClass: 'serious',
        why: 'vandalism at this site',
      },
    ]);
    expect(triage('doorOpen', { kind: 'dc-charger' }, table)).toMatchObject({
      tier: 'on-site',
      ruleId: 'site-door',
    });
    expect(triage('smokeDetected', { kind: 'dc-charger' }, table).ruleId).toBe('smoke');
  });

  it('refuses duplicate ids, unknown values and a table without a catch-all at the end', () => {
    expect(() => withOverrides([{ id: 'smoke', cause: 'x', defectClass: 'general', why: 'dup' }])).toThrow(
      /duplicate rule id/,
    );
    expect(TriageTable.safeParse([{ id: 'a', cause: 'x', defectClass: 'minor', why: 'y' }]).success).toBe(
      false,
    );
    const withoutCatchAll = DEFAULT_TRIAGE_TABLE.slice(0, -1);
    expect(TriageTable.safeParse(withoutCatchAll).error?.issues[0]?.message).toMatch(/catch-all/);
    expect(() => triage('unknown', {}, withoutCatchAll)).toThrow(/no triage rule for "unknown"/);
  });
});

describe('retier', () => {
  const assigned = assignTier(triage('comms.device', { kind: 'ac-charger' }));
  const AT = Date.UTC(2025, 5, 1, 9, 0, 0);

  it('records each change with its reason', () => {
    const r = retier(assigned, 'on-site', '  SIM card reported stolen  ', AT);
    expect(r).toEqual({
      next: {
        ...assigned,
        tier: 'on-site',
        changes: [{ from: 'remote', to: 'on-site', reason: 'SIM card reported stolen', atMs: AT }],
      },
    });
    if ('refused' in r) return;
    const again = retier(r.next, 'emergency', 'smoke seen on camera', AT + 1);
    expect('next' in again && again.next.changes.map((c) => `${c.from}→${c.to}`)).toEqual([
      'remote→on-site',
      'on-site→emergency',
    ]);
  });

  it('refuses an empty reason and a change to the same tier', () => {
    expect(retier(assigned, 'on-site', '', AT)).toEqual({ refused: 'a tier change needs a reason' });
    expect(retier(assigned, 'on-site', ' \n ', AT)).toEqual({ refused: 'a tier change needs a reason' });
    expect(retier(assigned, 'remote', 'why not', AT)).toEqual({ refused: 'the alarm is already remote' });
  });
});
