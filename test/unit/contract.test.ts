import { describe, expect, it } from 'vitest';
import { errorReply, FrameError, parseRequest, parseResult, parseServerFrame } from '../../shared/api/frames';

describe('request frames', () => {
  it('accepts a well-formed request and applies param defaults', () => {
    expect(parseRequest({ type: 'request', id: 7, method: 'fleet.snapshot', params: {} })).toEqual({
      id: 7,
      method: 'fleet.snapshot',
      params: {},
    });
  });

  it.each([
    ['not an object', 'hello', 'bad-frame', null],
    ['missing id', { type: 'request', method: 'desk.info', params: {} }, 'bad-frame', null],
    ['negative id', { type: 'request', id: -1, method: 'desk.info', params: {} }, 'bad-frame', null],
    [
      'extra envelope field',
      { type: 'request', id: 3, method: 'desk.info', params: {}, x: 1 },
      'bad-frame',
      3,
    ],
    ['unknown method', { type: 'request', id: 4, method: 'fleet.delete', params: {} }, 'unknown-method', 4],
    [
      'prototype key as method',
      { type: 'request', id: 5, method: 'toString', params: {} },
      'unknown-method',
      5,
    ],
    [
      'unexpected params',
      { type: 'request', id: 6, method: 'desk.info', params: { all: true } },
      'bad-params',
      6,
    ],
  ])('rejects %s with a coded error that keeps the id when it can', (_name, raw, code, id) => {
    try {
      parseRequest(raw);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(FrameError);
      const reply = errorReply(error);
      expect(reply).toMatchObject({ type: 'reply', ok: false, id, error: { code } });
    }
  });
});

describe('engine frames', () => {
  const delta = {
    status: [
      { deviceId: 'sx01-ac1', comms: 'online', state: 'charging', faults: [], detail: null, since: 1 },
    ],
    samples: [{ deviceId: 'sx01-ac1', key: 'gun1.power', value: 6.9, quality: 'good', ts: 2 }],
  };

  it('accepts a valid event and a reply', () => {
    expect(parseServerFrame({ type: 'event', event: 'fleet.delta', data: delta })).toMatchObject({
      event: 'fleet.delta',
    });
    expect(parseServerFrame({ type: 'reply', id: 1, ok: true, result: {} })).toMatchObject({ ok: true });
  });

  it('rejects an event whose payload breaks the contract', () => {
    const bad = { ...delta, samples: [{ ...delta.samples[0], quality: 'excellent' }] };
    expect(() => parseServerFrame({ type: 'event', event: 'fleet.delta', data: bad })).toThrow(/quality/);
    expect(() => parseServerFrame({ type: 'event', event: 'fleet.wipe', data: {} })).toThrow(/unknown event/);
  });

  it('checks results against the method schema', () => {
    expect(() => parseResult('desk.info', { product: 'Other' })).toThrow(/bad result for desk.info/);
  });
});
