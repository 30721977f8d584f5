import type { DeskApi } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/frames';
import type { handoverMethods } from '../../shared/api/handover';
import type { RecordMark } from '../../shared/i18n/marking';
import { handoverPdf } from './pdf';
import { HandoverRefusal, type HandoverService } from './service';

type HandoverApi = Pick<DeskApi, keyof typeof handoverMethods>;

/** A refusal reaches the person as the contract's `invalid` / `forbidden`, with its explanation. */
async function explained<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (error instanceof HandoverRefusal) throw new ApiError(error.code, error.message);
    throw error;
  }
}

export function handoverApi(
  handover: HandoverService,
  options: { resourcesDir: string; now?: () => number; mark?: RecordMark | null },
): HandoverApi {
  const now = options.now ?? Date.now;
  return {
    'handover.current': () => explained(() => handover.current()),
    'handover.get': (p) => explained(() => handover.get(p.shiftId, p.desk)),
    'handover.search': async (p) => handover.search(p),
    'handover.pdf': (p) =>
      explained(async () => {
        const record = await handover.get(p.shiftId, p.desk);
        const pdf = await handoverPdf(record, p.lang, options.resourcesDir, now(), options.mark ?? null);
        return {
          fileName: `handover-${record.desk ? `${record.desk}-` : ''}${record.shift.id.replace('@', '-').replace(':', '')}-${record.state}.pdf`,
          mime: 'application/pdf' as const,
          base64: pdf.toString('base64'),
          bytes: pdf.length,
        };
      }),
    'handover.note': (p, session) => explained(() => handover.note(p.shiftId, p.text, p.stationId, session)),
    'check.record': (p, session) => explained(() => handover.recordCheck(p, session)),
    'handover.sign': (p) => explained(() => handover.sign(p.shiftId, p.user, p.password, p.reason || null)),
    'handover.accept': (p) =>
      explained(() => handover.accept(p.shiftId, p.user, p.password, p.reason || null)),
    'handover.correct': (p) =>
      explained(() => handover.correct(p.shiftId, p.user, p.password, p.text, p.corrects)),
  };
}
