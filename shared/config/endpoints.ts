import type { Device } from '../api/model';
import { can, type Role } from '../auth/roles';
import type { DeskConfig, DeviceConfig } from './schema';

/**
 * Where the devices are on the station network. Modbus has no
 * authentication of its own, so host, port and unit id are most of what an
 * intruder there needs: only roles that control or configure devices get
 * them. The placeholder comes from the caller (redact.ts), which imports this.
 */
export function seesEndpoints(role: Role): boolean {
  return can(role, 'device.control') || can(role, 'config.edit');
}

/**
 * The host reads as the placeholder; port and unit id read as their
 * defaults, which address nothing without the host and say nothing about
 * the device.
 */
function withheld(device: DeviceConfig, placeholder: string): DeviceConfig {
  return { ...device, host: placeholder, port: 502, unitId: 1 };
}

export function withholdEndpoints(config: DeskConfig, placeholder: string): DeskConfig {
  return { ...config, devices: config.devices.map((d) => withheld(d, placeholder)) };
}

/** The fleet's device list with the same endpoints withheld. */
export function withholdDeviceEndpoints(devices: readonly Device[], placeholder: string): Device[] {
  return devices.map((d) => ({ ...d, endpoint: placeholder, unitId: 1 }));
}

/**
 * A comms failure in words every reader may see: the device's or gateway's
 * address replaced by "the gateway". The engine's log keeps the address for
 * whoever repairs the link; the status a wallboard or a handover record
 * shows does not (the wall shows the address apart, to roles that see it).
 */
export function withoutEndpoint(text: string, host: string, port: number): string {
  const named = text.replaceAll(`${host}:${port}`, 'the gateway');
  // A bare host too (a DNS error names only the host), unless it is too short to be told from other words.
  return host.length >= 4 ? named.replaceAll(host, 'the gateway') : named;
}

export type KeptEndpoints = { ok: true; devices: DeviceConfig[] } | { ok: false; index: number };

/**
 * `next`'s devices with every withheld endpoint put back from the device of
 * the same id in `current`; the index of the first one with nothing to keep.
 */
export function keepEndpoints(next: DeskConfig, current: DeskConfig, placeholder: string): KeptEndpoints {
  const devices: DeviceConfig[] = [];
  for (const [index, device] of next.devices.entries()) {
    if (device.host !== placeholder) {
      devices.push(device);
      continue;
    }
    const before = current.devices.find((d) => d.id === device.id);
    if (!before) return { ok: false, index };
    devices.push({ ...device, host: before.host, port: before.port, unitId: before.unitId });
  }
  return { ok: true, devices };
}

/** The first device whose host is the placeholder, e.g. in a file pasted from a redacted view. */
export function withheldEndpointIndex(config: DeskConfig, placeholder: string): number {
  return config.devices.findIndex((d) => d.host === placeholder);
}
