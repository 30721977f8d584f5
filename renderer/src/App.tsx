import { useEffect } from 'react';
import { I18nProvider } from './i18n/context';
import type { Lang } from './i18n/lang';
import type { FleetStore } from './state/fleetStore';
import type { DeskState } from './state/session';
import { type Store, useStore } from './state/store';
import type { DeskClient } from './transport';
import { Desk } from './views/Desk';

type Props = { fleet: FleetStore; desk: Store<DeskState>; lang: Store<Lang>; client: DeskClient };

export function App({ fleet, desk, lang, client }: Props) {
  const fleetState = useStore(fleet);
  const deskState = useStore(desk);
  const language = useStore(lang);
  useEffect(() => {
    // Screen readers and the CJK font fallback both go by the document language.
    document.documentElement.lang = language;
  }, [language]);
  return (
    <I18nProvider store={lang}>
      <Desk fleet={fleetState} desk={deskState} client={client} />
    </I18nProvider>
  );
}
