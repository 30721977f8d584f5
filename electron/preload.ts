import { contextBridge, ipcRenderer } from 'electron';
import { config } from 'zod';
import {
  errorReply,
  FrameError,
  MAX_FRAME_BYTES,
  parseRequest,
  parseServerFrame,
  RequestFrame,
  type ServerFrame,
} from '../shared/api/frames';

// The page's CSP forbids eval; without this zod probes for it, and each probe is reported as a violation.
config({ jitless: true });

/** Same name as in electron/main.ts, which sends the port on it after every page load. */
const PORT_CHANNEL = 'dutydesk:port';
/** Requests made before the engine is connected wait; a page queueing more than this is misbehaving. */
const MAX_QUEUED = 256;

/** The same states the browser shell's socket reports (renderer/src/transport/types.ts). */
type LinkState = 'connecting' | 'open' | 'lost';

const listeners = new Set<(frame: unknown) => void>();
const linkListeners = new Set<(state: LinkState) => void>();
const queued: RequestFrame[] = [];
const encoder = new TextEncoder();
let port: MessagePort | null = null;
let link: LinkState = 'connecting';

function setLink(next: LinkState): void {
  if (next === link) return;
  link = next;
  for (const listener of linkListeners) {
    try {
      listener(next);
    } catch (error) {
      console.error('DutyDesk: a link listener failed', error);
    }
  }
}

function checkRequest(frame: unknown): RequestFrame | null {
  let json: string | undefined;
  try {
    json = JSON.stringify(frame);
  } catch (error) {
    console.warn(`DutyDesk: dropped a request that cannot be serialised: ${String(error)}`);
    return null;
  }
  // Checked before the schema so an oversized frame costs no parsing.
  if (json !== undefined && encoder.encode(json).byteLength > MAX_FRAME_BYTES) {
    console.warn(`DutyDesk: dropped a request larger than ${MAX_FRAME_BYTES} bytes`);
    return null;
  }
  const parsed = RequestFrame.safeParse(frame);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.warn(
      `DutyDesk: dropped a malformed request: ${issue?.path.join('.') || '(frame)'}: ${issue?.message}`,
    );
    return null;
  }
  // Method and params against the contract too: a request the engine would refuse never leaves the page,
  // and the page gets the same error reply the engine would have sent, at once.
  try {
    parseRequest(parsed.data);
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    deliver(errorReply(error));
    return null;
  }
  return parsed.data;
}

function deliver(raw: unknown): void {
  let frame: ServerFrame;
  try {
    frame = parseServerFrame(raw);
  } catch (error) {
    console.warn(
      `DutyDesk: dropped a frame from the engine: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  for (const listener of listeners) {
    // One failing page listener must not starve the others of the frame.
    try {
      listener(frame);
    } catch (error) {
      console.error('DutyDesk: a frame listener failed', error);
    }
  }
}

ipcRenderer.on(PORT_CHANNEL, (event) => {
  const [next] = event.ports;
  if (event.ports.length !== 1 || !next) {
    console.warn(
      `DutyDesk: ignored a ${PORT_CHANNEL} message carrying ${event.ports.length} ports instead of 1`,
    );
    return;
  }
  const previous = port;
  port = next;
  previous?.close();
  // Assigning onmessage also starts the port.
  next.onmessage = (message) => deliver(message.data);
  // The engine's end closes when its process dies; main hands no new port until the page loads again.
  next.addEventListener('close', () => {
    if (port !== next) return;
    port = null;
    setLink('lost');
  });
  for (const frame of queued.splice(0)) next.postMessage(frame);
  setLink('open');
});

contextBridge.exposeInMainWorld('dutydesk', {
  send(frame: unknown): void {
    const request = checkRequest(frame);
    if (!request) return;
    if (port) port.postMessage(request);
    else if (link === 'lost') console.warn('DutyDesk: dropped a request: the engine link is lost');
    else if (queued.length < MAX_QUEUED) queued.push(request);
    else console.warn('DutyDesk: dropped a request: the engine is not connected yet and the queue is full');
  },
  onFrame(listener: (frame: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('dutydesk.onFrame expects a function');
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  /** Calls the listener at once with the link state and then on every change, as the socket channel does. */
  onLink(listener: (state: LinkState) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('dutydesk.onLink expects a function');
    linkListeners.add(listener);
    listener(link);
    return () => {
      linkListeners.delete(listener);
    };
  },
});
