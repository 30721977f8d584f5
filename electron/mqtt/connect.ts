import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import type { MqttConfig } from '../../shared/profile/binding';

/** The URL and client options of the desk's connection to a broker, per its `mqtt` section. */
export function brokerConnection(
  config: MqttConfig,
  at: { host: string; port: number; clientId: string; reconnectMs: number; will?: IClientOptions['will'] },
): { url: string; options: IClientOptions } {
  const tls = config.tls;
  const options: IClientOptions = {
    clientId: at.clientId,
    protocolVersion: config.protocolVersion,
    clean: true,
    reconnectPeriod: at.reconnectMs,
    connectTimeout: 10_000,
    ...(config.username ? { username: config.username } : {}),
    ...(config.password ? { password: config.password } : {}),
    ...(tls?.ca ? { ca: readFileSync(tls.ca) } : {}),
    ...(tls?.cert ? { cert: readFileSync(tls.cert) } : {}),
    ...(tls?.key ? { key: readFileSync(tls.key) } : {}),
    ...(at.will ? { will: at.will } : {}),
  };
  return { url: `${tls ? 'mqtts' : 'mqtt'}://${at.host}:${at.port}`, options };
}
