import { afterEach, expect, it } from 'vitest';
import { readAnswer, startRawServer } from '../helpers/raw-modbus';
import { startPoller, twoSpeedMeter } from '../helpers/raw-poller';
import { until } from '../helpers/until';

/**
 * Holding the poller (a test stepping the desk clock holds it across each
 * step): the hold is in force only once the poll under way has its answer,
 * no request goes out while it lasts, and polling resumes on release.
 */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

it('waits for the poll under way, sends nothing while held, and polls again on release', async () => {
  let requests = 0;
  let answering = false;
  const unanswered: Buffer[] = [];
  const server = await startRawServer((r) => {
    requests++;
    const reply = readAnswer(r.tid, r.unitId, new Array(r.count).fill(requests));
    if (answering) return reply;
    unanswered.push(reply);
    return 'silent';
  });
  cleanups.push(() => server.close());
  const { poller, stop } = startPoller(server.port, [{ id: 'm1', profile: twoSpeedMeter, unitId: 1 }], {
    pollIntervalMs: 100,
    timeoutMs: 5000,
  });
  cleanups.push(stop);
  await until(() => requests === 1, 'the first request');

  let held = false;
  const holding = poller.hold().then((release) => {
    held = true;
    return release;
  });
  // The poll under way still waits for its answer: the hold is not in force yet.
  await new Promise((r) => setTimeout(r, 100));
  expect(held).toBe(false);
  expect(poller.stats().polls).toBe(0);

  answering = true;
  for (const reply of unanswered.splice(0)) for (const socket of server.sockets) socket.write(reply);
  const release = await holding;
  expect(poller.stats().polls).toBe(1);
  const sent = requests;
  // Several poll intervals pass with nothing sent.
  await new Promise((r) => setTimeout(r, 500));
  expect(requests).toBe(sent);
  expect(poller.stats().polls).toBe(1);

  release();
  await until(() => poller.stats().polls >= 3, 'polls after the release');
  expect(requests).toBeGreaterThan(sent);
});
