import type { DeskChannel } from './types';

/** What electron/preload.ts exposes on `window.dutydesk` through contextBridge. */
export type DutyDeskBridge = {
  send(frame: unknown): void;
  onFrame(listener: (frame: unknown) => void): () => void;
};

declare global {
  interface Window {
    dutydesk?: DutyDeskBridge;
  }
}

/** The MessagePort to the engine lives as long as the window, so there is no link state to report. */
export function createElectronChannel(bridge: DutyDeskBridge): DeskChannel {
  return {
    send: (frame) => bridge.send(frame),
    onFrame: (listener) => bridge.onFrame(listener),
  };
}
