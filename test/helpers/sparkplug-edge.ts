import { readFileSync } from 'node:fs';
import { newClient, type UPayload } from 'sparkplug-client';
import type { Device } from '../../shared/api/model';
import type { Broker } from './mosquitto';

/**
 * An edge node built with Eclipse Tahu's sparkplug-client (a peer we did not
 * write) with chargers under it, each born again on every (re)connect and on
 * every rebirth request. Its births carry gun1.power (alias 1, Float) and
 * gun1.state (alias 2, raw enum 2 = charging).
 */
export function startEdgeNode(
  broker: Broker,
  at: {
    group: string;
    node: string;
    devices: readonly string[];
    power: number;
    now: () => number;
    /**
     * Births also declare powerLimit (Float, kW) and gun1.command (UInt16,
     * cleared by the device); a DCMD is applied and reported in DDATA, the
     * limit held to `maxKw`, except by the devices in `deaf`, which ignore commands.
     */
    writable?: { maxKw: number; deaf?: readonly string[] };
  },
) {
  const edge = newClient({
    serverUrl: broker.url,
    username: broker.user,
    password: broker.password,
    groupId: at.group,
    edgeNode: at.node,
    clientId: `edge-${at.node}-${Math.random().toString(36).slice(2)}`,
    version: 'spBv1.0',
    ...(broker.ca ? { mqttOptions: { ca: readFileSync(broker.ca) } } : {}),
  });
  const commands: UPayload[] = [];
  const birth = () => {
    edge.publishNodeBirth({
      timestamp: at.now(),
      metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: false }],
    });
    // Aliases are unique across the node: device i has 2i+1 and 2i+2.
    for (const [i, device] of at.devices.entries()) {
      edge.publishDeviceBirth(device, {
        timestamp: at.now(),
        metrics: [
          { name: 'gun1.power', alias: 2 * i + 1, type: 'Float', value: at.power },
          { name: 'gun1.state', alias: 2 * i + 2, type: 'UInt16', value: 2 },
          ...(at.writable
            ? [
                { name: 'powerLimit', type: 'Float' as const, value: at.writable.maxKw },
                { name: 'gun1.command', type: 'UInt16' as const, value: 0 },
              ]
            : []),
        ],
      });
    }
  };
  const deviceCommands: { device: string; payload: UPayload }[] = [];
  edge.on('dcmd', (device, payload) => {
    deviceCommands.push({ device, payload });
    if (!at.writable || at.writable.deaf?.includes(device)) return;
    const maxKw = at.writable.maxKw;
    for (const metric of payload.metrics ?? []) {
      if (metric.name === 'powerLimit' && typeof metric.value === 'number')
        edge.publishDeviceData(device, {
          timestamp: at.now(),
          metrics: [{ name: 'powerLimit', type: 'Float', value: Math.min(metric.value, maxKw) }],
        });
      // A command is acted on and cleared: the device reports it back as none.
      if (metric.name === 'gun1.command')
        edge.publishDeviceData(device, {
          timestamp: at.now(),
          metrics: [{ name: 'gun1.command', type: 'UInt16', value: 0 }],
        });
    }
  });
  edge.on('birth', birth);
  edge.on('ncmd', (payload) => {
    commands.push(payload);
    if (payload.metrics?.some((m) => m.name === 'Node Control/Rebirth' && m.value === true)) birth();
  });
  return { edge, commands, deviceCommands };
}

/** A 7 kW charger fed through `broker`: its endpoint is the broker's, as the desk describes it. */
export const fedCharger = (id: string, stationId: string, broker: { port: number }): Device => ({
  id,
  stationId,
  name: id,
  kind: 'ac-charger',
  profile: 'ac-7kw',
  endpoint: `127.0.0.1:${broker.port}`,
  unitId: 1,
  guns: 1,
  ratedKw: 7,
});
