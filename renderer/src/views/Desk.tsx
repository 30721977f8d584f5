import { useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/context';
import type { AlarmStore } from '../state/alarmsStore';
import type { DutyState } from '../state/duty';
import { type FleetState, fleetSummary } from '../state/fleet';
import { type DeskState, mayDo } from '../state/session';
import { useEngineStatus } from '../state/useEngineStatus';
import type { DeskClient } from '../transport';
import { inDialog, isTextEntry } from '../ui/dialog/modal';
import { AlarmIndicator } from './alarms/AlarmIndicator';
import { AlarmQueueView } from './alarms/AlarmQueueView';
import { AuthControls } from './auth/AuthControls';
import { AuthOverlay } from './auth/AuthOverlay';
import { useAuth, withAuth } from './auth/useAuth';
import { ConfigEditor } from './config/ConfigEditor';
import { DemoBand, isDemoDesk } from './demo/DemoBand';
import { HeaderBar, type ViewName } from './HeaderBar';
import { HelpOverlay } from './HelpOverlay';
import { HandoverView } from './handover/HandoverView';
import { MapView } from './map/MapView';
import { OutboxIndicator } from './outbox/OutboxIndicator';
import { ReportsView } from './reports/ReportsView';
import { IntegrityBanner } from './store/IntegrityBanner';
import { StoreIndicator } from './store/StoreIndicator';
import { SyncIndicator } from './sync/SyncIndicator';
import { DrillBand } from './training/DrillBand';
import { DrillsView } from './training/DrillsView';
import { TrendsView, type TrendTarget } from './trends/TrendsView';
import { outOfServiceOf } from './wall/outOfService';
import { WallView } from './wall/WallView';
import { WarningsView } from './warnings/WarningsView';
import { ApplicationsView } from './workorders/ApplicationsView';
import { WorkOrdersView } from './workorders/WorkOrdersView';

type Props = {
  fleet: FleetState;
  desk: DeskState;
  client: DeskClient;
  alarms: AlarmStore;
  duty: DutyState;
  /** Adds the next page of older closed work orders to `duty`; resolves with how many came. */
  onOlderOrders: () => Promise<number>;
};

/** F-keys work from anywhere, even a text field; letters only where they cannot be typing. */
const VIEW_KEYS: Readonly<Record<string, ViewName>> = {
  F1: 'wall',
  F2: 'config',
  F3: 'alarms',
  F4: 'handover',
  F5: 'map',
  F6: 'trends',
  F7: 'workorders',
  F8: 'applications',
  F9: 'reports',
  F10: 'warnings',
};
const VIEW_LETTERS: Readonly<Record<string, ViewName>> = {
  w: 'wall',
  s: 'config',
  q: 'alarms',
  m: 'map',
  t: 'trends',
  h: 'handover',
  k: 'reports',
  y: 'drills',
};

/** The desk around the views: header, link banners, shortcuts that work everywhere, help. */
export function Desk({ fleet, desk: deskFromEngine, client, alarms, duty, onOlderOrders }: Props) {
  const auth = useAuth(client, deskFromEngine.link);
  // What this connection may do follows its sign-in (signed out or locked: watch only).
  const desk = useMemo(() => withAuth(deskFromEngine, auth.state), [deskFromEngine, auth.state]);
  const [signInRequested, setSignInRequested] = useState(false);
  const { t, toggle: toggleLang } = useI18n();
  const [view, setView] = useState<ViewName>('wall');
  // Every view but the wall, the alarm queue and the warnings (always mounted) is built the first time it is
  // shown and then kept: the editor's draft, the map's zoom, the handover's search and note being typed,
  // the trends' station and range, the reports' section and month, the drills' selection all survive a look
  // at the wall.
  const [opened, setOpened] = useState<ReadonlySet<ViewName>>(() => new Set());
  const [configDirty, setConfigDirty] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [trendTarget, setTrendTarget] = useState<TrendTarget | null>(null);
  // Approved outages and decommissions: grey on the wall, and no fault in the header's counts either.
  const outOfService = useMemo(() => outOfServiceOf(duty.applications.values()), [duty.applications]);
  const summary = useMemo(
    () => (fleet.loaded ? fleetSummary(fleet, outOfService) : null),
    [fleet, outOfService],
  );
  const storeStatus = useEngineStatus(client, 'store.status', 'store.changed');
  // What the duty views (queue, work orders, applications) are all given besides whether they are shown.
  const dutyProps = { duty, fleet, desk, client };

  const show = useCallback((next: ViewName) => {
    setOpened((was) => (was.has(next) ? was : new Set(was).add(next)));
    setView(next);
  }, []);

  const showTrend = useCallback(
    (deviceId: string) => {
      const device = fleet.devices.find((d) => d.id === deviceId);
      if (device) setTrendTarget({ stationId: device.stationId, deviceId });
      show('trends');
    },
    [fleet.devices, show],
  );

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
      <DrillBand info={desk.info} />
      <HeaderBar
        summary={summary}
        link={desk.link}
        info={desk.info}
        session={desk.session}
        view={view}
        configDirty={configDirty}
        onView={show}
        onHelp={() => setHelpOpen(true)}
        storeIndicator={
          <StoreIndicator status={storeStatus} onVerify={() => void client.request('store.verify', {})} />
        }
        authControls={<AuthControls auth={auth} onSignIn={() => setSignInRequested(true)} />}
        syncIndicator={<SyncIndicator client={client} mayPublish={mayDo(desk, 'config.edit')} />}
        outboxIndicator={<OutboxIndicator client={client} />}
        alarmIndicator={
          <AlarmIndicator store={alarms} silenceKey={view === 'alarms'} onOpen={() => show('alarms')} />
        }
      />
      {isDemoDesk(desk.info) && <DemoBand />}
      <IntegrityBanner status={storeStatus} />
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
      <WallView
        fleet={fleet}
        desk={desk}
        client={client}
        outOfService={outOfService}
        active={view === 'wall'}
        onTrend={showTrend}
      />
      <AlarmQueueView store={alarms} {...dutyProps} active={view === 'alarms'} />
      {opened.has('workorders') && (
        <WorkOrdersView {...dutyProps} active={view === 'workorders'} onOlder={onOlderOrders} />
      )}
      {opened.has('applications') && <ApplicationsView {...dutyProps} active={view === 'applications'} />}
      {/* Kept mounted, like the alarm queue: new warnings are pushed whatever the view. */}
      <WarningsView client={client} desk={desk} fleet={fleet} active={view === 'warnings'} />
      {opened.has('trends') && (
        <TrendsView
          fleet={fleet}
          client={client}
          active={view === 'trends'}
          target={trendTarget}
          onTarget={setTrendTarget}
        />
      )}
      {opened.has('reports') && <ReportsView client={client} fleet={fleet} active={view === 'reports'} />}
      {opened.has('drills') && <DrillsView client={client} desk={desk} active={view === 'drills'} />}
      {opened.has('handover') && (
        <HandoverView client={client} desk={desk} fleet={fleet} active={view === 'handover'} />
      )}
      {opened.has('map') && (
        <MapView fleet={fleet} client={client} alarms={alarms} duty={duty} active={view === 'map'} />
      )}
      {opened.has('config') && (
        <ConfigEditor client={client} desk={desk} active={view === 'config'} onDirty={setConfigDirty} />
      )}
      {desk.badFrames && (
        <footer className="notice" role="status">
          {t('app.badFrames', { count: desk.badFrames.count, message: desk.badFrames.last })}
        </footer>
      )}
      <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
      <AuthOverlay
        auth={auth}
        signInRequested={signInRequested}
        onSignInDone={() => setSignInRequested(false)}
      />
    </div>
  );
}
