import type { RequestFrame } from '../../../shared/api';

/**
 * What the UI can say about its link to the engine. "lost" means it was open
 * (or never opened) and the transport is retrying on its own.
 */
export type LinkState = 'connecting' | 'open' | 'lost';

/**
 * The one thing a transport must give the DeskClient. WebSocket and the
 * Electron preload both fit, so the UI never knows which one it has.
 */
export type DeskChannel = {
  send(frame: RequestFrame): void;
  /** Frames arrive unparsed: the client validates every one of them. */
  onFrame(listener: (raw: unknown) => void): () => void;
  /**
   * Calls the listener at once with the current state and then on every
   * change. A channel without it is taken to be always open.
   */
  onStatus?(listener: (state: LinkState) => void): () => void;
};
