import { useState } from 'react';
import { DEFAULT_SHELVING_POLICY } from '../../../../shared/alarm/state';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { useDeskClock } from '../../state/useDeskClock';
import { ChoiceDialog } from '../../ui/dialog/ChoiceDialog';
import { reasonDialog } from './words';

const MINUTE = 60_000;
const CHOICES_MS = [15 * MINUTE, 30 * MINUTE, 60 * MINUTE, 2 * 60 * MINUTE, 4 * 60 * MINUTE, 8 * 60 * MINUTE];

type Props = {
  subject: string;
  count: number;
  /** The engine's shelving policy; the dialog offers nothing longer. */
  maxShelveMs?: number;
  onShelve(reason: string, untilMs: number): Promise<void>;
  onClose(): void;
};

/** Shelving hides an alarm for a while (ISA-18.2 state E): a reason and an end are required. */
export function ShelveDialog({
  subject,
  count,
  maxShelveMs = DEFAULT_SHELVING_POLICY.maxShelveMs,
  onShelve,
  onClose,
}: Props) {
  const { t } = useI18n();
  const fleetClock = useFleetTime();
  const choices = CHOICES_MS.filter((ms) => ms <= maxShelveMs);
  const deskClock = useDeskClock();
  const [now] = useState(deskClock.now);
  const label = (ms: number) =>
    ms < 60 * MINUTE
      ? t('alarms.shelve.minutes', { n: ms / MINUTE })
      : t('alarms.shelve.hours', { n: ms / (60 * MINUTE) });
  return (
    <ChoiceDialog
      {...reasonDialog(t, 'shelve', subject)}
      choice={{
        options: choices,
        initial: choices.includes(60 * MINUTE) ? 60 * MINUTE : (choices[0] ?? maxShelveMs),
        legend: t('alarms.shelve.duration'),
        label,
        note: (ms) => t('alarms.shelve.until', { time: fleetClock.when(now + ms, now) }),
        testId: 'shelve-choice',
      }}
      // The end is counted from the moment of sending, so a dialog left open does not shorten the shelf.
      onSubmit={(chosen, reason) => onShelve(reason, deskClock.now() + chosen)}
      onClose={onClose}
    >
      <p>{t('alarms.shelve.intro', { max: label(maxShelveMs) })}</p>
      {count > 1 && <p>{t('alarms.shelve.group', { count })}</p>}
    </ChoiceDialog>
  );
}
