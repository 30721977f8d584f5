import { useEffect, useState } from 'react';
import type { CandidateView, RankingView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { Translate } from '../../i18n/lang';
import type { DeskClient } from '../../transport';
import { Choices } from '../../ui/dialog/Choices';
import { formatCountdown } from '../alarms/words';

/** The roster crew picked from the ranking, and the reason when it is on an emergency. */
export type CrewChoice = { crewId: string; override?: string };

/** The number keys pick among nine; the last choice is always "names typed by hand". */
const SHOWN = 8;
const BY_HAND = '';

const hoursMinutes = (ms: number) => formatCountdown(ms).replace(/:\d\d$/, '');

/** "~40 min · 到场时限 3:52": the crew's expected arrival next to the SLA's. */
function arrivalText(c: CandidateView, ranking: RankingView, t: Translate): string {
  const eta = t('dispatch.eta', { minutes: Math.round(c.travel.minutes) });
  if (ranking.arrivalDeadline === null) return eta;
  return `${eta} · ${t('dispatch.deadline', { left: hoursMinutes(ranking.arrivalDeadline - ranking.rankedAt) })}`;
}

/** Why a crew stands lower: off call, missing a skill, busy, late, on an emergency. */
function candidateNote(c: CandidateView, t: Translate): string {
  const notes = [c.members.join('、')];
  if (!c.offered) notes.push(t('dispatch.onEmergency'));
  if (!c.onCall) notes.push(t('dispatch.offCall'));
  if (c.missingSkills.length > 0)
    notes.push(
      t('dispatch.missing', { skills: c.missingSkills.map((s) => t(`crew.skill.${s}`)).join('、') }),
    );
  if (c.load.open > 0) notes.push(t('dispatch.load', { count: c.load.open }));
  if (c.meetsDeadline === false) notes.push(t('dispatch.late'));
  if (c.travel.source === 'station') notes.push(t('dispatch.stationTime'));
  return notes.join(' · ');
}

/**
 * The desk's ranking of the roster's crews for these alarms, asked once,
 * the first offered crew picked; picking one fills the crew field with its
 * members, "by hand" empties it.
 */
export function useCrewRanking(client: DeskClient, alarmIds: readonly string[], initialText: string) {
  const { t } = useI18n();
  const [ranking, setRanking] = useState<RankingView | null>(null);
  const [rankError, setRankError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string>(BY_HAND);
  const [crewText, setCrewText] = useState(initialText);

  const candidates = ranking?.candidates.slice(0, SHOWN) ?? [];
  const chosen = candidates.find((c) => c.crewId === picked) ?? null;
  const pick = (crewId: string) => {
    setPicked(crewId);
    const found = candidates.find((c) => c.crewId === crewId);
    setCrewText(found ? found.members.join('、') : '');
  };

  const ids = alarmIds.join('\n');
  useEffect(() => {
    let live = true;
    client
      .request('workorder.rank', { alarmIds: ids.split('\n') })
      .then((answer) => {
        if (!live) return;
        setRanking(answer);
        const first = answer.candidates[0];
        if (first?.offered) {
          setPicked(first.crewId);
          setCrewText(first.members.join('、'));
        }
      })
      .catch(
        (error: unknown) => live && setRankError(error instanceof Error ? error.message : String(error)),
      );
    return () => {
      live = false;
    };
  }, [client, ids]);

  return {
    ranking,
    rankError,
    candidates,
    picked,
    pick,
    chosen,
    crewText,
    setCrewText,
    /** What the dispatch sends: the crew picked, with the override reason when it is on an emergency. */
    choice: (reason: string): CrewChoice | undefined =>
      chosen ? { crewId: chosen.crewId, ...(chosen.offered ? {} : { override: reason }) } : undefined,
    /** The dialog's mandatory reason, asked only for a crew on an emergency. */
    overrideReason: (testId: string) => ({ label: t('dispatch.override'), placeholder: '', testId }),
  };
}

export type CrewRanking = ReturnType<typeof useCrewRanking>;

/** The ranked crews as numbered choices, or why there are none yet. */
export function CrewChoices({ rank }: { rank: CrewRanking }) {
  const { t } = useI18n();
  const { ranking, rankError, candidates } = rank;
  if (rankError) return <p className="muted">{t('dispatch.rankFailed', { message: rankError })}</p>;
  if (!ranking) return <p className="muted">{t('dispatch.ranking')}</p>;
  if (candidates.length === 0) return null;
  return (
    <Choices
      name="dispatch-crew"
      legend={t('dispatch.legend')}
      options={[...candidates.map((c) => c.crewId), BY_HAND]}
      value={rank.picked}
      onChange={rank.pick}
      label={(id) => {
        const c = candidates.find((x) => x.crewId === id);
        return c ? `${c.name} · ${arrivalText(c, ranking, t)}` : t('dispatch.byHand');
      }}
      note={(id) => {
        const c = candidates.find((x) => x.crewId === id);
        return c ? candidateNote(c, t) : null;
      }}
      testId="dispatch-candidate"
      valueAttr="crew"
    />
  );
}
