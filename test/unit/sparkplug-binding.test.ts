import { describe, expect, it } from 'vitest';
import { keepRedacted, REDACTED, redactConfig, redactedField } from '../../shared/config/redact';
import { DeskConfig } from '../../shared/config/schema';
import { metricValue, pointOfMetric, SparkplugAddress } from '../../shared/profile/binding';
import { Profile } from '../../shared/profile/schema';
import { acChargerProfile, testStation } from '../helpers/fleet-fixtures';

const label = { 'zh-CN': '点', en: 'point' };
const profile = acChargerProfile([
  { key: 'gun1.power', label, address: 0, type: 'f32', unit: 'kW' },
  { key: 'gun1.state', label, address: 2, type: 'u16', enum: { '0': 'idle', '2': 'charging' } },
]);

describe('Sparkplug binding', () => {
  it('finds points by key, or by the name the profile maps', () => {
    expect(pointOfMetric(profile, 'gun1.power')?.key).toBe('gun1.power');
    expect(pointOfMetric(profile, 'Gun1/Power')).toBeUndefined();
    const mapped = Profile.parse({ ...profile, sparkplug: { metrics: { 'Gun1/Power': 'gun1.power' } } });
    expect(pointOfMetric(mapped, 'Gun1/Power')?.key).toBe('gun1.power');
  });

  it('turns metric values into point values: float noise, enum numbers and names, booleans', () => {
    const [power, state] = profile.points as [Profile['points'][number], Profile['points'][number]];
    expect(metricValue(power, Math.fround(4.2), 'Float')).toBe(4.2);
    expect(metricValue(power, 4.2, 'Double')).toBe(4.2);
    expect(metricValue(power, true, 'Boolean')).toBe(1);
    expect(metricValue(power, null, 'Float')).toBeNull();
    expect(metricValue(state, 2, 'UInt16')).toBe('charging');
    expect(metricValue(state, 7, 'UInt16')).toBe('unknown(7)');
    expect(metricValue(state, 'idle', 'String')).toBe('idle');
    expect(metricValue(state, 'exploded', 'String')).toBe('unknown(exploded)');
  });

  it('refuses topic characters in names, and a fed device without an mqtt section', () => {
    expect(SparkplugAddress.safeParse({ group: 'a/b', node: 'n' }).error?.issues[0]?.message).toBe(
      'a Sparkplug name: no "/", "+" or "#"',
    );
    const device = {
      id: 'f1',
      stationId: 's1',
      name: 'fed',
      profile: 'ac-7kw',
      host: '10.0.0.5',
      port: 1883,
      sparkplug: { group: 'g', node: 'n', device: 'd' },
    };
    const stations = [testStation('s1', 'g')];
    expect(DeskConfig.safeParse({ stations, devices: [device] }).error?.issues[0]).toMatchObject({
      path: ['mqtt'],
      message: 'device f1 is fed by Sparkplug: mqtt is required',
    });
    // Fed devices share the broker's endpoint and unit id without clashing.
    const twin = { ...device, id: 'f2', sparkplug: { ...device.sparkplug, device: 'e' } };
    expect(
      DeskConfig.safeParse({ stations, devices: [device, twin], mqtt: { clientId: 'desk' } }).success,
    ).toBe(true);
  });

  it('never shows the broker password, and keeps it when an edit sends the placeholder back', () => {
    const config = DeskConfig.parse({
      stations: [testStation('s1', 'g')],
      devices: [],
      mqtt: { clientId: 'desk', username: 'desk', password: 'broker-secret' },
    });
    for (const role of ['monitor', 'admin'] as const) {
      expect(JSON.stringify(redactConfig(config, role))).not.toContain('broker-secret');
    }
    const shown = redactConfig(config, 'admin');
    expect(redactedField(shown)).toBe('mqtt.password');
    const kept = keepRedacted(shown, config);
    expect(kept.ok && kept.config.mqtt?.password).toBe('broker-secret');
    expect(kept.ok && kept.changed).toEqual([]);
    // A desk that had no password cannot keep one.
    const fresh = keepRedacted(shown, DeskConfig.parse({ ...config, mqtt: { clientId: 'desk' } }));
    expect(fresh.ok ? null : fresh.field).toBe('mqtt.password');
    expect(shown.mqtt?.password).toBe(REDACTED);
  });
});
