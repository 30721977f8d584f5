/**
 * The Modbus unit a device is polled at, `host:port#unitId`, which no two
 * devices may share; null for a device fed through a broker (Sparkplug or
 * JSON), whose host and port name the broker that many devices share and
 * whose unit id means nothing.
 */
export function pollAddress(d: {
  host: string;
  port: number;
  unitId: number;
  sparkplug?: unknown;
  json?: unknown;
}): string | null {
  return d.sparkplug || d.json ? null : `${d.host}:${d.port}#${d.unitId}`;
}
