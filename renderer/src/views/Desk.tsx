import { useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/context';
import { type FleetState, fleetSummary } from '../state/fleet';
import type { DeskState } from '../state/session';
import type { DeskClient } from '../transport';
import { inDialog, isTextEntry } from './common/dialog';
import { ConfigEditor } from './config/ConfigEditor';
import { HeaderBar, type ViewName } from './HeaderBar';
import { HelpOverlay } from './HelpOverlay';
import { WallView } from './wall/WallView';

type Props = { fleet: FleetState; desk: DeskState; client: DeskClient };

/** F-keys work from anywhere, even a text field; letters only where they cannot be typing. */
const VIEW_KEYS: Readonly<Record<string, ViewName>> = { F1: 'wall', F2: 'config' };
const VIEW_LETTERS: Readonly<Record<string, ViewName>> = { w: 'wall', s: 'config' };

/** The desk around the views: header, link banners, shortcuts that work everywhere, help. */
export function Desk({ fleet, desk, client }: Props) {
  const { t, toggle: toggleLang } = useI18n();
  const [view, setView] = useState<ViewName>('wall');
  // The editor is mounted the first time it is opened and then kept, so a draft survives a look at the wall.
  const [configOpened, setConfigOpened] = useState(false);
  const [configDirty, setConfigDirty] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const summary = useMemo(() => (fleet.loaded ? fleetSummary(fleet) : null), [fleet]);

  const show = useCallback((next: ViewName) => {
    if (next === 'config') setConfigOpened(true);
    setView(next);
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented)
        return;
      if (inDialog(event.target)) {
        // The help dialog closes with the key that opened it; other dialogs keep their keys.
        if (event.key === '?' && helpOpen) {
          event.preventDefault();
          setHelpOpen(false);
        }
        return;
      }
      const byFKey = VIEW_KEYS[event.key];
      if (byFKey) {
        // F1 would otherwise open the browser's own help.
        event.preventDefault();
        show(byFKey);
        return;
      }
      if (isTextEntry(event.target)) return;
      const key = event.key.toLowerCase();
      const byLetter = VIEW_LETTERS[key];
      if (byLetter) show(byLetter);
      else if (event.key === '?') {
        event.preventDefault();
        setHelpOpen(true);
      } else if (key === 'l') {
        toggleLang();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [helpOpen, show, toggleLang]);

  return (
    <div className={`app app--link-${desk.link}`}>
      <HeaderBar
        summary={summary}
        link={desk.link}
        info={desk.info}
        session={desk.session}
        view={view}
        configDirty={configDirty}
        onView={show}
        onHelp={() => setHelpOpen(true)}
      />
      {desk.link === 'lost' && (
        <div className="banner banner--link" role="alert">
          <strong>⊘ {t('link.lost')}</strong> {t('link.lostDetail')}
        </div>
      )}
      {desk.loadError && desk.link === 'open' && (
        <div className="banner banner--warn" role="alert">
          {t('app.loadError', { message: desk.loadError })}
        </div>
      )}
      <WallView fleet={fleet} desk={desk} client={client} active={view === 'wall'} />
      {configOpened && (
        <ConfigEditor client={client} desk={desk} active={view === 'config'} onDirty={setConfigDirty} />
      )}
      {desk.badFrames && (
        <footer className="notice" role="status">
          {t('app.badFrames', { count: desk.badFrames.count, message: desk.badFrames.last })}
        </footer>
      )}
      <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
