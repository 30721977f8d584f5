import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  app,
  BrowserWindow,
  dialog,
  MessageChannelMain,
  protocol,
  safeStorage,
  screen,
  session,
  type UtilityProcess,
  utilityProcess,
  type WebContents,
} from 'electron';
import { TILE_SCHEME } from '../shared/api/map';
import { isDeskPage } from './bridge/desk-page';
import type { FromEngineHost, ToEngineHost } from './engine-host';
import { createLogger } from './log/logger';
import { moveSyncTokenToStore, setSecretCommand } from './secrets/cli';
import { cipherFromSafeStorage } from './secrets/safe-storage';
import { openSecretStore, type SecretStore } from './secrets/store';
import { tileProtocolResponse, tileRequests } from './tiles/protocol';

/**
 * The policy of renderer/index.html (keep the two in step), also sent as a header so it covers every
 * response the session loads, plus frame-ancestors, which a meta tag cannot carry.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // No ws:/wss:: the window reaches the engine over its MessagePort, so no page of ours opens a socket anywhere.
  "connect-src 'self' dutydesk-tiles:",
  "img-src 'self' data: dutydesk-tiles:",
  "font-src 'self'",
  // The station map's worker: maplibre starts it through a blob: URL on a file:// page like this window's.
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The channel electron/preload.ts waits on for its port to the engine. */
const RENDERER_PORT_CHANNEL = 'dutydesk:port';

const STOP_GRACE_MS = 5000;
/** Longer than the engine's own wait for a tile server, so its answer (a fallback reason) arrives first. */
const TILE_WAIT_MS = 10_000;

const log = createLogger('main');
/** out/main, in the repository and inside the packaged app alike. */
const here = import.meta.dirname;

/** Renderers whose page has loaded but which still wait for the engine to come up. */
const waitingForEngine = new Set<WebContents>();
let engine: UtilityProcess | null = null;
let engineReady = false;
let quitting = false;

/** The window's map tiles come from the engine, which holds the tile source of the configuration. */
const engineTiles = tileRequests((message) => {
  if (!engine) throw new Error('the engine is not running');
  const request: ToEngineHost = message;
  engine.postMessage(request);
}, TILE_WAIT_MS);

function configPath(): string | null {
  // Chromium's own switches may share argv with ours, so unknown flags and positionals are tolerated.
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { config: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const fromArgs = typeof values.config === 'string' ? values.config : '';
  const chosen = fromArgs || process.env.DUTYDESK_CONFIG || '';
  // The engine host may not share our working directory, so it gets an absolute path.
  return chosen ? resolve(chosen) : null;
}

function resourcesDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'resources') : resolve(here, '../../resources');
}

/** The page the desk window shows; nothing else is given a port to the engine. */
function deskPage() {
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  return {
    fileUrl: pathToFileURL(join(here, '../renderer/index.html')).href,
    devOrigin: devUrl ? new URL(devUrl).origin : null,
  };
}

/**
 * Secrets stay sealed by the OS keychain (safeStorage) on disk; only main
 * can unseal them, so the engine gets the sync token in its environment.
 */
function openSecrets(): SecretStore {
  return openSecretStore(app.getPath('userData'), cipherFromSafeStorage(safeStorage), log);
}

function engineEnvironment(): NodeJS.ProcessEnv {
  const secrets = openSecrets();
  log.info(
    `secrets are kept ${secrets.protection === 'os-encrypted' ? 'sealed by the OS keychain' : 'in 0600 files, unencrypted'}`,
  );
  // Before the engine reads the file: a plain-text sync token in it is sealed and taken out.
  const config = configPath();
  if (config) moveSyncTokenToStore(config, () => secrets, log);
  const syncToken = process.env.DUTYDESK_SYNC_TOKEN ?? secrets.get('sync-token');
  return syncToken ? { ...process.env, DUTYDESK_SYNC_TOKEN: syncToken } : { ...process.env };
}

function forkEngine(): UtilityProcess {
  const args = ['--resources', resourcesDir(), '--data', app.getPath('userData')];
  const config = configPath();
  if (config) args.push('--config', config);
  const host = utilityProcess.fork(join(here, 'engine-host.js'), args, {
    serviceName: 'DutyDesk engine',
    stdio: 'inherit',
    env: engineEnvironment(),
  });
  let fatal: string | null = null;
  host.on('message', (message: FromEngineHost) => {
    if (message.type === 'fatal') {
      fatal = message.message;
      return;
    }
    if (message.type === 'tile') {
      engineTiles.reply(message);
      return;
    }
    engineReady = true;
    log.info(`engine ready: ${message.info.fleet} fleet${config ? ` from ${config}` : ''}`);
    for (const contents of waitingForEngine) connectRenderer(contents);
    waitingForEngine.clear();
  });
  host.on('exit', (code) => {
    engine = null;
    engineTiles.failAll('the engine stopped');
    if (quitting) return;
    onEngineLost(fatal ?? `The engine stopped unexpectedly (exit code ${code}).`);
  });
  return host;
}

function onEngineLost(reason: string): void {
  log.error(`engine host gone: ${reason}`);
  if (!engineReady) {
    for (const win of BrowserWindow.getAllWindows()) win.hide();
    dialog.showErrorBox('DutyDesk cannot start', reason);
    app.exit(1);
    return;
  }
  // The windows stay up: each one's port closed with the engine, so each shows "Engine link lost"
  // (the wallboard on its TV too) while the operator reads the dialog.
  const choice = dialog.showMessageBoxSync({
    type: 'error',
    title: 'DutyDesk',
    message: 'The DutyDesk engine stopped.',
    detail: `${reason}\n\nStations are not being watched until DutyDesk runs again.`,
    buttons: ['Restart DutyDesk', 'Quit'],
    defaultId: 0,
    cancelId: 1,
  });
  // A fresh process is the only way back: the renderer's port to the old engine cannot be revived.
  if (choice === 0) app.relaunch();
  app.exit(1);
}

function connectRenderer(contents: WebContents): void {
  if (!engine || contents.isDestroyed()) return;
  // The page talks to the engine only through this port (main registers no IPC handler at all), so the
  // sender-frame check happens here, once per page load: only our own page in our window's main frame gets one.
  const frame = contents.mainFrame;
  if (!isDeskPage({ url: frame.url, isMainFrame: frame.parent === null }, deskPage())) {
    log.warn(`refused an engine port to ${frame.url}: not the desk's own page`);
    return;
  }
  const { port1, port2 } = new MessageChannelMain();
  const message: ToEngineHost = { type: 'connect-renderer' };
  engine.postMessage(message, [port1]);
  contents.postMessage(RENDERER_PORT_CHANNEL, null, [port2]);
}

/** Every load, reloads included, starts a fresh page that needs its own port. */
function onRendererLoaded(contents: WebContents): void {
  if (engineReady) connectRenderer(contents);
  else waitingForEngine.add(contents);
}

/** Every window of ours gets the same lockdown, the wallboard's as much as the desk's. */
function secureWebPreferences(): Electron.WebPreferences {
  return {
    preload: join(here, '../preload/preload.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
  };
}

/** Connects, reconnects and revives the page of one window; `query` picks the view (the wallboard). */
function loadDeskPage(win: BrowserWindow, name: string, query: Record<string, string> = {}): void {
  const contents = win.webContents;
  contents.on('did-finish-load', () => onRendererLoaded(contents));
  contents.on('did-fail-load', (_event, code, description, url) =>
    log.error(`${name} page failed to load ${url}: ${description} (${code})`),
  );
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    log.error(`${name} page crashed (${details.reason}, exit code ${details.exitCode}); reloading`);
    contents.reload();
  });
  contents.once('destroyed', () => waitingForEngine.delete(contents));

  const devUrl = process.env.ELECTRON_RENDERER_URL;
  const search = new URLSearchParams(query).toString();
  const loading =
    !app.isPackaged && devUrl
      ? win.loadURL(search ? `${devUrl}?${search}` : devUrl)
      : win.loadFile(join(here, '../renderer/index.html'), { query });
  loading.catch((error: unknown) => log.error(`${name} page did not load: ${String(error)}`));
}

function createDeskWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 1000,
    show: false,
    title: 'DutyDesk',
    backgroundColor: '#16191d',
    webPreferences: secureWebPreferences(),
  });
  win.once('ready-to-show', () => win.show());
  loadDeskPage(win, 'desk');
  return win;
}

/**
 * `--wallboard`: the read-only wallboard in a second window, in kiosk mode
 * on the second display when there is one. With a single display it opens
 * as an ordinary window, so it can never lock the operator out of the desk.
 */
function createWallboardWindow(): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const second = screen.getAllDisplays().find((display) => display.id !== primary.id);
  const win = new BrowserWindow({
    ...(second ? second.bounds : { width: 1280, height: 720 }),
    show: false,
    title: 'DutyDesk wallboard',
    backgroundColor: '#16191d',
    fullscreen: second !== undefined,
    kiosk: second !== undefined,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(),
  });
  win.once('ready-to-show', () => win.show());
  loadDeskPage(win, 'wallboard', { view: 'wallboard' });
  return win;
}

function wantsWallboard(): boolean {
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { wallboard: { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
  });
  return values.wallboard === true;
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn(`denied a page's request for permission "${permission}"`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/** Applies to every web contents, including any a future feature or a compromised page creates. */
function guardWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`blocked a new window for ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    log.warn(`blocked navigation to ${event.url}`);
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function stopEngineThenQuit(host: UtilityProcess): void {
  quitting = true;
  const stop: ToEngineHost = { type: 'stop' };
  host.postMessage(stop);
  // The engine gets a bounded chance to flush its store; a stuck one must not keep the desk from closing.
  const timer = setTimeout(() => host.kill(), STOP_GRACE_MS);
  host.once('exit', () => {
    clearTimeout(timer);
    app.quit();
  });
}

function start(): void {
  hardenSession();
  protocol.handle(TILE_SCHEME, (request) => tileProtocolResponse(request.url, engineTiles.ask));
  engine = forkEngine();
  createDeskWindow();
  if (wantsWallboard()) createWallboardWindow();
}

// Every renderer is sandboxed, whatever its webPreferences say. (There is no remote module to disable:
// Electron removed it.)
app.enableSandbox();

// Before the app is ready, as Electron requires: a standard, secure scheme the map may fetch() from.
protocol.registerSchemesAsPrivileged([
  {
    scheme: TILE_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
  },
]);

/** `--set-secret NAME`: seal a secret read from stdin, then quit without opening a window. */
function secretToSet(): string | null {
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { 'set-secret': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const name = values['set-secret'];
  return typeof name === 'string' ? name : null;
}

const secretName = secretToSet();

if (secretName !== null) {
  // safeStorage works only once the app is ready; the running desk's single-instance lock does not matter here.
  app
    .whenReady()
    .then(() => setSecretCommand(openSecrets(), secretName, process.stdin))
    .then(
      (said) => {
        process.stderr.write(`DutyDesk: ${said}\n`);
        app.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(
          `DutyDesk: --set-secret: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        app.exit(2);
      },
    );
} else if (app.requestSingleInstanceLock()) {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && engine) createDeskWindow();
  });
  app.on('will-quit', (event) => {
    if (!engine) return;
    event.preventDefault();
    if (!quitting) stopEngineThenQuit(engine);
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('DutyDesk cannot start', String(error));
      app.exit(1);
    });
} else {
  log.info('DutyDesk is already running on this workstation; focusing that window instead');
  app.quit();
}
