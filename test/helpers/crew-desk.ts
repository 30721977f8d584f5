import type { RosterInput } from '../../shared/crew/roster';
import { alarmWhere } from './contract-calls';
import { overWebSocket } from './desk';
import { PEOPLE, startDutyDesk } from './duty-desk';
import { type Sink, startWecomSink } from './notify-sinks';

const member = (name: string, mobile: string, lead = false) => ({ name, mobile, lead });
type Crew = NonNullable<RosterInput['crews']>[number];
/** A crew of AC/DC chargers and low-voltage work, paged on the `crew-wecom` robot. */
const wecomCrew = (id: string, name: string, members: Crew['members'], base: Crew['base']): Crew => ({
  id,
  name,
  members,
  skills: ['ac', 'dc', 'electrician-low'],
  base,
  channels: ['crew-wecom'],
});

/**
 * Two crews on call, both on the `crew-wecom` robot: 越城一班 a few minutes
 * from sx01 (鲁迅中路) and 诸暨班 an hour and a half away.
 */
export const TWO_CREWS: RosterInput = {
  crews: [
    wecomCrew('near', '越城一班', [member('周建国', '13957510001', true), member('陈立', '13957510002')], {
      name: '解放北路',
      lat: 30.012,
      lng: 120.579,
    }),
    wecomCrew('far', '诸暨班', [member('何斌', '13957510041', true), member('吕晨', '13957510042')], {
      name: '浣纱南路',
      lat: 29.72,
      lng: 120.245,
    }),
  ],
  onCall: { anchor: '2026-01-01', days: 1, turns: [['near', 'far']] },
};

/**
 * A duty desk (simulator, engine, skipping clock) with the two crews, one
 * WeCom robot sink per channel id (key `<id>-key`), more configuration
 * sections if given, and the monitor on the bridge.
 */
export async function startCrewDesk(channels: readonly string[], more: Record<string, unknown> = {}) {
  const sinks = new Map<string, Sink>();
  for (const id of channels) sinks.set(id, await startWecomSink(`${id}-key`));
  const notify = {
    channels: [...sinks].map(([id, sink]) => ({ id, type: 'wecom', url: sink.url, key: `${id}-key` })),
  };
  const desk = await startDutyDesk({ stations: 2, more: { crews: TWO_CREWS, notify, ...more } });
  const bridge = await overWebSocket(desk.engine, { token: PEOPLE.monitor.token });
  const sink = (id: string) => {
    const found = sinks.get(id);
    if (!found) throw new Error(`no sink for channel ${id}`);
    return found;
  };
  return {
    desk,
    monitor: bridge.client,
    sink,
    /** An insulation fault on the station's DC charger (an emergency), once the queue shows it. */
    async emergencyAt(stationId: string) {
      const dc = desk.config.devices.find((d) => d.stationId === stationId && d.profile === 'dc-120kw-dual');
      if (!dc) throw new Error(`no DC charger at ${stationId}`);
      desk.fleet.anomaly(dc.id, 'insulation-fault');
      return alarmWhere(
        bridge.client,
        `${dc.id}:insulationFault`,
        (a) => a.state === 'active-unacknowledged',
      );
    },
    async close() {
      await bridge.close();
      await desk.stop();
      for (const s of sinks.values()) await s.close();
    },
  };
}
