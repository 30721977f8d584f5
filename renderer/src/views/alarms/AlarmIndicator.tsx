import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Priority } from '../../../../shared/alarm/priority';
import { Annunciator } from '../../audio/annunciator';
import { useI18n } from '../../i18n/context';
import { unacknowledgedCounts } from '../../state/alarms';
import type { AlarmStore } from '../../state/alarmsStore';
import { useStore } from '../../state/store';
import { useViewKeys } from '../../ui/list/useViewKeys';
import { formatCountdown, PRIORITY_MARK } from './words';

type Props = {
  store: AlarmStore;
  /**
   * Whether `m` silences: in the alarm queue it does; elsewhere the desk uses `m` for the map,
   * and the silence button in the header serves.
   */
  silenceKey: boolean;
  onOpen(): void;
};

/**
 * Always in the header, whatever view is open: unacknowledged alarms by
 * priority, and the annunciator with its silence (`m`), which expires.
 */
export function AlarmIndicator({ store, silenceKey, onOpen }: Props) {
  const { t } = useI18n();
  const alarms = useStore(store);
  const counts = useMemo(() => unacknowledgedCounts(alarms), [alarms]);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const annunciator = useRef<Annunciator | null>(null);
  const [heardBreaches, setHeardBreaches] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const sound = new Annunciator(redraw);
    annunciator.current = sound;
    // Any key or click on the page is the gesture the browser waits for before it allows sound.
    const unlock = () => sound.unlock();
    window.addEventListener('pointerdown', unlock, true);
    window.addEventListener('keydown', unlock, true);
    return () => {
      window.removeEventListener('pointerdown', unlock, true);
      window.removeEventListener('keydown', unlock, true);
      sound.dispose();
      annunciator.current = null;
    };
  }, []);

  const top = Priority.options.find((p) => counts[p] > 0) ?? null;
  const breach = alarms.breachCount > heardBreaches;
  useEffect(() => {
    annunciator.current?.setDemand({ priority: top, breach });
  }, [top, breach]);

  const silenceEndsAt = annunciator.current?.silenceEndsAt ?? null;
  useEffect(() => {
    if (silenceEndsAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [silenceEndsAt]);

  const toggleSilence = () => {
    const sound = annunciator.current;
    if (!sound) return;
    sound.unlock();
    if (sound.silenceEndsAt !== null) sound.unsilence();
    else {
      sound.silence();
      setHeardBreaches(alarms.breachCount);
      setNow(Date.now());
    }
  };
  // Capture, so it is handled before the desk's own letter for the map view.
  useViewKeys(silenceKey, (key, event) => {
    if (key !== 'm') return;
    event.preventDefault();
    toggleSilence();
  });

  const state = annunciator.current?.state ?? 'blocked';
  const silenced = silenceEndsAt !== null;
  return (
    <div className="alarmind" data-testid="alarm-indicator">
      <button
        type="button"
        className="alarmind__counts"
        title={t('alarms.unackedTitle')}
        aria-label={t('alarms.unacked')}
        onClick={onOpen}
      >
        {Priority.options.map((p) => (
          <span
            key={p}
            className={`alarmind__count prio prio--${p}`}
            data-priority={p}
            data-count={counts[p]}
            data-testid={`unacked-${p}`}
          >
            <span aria-hidden="true">{PRIORITY_MARK[p]}</span>
            <span className="visually-hidden">{t(`alarms.priority.${p}`)}</span>
            {counts[p]}
          </span>
        ))}
      </button>
      {state === 'unavailable' ? (
        <span className="alarmind__sound hint">{t('alarms.sound.unavailable')}</span>
      ) : state === 'blocked' ? (
        <button
          type="button"
          className="button alarmind__enable"
          data-testid="sound-enable"
          title={t('alarms.sound.enableHint')}
          onClick={() => annunciator.current?.unlock()}
        >
          <span aria-hidden="true">▶ </span>
          {t('alarms.sound.enable')}
        </button>
      ) : (
        <button
          type="button"
          className="button alarmind__silence"
          data-testid="sound-silence"
          data-silenced={silenced}
          onClick={toggleSilence}
        >
          {silenced
            ? t('alarms.sound.silenced', { left: formatCountdown((silenceEndsAt ?? now) - now) })
            : t('alarms.sound.silence')}
        </button>
      )}
    </div>
  );
}
