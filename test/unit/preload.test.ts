import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_FRAME_BYTES } from '../../shared/api/frames';

/** What preload.ts puts on window.dutydesk. */
type Bridge = {
  send(frame: unknown): void;
  onFrame(listener: (frame: unknown) => void): () => void;
  onLink(listener: (state: unknown) => void): () => void;
};

// Electron cannot run here: ipcRenderer is an emitter and contextBridge records what is exposed.
// Node's MessagePort stands in for the DOM one (onmessage with event.data, postMessage, close).
const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  ipc: { current: null as unknown },
}));
vi.mock('electron', () => {
  const ipcRenderer = new EventEmitter();
  electron.ipc.current = ipcRenderer;
  return {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
    ipcRenderer,
  };
});

const open: MessageChannel[] = [];

async function loadPreload(): Promise<{ bridge: Bridge; handPort(...ports: MessagePort[]): void }> {
  vi.resetModules();
  electron.exposed.clear();
  // The mocked module outlives resetModules, so earlier preload instances must stop listening.
  (electron.ipc.current as EventEmitter | null)?.removeAllListeners();
  await import('../../electron/preload');
  const ipc = electron.ipc.current as EventEmitter;
  return {
    bridge: electron.exposed.get('dutydesk') as Bridge,
    handPort: (...ports) => ipc.emit('dutydesk:port', { ports }),
  };
}

function channel(): MessageChannel {
  const created = new MessageChannel();
  open.push(created);
  return created;
}

function messages(port: MessagePort, count: number): Promise<unknown[]> {
  const received: unknown[] = [];
  return new Promise((resolve) =>
    port.on('message', (data) => {
      received.push(data);
      if (received.length === count) resolve(received);
    }),
  );
}

const request = (id: number) => ({ type: 'request', id, method: 'desk.info', params: {} });

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
  for (const { port1, port2 } of open.splice(0)) {
    port1.close();
    port2.close();
  }
});

describe('preload bridge', () => {
  it('exposes exactly send, onFrame and onLink as window.dutydesk', async () => {
    const { bridge } = await loadPreload();
    expect(Object.keys(bridge).sort()).toEqual(['onFrame', 'onLink', 'send']);
  });

  it('reports the engine link: connecting, open once the port arrives, lost when the engine end closes', async () => {
    const { bridge, handPort } = await loadPreload();
    const { port1, port2 } = channel();
    const states: unknown[] = [];
    bridge.onLink((state) => states.push(state));
    handPort(port1);
    const lost = new Promise<void>((resolve) => port1.once('close', () => resolve()));
    port2.close();
    await lost;
    expect(states).toEqual(['connecting', 'open', 'lost']);
    // Nothing is queued for an engine that is gone: the request is dropped and said so.
    bridge.send(request(1));
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('does not report lost when a reload replaces the port, and unsubscribes', async () => {
    const { bridge, handPort } = await loadPreload();
    const a = channel();
    const b = channel();
    const states: unknown[] = [];
    const unsubscribe = bridge.onLink((state) => states.push(state));
    handPort(a.port1);
    const replaced = new Promise<void>((resolve) => a.port1.once('close', () => resolve()));
    handPort(b.port1);
    await replaced;
    expect(states).toEqual(['connecting', 'open']);
    unsubscribe();
    const gone = new Promise<void>((resolve) => b.port1.once('close', () => resolve()));
    b.port2.close();
    await gone;
    expect(states).toEqual(['connecting', 'open']);
  });

  it('refuses a link listener that is not a function', async () => {
    const { bridge } = await loadPreload();
    expect(() => bridge.onLink('lost' as unknown as () => void)).toThrow(
      new TypeError('dutydesk.onLink expects a function'),
    );
  });

  it('queues requests until the port arrives, then sends them in order', async () => {
    const { bridge, handPort } = await loadPreload();
    const { port1, port2 } = channel();
    const arrived = messages(port2, 3);
    bridge.send(request(1));
    bridge.send(request(2));
    handPort(port1);
    bridge.send(request(3));
    await expect(arrived).resolves.toEqual([request(1), request(2), request(3)]);
  });

  it('drops malformed and oversized requests with a warning', async () => {
    const { bridge, handPort } = await loadPreload();
    const { port1, port2 } = channel();
    handPort(port1);
    const arrived = messages(port2, 1);
    bridge.send({ type: 'request', id: -1, method: 'desk.info', params: {} });
    bridge.send({ ...request(2), extra: true });
    bridge.send({ ...request(3), params: { blob: 'x'.repeat(MAX_FRAME_BYTES) } });
    const cyclic: Record<string, unknown> = request(4);
    cyclic.self = cyclic;
    bridge.send(cyclic);
    bridge.send(request(5));
    await expect(arrived).resolves.toEqual([request(5)]);
    expect(warn).toHaveBeenCalledTimes(4);
  });

  it('answers a request the contract refuses at once, and never sends it to the engine', async () => {
    const { bridge, handPort } = await loadPreload();
    const { port1, port2 } = channel();
    handPort(port1);
    const arrived = messages(port2, 1);
    const replies: unknown[] = [];
    bridge.onFrame((frame) => replies.push(frame));
    bridge.send({ type: 'request', id: 6, method: 'no.such.method', params: {} });
    bridge.send({
      type: 'request',
      id: 7,
      method: 'auth.login',
      params: { user: 'has space', password: '' },
    });
    bridge.send(request(8));
    await expect(arrived).resolves.toEqual([request(8)]);
    expect(replies).toEqual([
      expect.objectContaining({
        id: 6,
        ok: false,
        error: expect.objectContaining({ code: 'unknown-method' }),
      }),
      expect.objectContaining({ id: 7, ok: false, error: expect.objectContaining({ code: 'bad-params' }) }),
    ]);
  });

  it('passes valid engine frames to listeners, drops invalid ones, and unsubscribes', async () => {
    const { bridge, handPort } = await loadPreload();
    const { port1, port2 } = channel();
    handPort(port1);
    const received: unknown[] = [];
    let resolveThird: () => void = () => undefined;
    const third = new Promise<void>((resolve) => {
      resolveThird = resolve;
    });
    const unsubscribe = bridge.onFrame((frame) => {
      received.push(frame);
      if (received.length === 2) unsubscribe();
    });
    bridge.onFrame((frame) => {
      if ((frame as { id?: number }).id === 3) resolveThird();
    });

    const delta = { type: 'event', event: 'fleet.delta', data: { status: [], samples: [] } };
    port2.postMessage({ type: 'event', event: 'no.such.event', data: {} });
    port2.postMessage({ type: 'reply', id: 1, ok: true, result: { any: 'thing' } });
    port2.postMessage(delta);
    port2.postMessage({ type: 'reply', id: 3, ok: true, result: null });
    await third;

    expect(received).toEqual([{ type: 'reply', id: 1, ok: true, result: { any: 'thing' } }, delta]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('ignores a port message that does not carry exactly one port', async () => {
    const { bridge, handPort } = await loadPreload();
    const a = channel();
    const b = channel();
    handPort();
    handPort(a.port1, b.port1);
    expect(warn).toHaveBeenCalledTimes(2);

    const arrived = messages(a.port2, 1);
    bridge.send(request(1));
    handPort(a.port1);
    await expect(arrived).resolves.toEqual([request(1)]);
  });
});
