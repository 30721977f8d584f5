/**
 * The one thing a transport must provide: send a frame, receive frames, tell
 * when it closed, close it. WebSocket, Electron's MessagePortMain and Node's
 * MessagePort all fit, so the engine serves each the same way.
 */
export type FrameChannel = {
  send(frame: unknown): void;
  onFrame(listener: (raw: unknown) => void): void;
  onClose(listener: () => void): void;
  /** Ends the connection from the engine's side, e.g. when its token is revoked. */
  close(reason: string): void;
};
