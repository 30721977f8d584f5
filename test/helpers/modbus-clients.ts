import { Socket } from 'node:net';
import Modbus from 'jsmodbus';
import { afterEach } from 'vitest';
import type { RunningFleet } from '../../sim/fleet';

/** Connections a test file opens to the simulator's gateways, each destroyed after the test that opened it. */
export function modbusClients(fleet: () => RunningFleet) {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.destroy();
  });
  const track = <S extends Socket>(socket: S): S => {
    sockets.push(socket);
    return socket;
  };
  return {
    track,
    /** A jsmodbus client of one unit behind a station's gateway; it must exist before the socket connects, or it never sees itself online. */
    async client(stationId: string, unitId: number, timeoutMs = 2000) {
      const s = track(new Socket());
      const c = new Modbus.client.TCP(s, unitId, timeoutMs);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', resolve);
        s.once('error', reject);
        s.connect(fleet().gateway(stationId).port, '127.0.0.1');
      });
      return c;
    },
  };
}
