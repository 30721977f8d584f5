import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fleetSummary, liveOf } from '../../renderer/src/state/fleet';
import { FleetStore } from '../../renderer/src/state/fleetStore';
import { initialDesk, mayDo, recordBadFrame, startSession } from '../../renderer/src/state/session';
import { Store } from '../../renderer/src/state/store';
import {
  createDeskClient,
  type DeskChannel,
  DeskRequestError,
  type LinkState,
} from '../../renderer/src/transport';
import { bridgeUrl, createWebSocketChannel, type SocketLike } from '../../renderer/src/transport/websocket';
import type { RequestFrame } from '../../shared/api';
import { sample, snapshot, T0 } from './renderer-fixtures';

const admin = { user: 'local', role: 'admin', permissions: ['read', 'device.control', 'config.edit'] };

/** What the fake engine answers to each read the session makes. */
function resultFor(method: string): unknown {
  if (method === 'desk.info') return info;
  if (method === 'session.info') return admin;
  return snapshot();
}

const info = {
  product: 'DutyDesk',
  version: '0.1.0',
  shell: 'headless',
  fleet: 'demo',
  configPath: null,
  pollIntervalMs: 1000,
  startedAt: T0,
};

/** An in-memory channel: the test plays the engine. */
function fakeChannel(withStatus = false) {
  const sent: RequestFrame[] = [];
  const frameListeners = new Set<(raw: unknown) => void>();
  const statusListeners = new Set<(state: LinkState) => void>();
  let state: LinkState = 'connecting';
  const channel: DeskChannel = {
    send: (frame) => sent.push(frame),
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
  };
  if (withStatus) {
    channel.onStatus = (listener) => {
      statusListeners.add(listener);
      listener(state);
      return () => statusListeners.delete(listener);
    };
  }
  return {
    channel,
    sent,
    push(raw: unknown) {
      for (const listener of frameListeners) listener(raw);
    },
    reply(id: number, result: unknown) {
      this.push({ type: 'reply', id, ok: true, result });
    },
    setStatus(next: LinkState) {
      state = next;
      for (const listener of statusListeners) listener(next);
    },
  };
}

/** A request the fake engine answers with an error reply of `code`. */
function answeredWithError(method: 'desk.info' | 'config.get', code: string, message: string) {
  const engine = fakeChannel();
  const pending = createDeskClient(engine.channel).request(method, {});
  engine.push({ type: 'reply', id: engine.sent[0]?.id, ok: false, error: { code, message } });
  return pending;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('DeskClient', () => {
  it('matches replies to requests by id, whatever order they come in', async () => {
    const engine = fakeChannel();
    const client = createDeskClient(engine.channel);
    const first = client.request('desk.info', {});
    const second = client.request('fleet.snapshot', {});
    const [a, b] = engine.sent;
    expect(a).toEqual({ type: 'request', id: a?.id, method: 'desk.info', params: {} });
    expect(b?.method).toBe('fleet.snapshot');
    engine.reply(b?.id ?? -1, snapshot());
    engine.reply(a?.id ?? -1, info);
    await expect(first).resolves.toEqual(info);
    expect((await second).devices).toHaveLength(4);
  });

  it('rejects an error reply with the engine’s code and message', async () => {
    const pending = answeredWithError('desk.info', 'internal', 'store is closed');
    await expect(pending).rejects.toThrow('desk.info: internal: store is closed');
    await expect(pending).rejects.toMatchObject({ code: 'internal', detail: 'store is closed' });
  });

  it('keeps the code of a refusal apart, so a view can tell "forbidden" from a failure', async () => {
    const pending = answeredWithError('config.get', 'forbidden', 'config.get needs read');
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeskRequestError);
    expect(error).toMatchObject({ method: 'config.get', code: 'forbidden', detail: 'config.get needs read' });
  });

  it('rejects a result that does not match the contract', async () => {
    const errors: Error[] = [];
    const engine = fakeChannel();
    const client = createDeskClient(engine.channel, { onProtocolError: (e) => errors.push(e) });
    const pending = client.request('desk.info', {});
    engine.reply(engine.sent[0]?.id ?? -1, { ...info, product: 'Other' });
    await expect(pending).rejects.toThrow(/bad result for desk.info/);
    expect(errors).toHaveLength(1);
  });

  it('drops malformed frames, reports them, and keeps working', async () => {
    const errors: Error[] = [];
    const engine = fakeChannel();
    const client = createDeskClient(engine.channel, { onProtocolError: (e) => errors.push(e) });
    const deltas: unknown[] = [];
    client.on('fleet.delta', (d) => deltas.push(d));
    engine.push('not json at all');
    engine.push(null);
    engine.push({ type: 'event', event: 'fleet.delta', data: { status: 'nope', samples: [] } });
    engine.push({ type: 'event', event: 'alarm.raised', data: {} });
    engine.push({ type: 'reply', id: 'x', ok: true });
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/malformed engine frame/),
      expect.stringMatching(/malformed engine frame/),
      expect.stringMatching(/bad fleet.delta event/),
      expect.stringMatching(/unknown event "alarm.raised"/),
      expect.stringMatching(/malformed engine frame/),
    ]);
    expect(deltas).toEqual([]);
    const pending = client.request('desk.info', {});
    engine.reply(engine.sent[0]?.id ?? -1, info);
    await expect(pending).resolves.toEqual(info);
  });

  it('fails a request at once when its reply is broken, instead of at the timeout', async () => {
    const engine = fakeChannel();
    const client = createDeskClient(engine.channel, { onProtocolError: () => {} });
    const pending = client.request('desk.info', {});
    engine.push({ type: 'reply', id: engine.sent[0]?.id, ok: 'yes' });
    await expect(pending).rejects.toThrow(/desk.info: malformed engine frame/);
  });

  it('reports an error reply that carries no id', () => {
    const errors: Error[] = [];
    const engine = fakeChannel();
    createDeskClient(engine.channel, { onProtocolError: (e) => errors.push(e) });
    engine.push({ type: 'reply', id: null, ok: false, error: { code: 'bad-frame', message: 'not JSON' } });
    expect(errors[0]?.message).toMatch(/could not read: not JSON/);
  });

  it('dispatches validated events until the listener unsubscribes', () => {
    const engine = fakeChannel();
    const client = createDeskClient(engine.channel);
    const seen: number[] = [];
    const off = client.on('fleet.delta', (d) => seen.push(d.samples.length));
    const delta = { status: [], samples: [sample('s1-ac1', 'gun1.power', 1)] };
    engine.push({ type: 'event', event: 'fleet.delta', data: delta });
    off();
    engine.push({ type: 'event', event: 'fleet.delta', data: delta });
    expect(seen).toEqual([1]);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const engine = fakeChannel();
    const client = createDeskClient(engine.channel);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    let delivered = 0;
    client.on('fleet.delta', () => {
      throw new Error('view bug');
    });
    client.on('fleet.delta', () => delivered++);
    engine.push({ type: 'event', event: 'fleet.delta', data: { status: [], samples: [] } });
    expect(delivered).toBe(1);
    quiet.mockRestore();
  });

  it('times out with a message that names the method, and ignores the late reply', async () => {
    const engine = fakeChannel();
    const errors: Error[] = [];
    const client = createDeskClient(engine.channel, {
      timeoutMs: 2000,
      onProtocolError: (e) => errors.push(e),
    });
    const pending = client.request('fleet.snapshot', {});
    const assertion = expect(pending).rejects.toThrow('fleet.snapshot: no reply from the engine within 2 s');
    vi.advanceTimersByTime(2000);
    await assertion;
    engine.reply(engine.sent[0]?.id ?? -1, snapshot());
    expect(errors).toEqual([]);
  });

  it('fails pending requests when the link drops and refuses new ones until it is back', async () => {
    const engine = fakeChannel(true);
    const client = createDeskClient(engine.channel);
    expect(client.link).toBe('connecting');
    await expect(client.request('desk.info', {})).rejects.toThrow('desk.info: engine link is connecting');
    engine.setStatus('open');
    const pending = client.request('desk.info', {});
    engine.setStatus('lost');
    await expect(pending).rejects.toThrow('desk.info: engine link lost before the reply came');
  });

  it('rejects when the channel cannot send', async () => {
    const client = createDeskClient({
      send() {
        throw new Error('engine link is not open');
      },
      onFrame: () => () => {},
    });
    await expect(client.request('desk.info', {})).rejects.toThrow(
      'desk.info: could not send: engine link is not open',
    );
  });
});

describe('session', () => {
  it('loads the fleet when the link opens, applies deltas, and reloads after a reconnect', async () => {
    const engine = fakeChannel(true);
    const desk = new Store(initialDesk);
    const client = createDeskClient(engine.channel, { onProtocolError: (e) => recordBadFrame(desk, e) });
    const frames: Array<() => void> = [];
    const fleet = new FleetStore((cb) => frames.push(cb));
    startSession(client, fleet, desk);

    const answer = async () => {
      for (const frame of engine.sent.splice(0)) engine.reply(frame.id, resultFor(frame.method));
      await vi.advanceTimersByTimeAsync(0);
    };

    engine.setStatus('open');
    await answer();
    expect(fleet.get().loaded).toBe(true);
    expect(desk.get().info?.shell).toBe('headless');
    expect(desk.get().session?.role).toBe('admin');

    engine.push({
      type: 'event',
      event: 'fleet.delta',
      data: { status: [], samples: [sample('s1-ac1', 'gun1.power', 2.5, T0 + 1000)] },
    });
    for (const frame of frames.splice(0)) frame();
    expect(liveOf(fleet.get(), 's1-ac1').points['gun1.power']?.value).toBe(2.5);

    engine.setStatus('lost');
    expect(desk.get().link).toBe('lost');
    engine.setStatus('open');
    expect(engine.sent.map((f) => f.method).sort()).toEqual(['desk.info', 'fleet.snapshot', 'session.info']);
    await answer();
    // The fresh snapshot replaces what the lost link left behind.
    expect(liveOf(fleet.get(), 's1-ac1').points['gun1.power']?.value).toBe(6.8);
    expect(fleetSummary(fleet.get()).devices).toBe(4);

    engine.push('garbage');
    expect(desk.get().badFrames?.count).toBe(1);
  });

  it('fetches a new snapshot and session when the engine says the fleet changed', async () => {
    const engine = fakeChannel(true);
    const desk = new Store(initialDesk);
    const client = createDeskClient(engine.channel);
    const fleet = new FleetStore((cb) => cb());
    startSession(client, fleet, desk);
    engine.setStatus('open');
    for (const frame of engine.sent.splice(0)) engine.reply(frame.id, resultFor(frame.method));
    await vi.advanceTimersByTimeAsync(0);

    engine.push({ type: 'event', event: 'fleet.changed', data: { reason: 'configuration changed' } });
    expect(engine.sent.map((f) => f.method).sort()).toEqual(['desk.info', 'fleet.snapshot', 'session.info']);
    const renamed = snapshot();
    renamed.stations = renamed.stations.map((s) => (s.id === 's1' ? { ...s, name: '一号站（北）' } : s));
    for (const frame of engine.sent.splice(0))
      engine.reply(frame.id, frame.method === 'fleet.snapshot' ? renamed : resultFor(frame.method));
    await vi.advanceTimersByTimeAsync(0);
    expect(fleet.get().stations[0]?.name).toBe('一号站（北）');
  });

  it('offers nothing a session grants when the engine cannot say who is at the desk', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const engine = fakeChannel(true);
    const desk = new Store(initialDesk);
    const client = createDeskClient(engine.channel);
    startSession(client, new FleetStore((cb) => cb()), desk);
    engine.setStatus('open');
    for (const frame of engine.sent.splice(0)) {
      if (frame.method === 'session.info') {
        engine.push({
          type: 'reply',
          id: frame.id,
          ok: false,
          error: { code: 'unknown-method', message: 'unknown method "session.info"' },
        });
      } else engine.reply(frame.id, resultFor(frame.method));
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(desk.get().session).toBeNull();
    expect(mayDo(desk.get(), 'device.control')).toBe(false);
    expect(desk.get().loadError).toBeNull();
  });

  it('shows why a load failed and retries while the link is up', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const engine = fakeChannel(true);
    const desk = new Store(initialDesk);
    const client = createDeskClient(engine.channel);
    const fleet = new FleetStore((cb) => cb());
    startSession(client, fleet, desk, 1000);
    engine.setStatus('open');
    for (const frame of engine.sent.splice(0)) {
      engine.push({
        type: 'reply',
        id: frame.id,
        ok: false,
        error: { code: 'unavailable', message: 'starting' },
      });
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(desk.get().loadError).toMatch(/unavailable: starting/);
    await vi.advanceTimersByTimeAsync(1000);
    for (const frame of engine.sent.splice(0)) engine.reply(frame.id, resultFor(frame.method));
    await vi.advanceTimersByTimeAsync(0);
    expect(desk.get().loadError).toBeNull();
    expect(fleet.get().loaded).toBe(true);
  });
});

describe('WebSocket channel', () => {
  class FakeSocket implements SocketLike {
    static all: FakeSocket[] = [];
    readyState = 0;
    onopen: ((event: unknown) => void) | null = null;
    onclose: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    sent: string[] = [];
    constructor(readonly url: string) {
      FakeSocket.all.push(this);
    }
    send(data: string) {
      this.sent.push(data);
    }
    close() {
      this.readyState = 3;
      this.onclose?.({});
    }
    open() {
      this.readyState = 1;
      this.onopen?.({});
    }
    drop() {
      this.readyState = 3;
      this.onclose?.({});
    }
  }

  beforeEach(() => {
    FakeSocket.all = [];
  });

  it('builds the bridge URL from the page, passing a token on', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:4873', search: '' })).toBe(
      'ws://127.0.0.1:4873/api',
    );
    expect(bridgeUrl({ protocol: 'https:', host: 'desk.example', search: '?lang=en&token=a b' })).toBe(
      'wss://desk.example/api?token=a%20b',
    );
  });

  it('reports link state, reconnects with growing delays, and passes frames through decoded', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const states: LinkState[] = [];
    const frames: unknown[] = [];
    const channel = createWebSocketChannel('ws://x/api', {
      createSocket: (url) => new FakeSocket(url),
      backoffMs: [100, 400],
    });
    channel.onStatus?.((s) => states.push(s));
    channel.onFrame((raw) => frames.push(raw));
    expect(() => channel.send({ type: 'request', id: 1, method: 'desk.info', params: {} })).toThrow(
      /not open/,
    );

    FakeSocket.all[0]?.open();
    channel.send({ type: 'request', id: 1, method: 'desk.info', params: {} });
    expect(JSON.parse(FakeSocket.all[0]?.sent[0] ?? '')).toMatchObject({ id: 1, method: 'desk.info' });
    FakeSocket.all[0]?.onmessage?.({ data: '{"type":"event"}' });
    FakeSocket.all[0]?.onmessage?.({ data: '{oops' });
    expect(frames).toEqual([{ type: 'event' }, '{oops']);

    FakeSocket.all[0]?.drop();
    vi.advanceTimersByTime(99);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]?.drop();
    vi.advanceTimersByTime(399);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    FakeSocket.all[2]?.drop();
    vi.advanceTimersByTime(400);
    expect(FakeSocket.all).toHaveLength(4);
    FakeSocket.all[3]?.open();
    expect(states).toEqual(['connecting', 'open', 'lost', 'open']);

    channel.close();
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(4);
  });
});
