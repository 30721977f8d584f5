import { useEffect, useState } from 'react';
import type { CandidateView, RankingView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { Translate } from '../../i18n/lang';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { Choices } from '../../ui/dialog/Choices';
import { TextField } from '../../ui/field/Field';
import { formatCountdown } from './words';

/** The roster crew picked from the ranking, and the reason when it is on an emergency. */
export type CrewChoice = { crewId: string; override?: string };

type Props = {
  subject: string;
  /** The alarms the work order is for: the desk ranks its crews for them. */
  alarmIds: readonly string[];
  client: DeskClient;
  defaultTitle: string;
  /** Creates the work order, then dispatches it when a crew is named. */
  onDispatch(title: string, crew: readonly string[], choice: CrewChoice | null): Promise<void>;
  onClose(): void;
};

/** Seed 001: a crew has at least two people; a single name is refused here before the engine refuses it. */
export function crewOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、;；\n]/)
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
}

/** The names of a crew, typed the Chinese or the English way. */
export function CrewField({
  label,
  value,
  testId,
  onValue,
}: {
  label: string;
  value: string;
  testId: string;
  onValue(text: string): void;
}) {
  const { t } = useI18n();
  return (
    <TextField
      label={label}
      data-testid={testId}
      wide
      maxLength={500}
      value={value}
      placeholder={t('alarms.dispatch.crewPlaceholder')}
      onValue={onValue}
    />
  );
}

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
 * D in the alarm queue: the work order's title, the crews the desk ranks
 * for these alarms (number keys pick, the first is chosen), or names typed
 * by hand. Picking a crew fills its members; a crew on an emergency needs
 * an override reason.
 */
export function DispatchDialog({ subject, alarmIds, client, defaultTitle, onDispatch, onClose }: Props) {
  const { t } = useI18n();
  const [title, setTitle] = useState(defaultTitle);
  const [ranking, setRanking] = useState<RankingView | null>(null);
  const [rankError, setRankError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string>(BY_HAND);
  const [crewText, setCrewText] = useState('');
  const crew = crewOf(crewText);

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

  return (
    <ActionDialog
      testId="dispatch-dialog"
      title={t('alarms.dispatch.title')}
      subject={subject}
      // A crew on an emergency goes only with a reason: the dialog's own mandatory reason asks for it.
      reason={
        chosen && !chosen.offered
          ? { label: t('dispatch.override'), placeholder: '', testId: 'dispatch-override' }
          : null
      }
      confirmLabel={t('alarms.dispatch.confirm')}
      check={() => {
        if (title.trim() === '') return t('alarms.dialog.reasonMissing');
        if (crew.length === 1) return t('alarms.dispatch.crewTooFew');
        return null;
      }}
      onSubmit={(reason) =>
        onDispatch(
          title.trim(),
          crew,
          chosen ? { crewId: chosen.crewId, ...(chosen.offered ? {} : { override: reason }) } : null,
        )
      }
      onClose={onClose}
    >
      <p>{t('alarms.dispatch.alarms', { count: alarmIds.length })}</p>
      <TextField
        label={t('alarms.dispatch.titleField')}
        data-testid="dispatch-title"
        wide
        maxLength={200}
        value={title}
        onValue={setTitle}
      />
      {ranking === null && rankError === null && <p className="muted">{t('dispatch.ranking')}</p>}
      {rankError && <p className="muted">{t('dispatch.rankFailed', { message: rankError })}</p>}
      {ranking && candidates.length > 0 && (
        <Choices
          name="dispatch-crew"
          legend={t('dispatch.legend')}
          options={[...candidates.map((c) => c.crewId), BY_HAND]}
          value={picked}
          onChange={pick}
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
      )}
      <CrewField
        label={t('alarms.dispatch.crew')}
        value={crewText}
        testId="dispatch-crew"
        onValue={setCrewText}
      />
    </ActionDialog>
  );
}
