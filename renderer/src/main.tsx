import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { config } from 'zod';
import { App } from './App';
import { initialLang, type Lang } from './i18n/lang';
import { AlarmStore, startAlarmSession } from './state/alarmsStore';
import { ScreenClock, startClockSession } from './state/clock';
import { DutyStore, startDutySession } from './state/duty';
import { FleetStore } from './state/fleetStore';
import { type DeskState, initialDesk, recordBadFrame, startSession } from './state/session';
import { Store } from './state/store';
import { createDeskClient, openChannel } from './transport';
import './styles/base.css';
import './styles/header.css';
import './styles/filters.css';
import './styles/wall.css';
import './styles/control.css';
import './styles/config.css';
import './styles/alarms.css';
import './styles/map.css';
import './styles/wallboard.css';
import './styles/workorders.css';
import './styles/drills.css';
import './styles/warnings.css';
import './styles/training.css';

// The CSP forbids eval; without this zod probes for it and every probe is reported as a violation.
config({ jitless: true });

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Some locked-down browsers throw on merely touching localStorage.
    return null;
  }
}

const desk = new Store<DeskState>(initialDesk);
const lang = new Store<Lang>(initialLang(window.location.search, storage()));
const fleet = new FleetStore((callback) => requestAnimationFrame(callback));
const client = createDeskClient(openChannel(window), {
  onProtocolError: (error) => {
    console.warn(error.message);
    recordBadFrame(desk, error);
  },
});
startSession(client, fleet, desk);
const clock = new ScreenClock();
startClockSession(client, clock);
const alarms = new AlarmStore((callback) => requestAnimationFrame(callback));
startAlarmSession(client, alarms);
const duty = new DutyStore();
startDutySession(client, duty);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App fleet={fleet} desk={desk} lang={lang} client={client} alarms={alarms} duty={duty} clock={clock} />
  </StrictMode>,
);
