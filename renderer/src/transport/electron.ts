import type { DeskChannel, LinkState } from './types';

/** What electron/preload.ts exposes on `window.dutydesk` through contextBridge. */
export type DutyDeskBridge = {
  send(frame: unknown): void;
  onFrame(listener: (frame: unknown) => void): () => void;
  /** The MessagePort's state: open once main hands it over, lost when the engine's end closes. */
  onLink(listener: (state: LinkState) => void): () => void;
};

declare global {
  interface Window {
    dutydesk?: DutyDeskBridge;
  }
}

export function createElectronChannel(bridge: DutyDeskBridge): DeskChannel {
  return {
    send: (frame) => bridge.send(frame),
    onFrame: (listener) => bridge.onFrame(listener),
    onStatus: (listener) => bridge.onLink(listener),
  };
}
