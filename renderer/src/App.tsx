import { useEffect } from 'react';
import { I18nProvider } from './i18n/context';
import { FleetTimeProvider } from './i18n/fleetTime';
import type { Lang } from './i18n/lang';
import type { AlarmStore } from './state/alarmsStore';
import type { ScreenClock } from './state/clock';
import { type DutyStore, loadOlderClosed } from './state/duty';
import type { FleetStore } from './state/fleetStore';
import type { DeskState } from './state/session';
import { type Store, useStore } from './state/store';
import { DeskClockProvider } from './state/useDeskClock';
import type { DeskClient } from './transport';
import { useShiftTimeZone } from './views/common/useShiftTimeZone';
import { Desk } from './views/Desk';
import { isWallboardUrl } from './views/wallboard/model';
import { Wallboard } from './views/wallboard/Wallboard';

type Props = {
  fleet: FleetStore;
  desk: Store<DeskState>;
  lang: Store<Lang>;
  client: DeskClient;
  alarms: AlarmStore;
  duty: DutyStore;
  /** The desk's time: the drill's on a training desk. */
  clock: ScreenClock;
};

export function App({ fleet, desk, lang, client, alarms, duty, clock }: Props) {
  const fleetState = useStore(fleet);
  const dutyState = useStore(duty);
  const deskState = useStore(desk);
  const language = useStore(lang);
  // What the wallboard and the desk both show.
  const shown = { fleet: fleetState, desk: deskState, client, alarms, duty: dutyState };
  // One zone for every time on screen: the fleet's, not the browser's.
  const timeZone = useShiftTimeZone(client);
  useEffect(() => {
    // Screen readers and the CJK font fallback both go by the document language.
    document.documentElement.lang = language;
  }, [language]);
  return (
    <I18nProvider store={lang}>
      <FleetTimeProvider timeZone={timeZone}>
        <DeskClockProvider clock={clock}>
          {/* A TV opens the desk's own URL with ?view=wallboard: same engine, no controls. */}
          {isWallboardUrl(window.location) ? (
            <Wallboard {...shown} />
          ) : (
            <Desk {...shown} onOlderOrders={() => loadOlderClosed(client, duty)} />
          )}
        </DeskClockProvider>
      </FleetTimeProvider>
    </I18nProvider>
  );
}
