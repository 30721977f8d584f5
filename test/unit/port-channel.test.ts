import { EventEmitter, once } from 'node:events';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import {
  channelFromNodePort,
  channelFromPortMain,
  type MessagePortMainLike,
} from '../../electron/bridge/port-channel';

const open: MessageChannel[] = [];

function messageChannel(): MessageChannel {
  const channel = new MessageChannel();
  open.push(channel);
  return channel;
}

function nextFrame(listen: (listener: (raw: unknown) => void) => void): Promise<unknown> {
  return new Promise((resolve) => listen(resolve));
}

afterEach(() => {
  // Open ports keep the worker's event loop alive.
  for (const { port1, port2 } of open.splice(0)) {
    port1.close();
    port2.close();
  }
});

describe('channelFromNodePort', () => {
  it('sends frames as structured clones to the other end', async () => {
    const { port1, port2 } = messageChannel();
    const channel = channelFromNodePort(port1);
    const frame = { type: 'event', event: 'fleet.delta', data: { status: [], samples: [{ v: 1.5 }] } };
    const arrived = once(port2, 'message');
    channel.send(frame);
    const [received] = await arrived;
    expect(received).toEqual(frame);
    expect(received).not.toBe(frame);
  });

  it('hands every incoming frame to the listener as the data itself, in order', async () => {
    const { port1, port2 } = messageChannel();
    const channel = channelFromNodePort(port1);
    const received: unknown[] = [];
    const both = new Promise<void>((resolve) =>
      channel.onFrame((raw) => {
        received.push(raw);
        if (received.length === 2) resolve();
      }),
    );
    port2.postMessage({ type: 'request', id: 1, method: 'desk.info', params: {} });
    port2.postMessage('not even an object');
    await both;
    expect(received).toEqual([
      { type: 'request', id: 1, method: 'desk.info', params: {} },
      'not even an object',
    ]);
  });

  it('reports close when the other end closes', async () => {
    const { port1, port2 } = messageChannel();
    const channel = channelFromNodePort(port1);
    const closed = new Promise<void>((resolve) => channel.onClose(resolve));
    port2.close();
    await expect(closed).resolves.toBeUndefined();
  });

  it('round-trips a request and a reply between two adapted ends', async () => {
    const { port1, port2 } = messageChannel();
    const engineSide = channelFromNodePort(port1);
    const pageSide = channelFromNodePort(port2);
    engineSide.onFrame((raw) => {
      const { id } = raw as { id: number };
      engineSide.send({ type: 'reply', id, ok: true, result: 'pong' });
    });
    const reply = nextFrame((listener) => pageSide.onFrame(listener));
    pageSide.send({ type: 'request', id: 7, method: 'desk.info', params: {} });
    await expect(reply).resolves.toEqual({ type: 'reply', id: 7, ok: true, result: 'pong' });
  });
});

/** Electron's MessagePortMain cannot run here; this reproduces its shape: event objects, queue until start(). */
class PortMainStandIn extends EventEmitter implements MessagePortMainLike {
  started = false;
  closed = false;
  readonly posted: unknown[] = [];
  private readonly queue: unknown[] = [];

  postMessage(data: unknown): void {
    this.posted.push(data);
  }

  start(): void {
    this.started = true;
    for (const data of this.queue.splice(0)) this.emit('message', { data });
  }

  close(): void {
    this.closed = true;
    this.emit('close');
  }

  receive(data: unknown): void {
    if (this.started) this.emit('message', { data });
    else this.queue.push(data);
  }
}

describe('channelFromPortMain', () => {
  it('starts the port only once a listener is attached and unwraps event.data', () => {
    const port = new PortMainStandIn();
    const channel = channelFromPortMain(port);
    port.receive({ type: 'request', id: 1, method: 'desk.info', params: {} });
    expect(port.started).toBe(false);
    const received: unknown[] = [];
    channel.onFrame((raw) => received.push(raw));
    expect(port.started).toBe(true);
    expect(received).toEqual([{ type: 'request', id: 1, method: 'desk.info', params: {} }]);
  });

  it('posts frames and reports close', () => {
    const port = new PortMainStandIn();
    const channel = channelFromPortMain(port);
    let closed = false;
    channel.onClose(() => {
      closed = true;
    });
    channel.send({ type: 'event', event: 'fleet.delta', data: { status: [], samples: [] } });
    port.emit('close');
    expect(port.posted).toEqual([{ type: 'event', event: 'fleet.delta', data: { status: [], samples: [] } }]);
    expect(closed).toBe(true);
  });

  it('closes the port when the engine ends the connection', () => {
    const port = new PortMainStandIn();
    channelFromPortMain(port).close('token no longer valid');
    expect(port.closed).toBe(true);
  });
});
