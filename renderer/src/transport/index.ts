import { createElectronChannel } from './electron';
import type { DeskChannel } from './types';
import { bridgeUrl, createWebSocketChannel } from './websocket';

export type { DeskClient } from './client';
export { createDeskClient, DeskRequestError } from './client';
export type { DutyDeskBridge } from './electron';
export type { DeskChannel, LinkState } from './types';

/** Electron's preload exposes `window.dutydesk`; any other browser reaches the web bridge. */
export function openChannel(win: Window): DeskChannel {
  return win.dutydesk ? createElectronChannel(win.dutydesk) : createWebSocketChannel(bridgeUrl(win.location));
}
