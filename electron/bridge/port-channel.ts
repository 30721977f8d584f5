import type { MessagePort as NodeMessagePort } from 'node:worker_threads';
import type { FrameChannel } from './channel';

/**
 * The part of Electron's MessagePortMain the engine uses. Declared here rather
 * than imported because the engine runs under plain Node and never loads electron.
 */
export type MessagePortMainLike = {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(data: unknown): void;
  start(): void;
  close(): void;
};

/** Electron's MessagePortMain hands listeners an event object and queues messages until start(). */
export function channelFromPortMain(port: MessagePortMainLike): FrameChannel {
  return {
    send: (frame) => port.postMessage(frame),
    onFrame(listener) {
      port.on('message', (event) => listener(event.data));
      // Started only once someone listens, so nothing arriving earlier is dropped.
      port.start();
    },
    onClose: (listener) => void port.on('close', listener),
    close: () => port.close(),
  };
}

/**
 * Node's worker_threads MessagePort hands listeners the data itself and starts
 * on the first 'message' listener; the contract tests use it in place of Electron IPC.
 */
export function channelFromNodePort(port: NodeMessagePort): FrameChannel {
  return {
    send: (frame) => port.postMessage(frame),
    onFrame: (listener) => void port.on('message', listener),
    // Node passes a close event that FrameChannel listeners have no use for.
    onClose: (listener) => void port.on('close', () => listener()),
    close: () => port.close(),
  };
}
