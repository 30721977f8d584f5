import type { DeskApi } from '../../../shared/api/contract';
import type { Session } from '../../../shared/auth/roles';
import type { Authenticator } from '../../auth/authenticator';
import { DEMO_STAFF, onDuty, type Step } from './story';

const MIN = 60_000;

type HandoverApi = Pick<
  DeskApi,
  'handover.current' | 'handover.note' | 'check.record' | 'handover.sign' | 'handover.accept'
>;

/**
 * The leads of the demo week sign for themselves: the writer acts for the
 * people the story names, so their handovers carry their own signatures.
 * It vouches for nobody else, and the live desk never uses it.
 */
export const DEMO_SIGNERS: Authenticator = {
  verify: async (user) =>
    Object.values(DEMO_STAFF)
      .map((shift): Session => shift.lead)
      .find((lead) => lead.user === user) ?? null,
};

/** What every signed demo password field holds; DEMO_SIGNERS ignores it. */
const NO_PASSWORD = 'demo-week';

const NOTES = [
  '各站运行正常，夜间巡视无异常。',
  '摄像头日检完成，物联网卡流量正常。',
  '已跟进未闭环工单，现场班组在途。',
  '光伏出力正常；交班前核对告警队列。',
];

/**
 * Each shift of the week handed over as a lead does it: a note, the
 * outgoing lead's signature ten minutes before the change, the incoming
 * lead's acceptance ten minutes after. `changes` are the shift changes
 * inside the week.
 */
export function handoverSteps(api: () => HandoverApi, changes: readonly number[]): Step[] {
  return changes.flatMap((change, n): Step[] => {
    const outgoing = onDuty(change - MIN);
    const incoming = onDuty(change + MIN);
    let shiftId = '';
    return [
      {
        at: change - 25 * MIN,
        run: async () => {
          const current = await api()['handover.current']({}, outgoing.monitor);
          shiftId = current.record.shift.id;
          const text = NOTES[n % NOTES.length] ?? NOTES[0] ?? '';
          await api()['handover.note']({ shiftId, text, stationId: null }, outgoing.monitor);
          // The monitor's daily checks (seed 001): cameras, and the IoT SIM cards with their data used so far.
          await api()['check.record'](
            { check: 'cameras', status: 'ok', note: '', simDataMb: null },
            outgoing.monitor,
          );
          await api()['check.record'](
            { check: 'iot-sim', status: 'ok', note: '', simDataMb: 1200 + 85 * n },
            outgoing.monitor,
          );
        },
      },
      {
        at: change - 10 * MIN,
        run: async () => {
          const { user } = outgoing.lead;
          await api()['handover.sign']({ shiftId, user, password: NO_PASSWORD }, outgoing.monitor);
        },
      },
      {
        at: change + 10 * MIN,
        run: async () => {
          const { user } = incoming.lead;
          await api()['handover.accept']({ shiftId, user, password: NO_PASSWORD }, incoming.monitor);
        },
      },
    ];
  });
}
