import { useEffect } from 'react';
import { I18nProvider } from './i18n/context';
import type { Lang } from './i18n/lang';
import type { FleetStore } from './state/fleetStore';
import type { DeskState } from './state/session';
import { type Store, useStore } from './state/store';
import { WallView } from './views/wall/WallView';

type Props = { fleet: FleetStore; desk: Store<DeskState>; lang: Store<Lang> };

export function App({ fleet, desk, lang }: Props) {
  const fleetState = useStore(fleet);
  const deskState = useStore(desk);
  const language = useStore(lang);
  useEffect(() => {
    // Screen readers and the CJK font fallback both go by the document language.
    document.documentElement.lang = language;
  }, [language]);
  return (
    <I18nProvider store={lang}>
      <WallView fleet={fleetState} desk={deskState} />
    </I18nProvider>
  );
}
