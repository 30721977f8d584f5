import { afterAll, beforeAll, expect, it } from 'vitest';
import { REDACTED } from '../../shared/config/redact';
import { overWebSocket, signIn, startDesk, type Transport } from '../helpers/desk';
import { until } from '../helpers/until';

/**
 * A page loaded signed out holds a fleet with the device endpoints withheld.
 * Signing in as someone who controls devices must not leave it so until a
 * reload, and signing out must not leave the endpoints on the screen: the
 * connection is told its fleet changed, and the next snapshot is its own.
 */
let desk: Awaited<ReturnType<typeof startDesk>>;
let page: Transport;

beforeAll(async () => {
  desk = await startDesk({ stations: 1 });
  page = await overWebSocket(desk.engine);
}, 30_000);

afterAll(async () => {
  await page?.close();
  await desk?.stop();
});

const fleetChanged = () => page.client.events.filter((e) => e.event === 'fleet.changed').length;

it('signing in and out tells the connection its fleet changed, and each snapshot shows what the role may see', async () => {
  const endpoints = desk.config.devices.map((d) => `${d.host}:${d.port}`);
  const before = await page.client.request('fleet.snapshot', {});
  expect(new Set(before.devices.map((d) => d.endpoint))).toEqual(new Set([REDACTED]));

  const seen = fleetChanged();
  await signIn(page.client);
  await until(() => fleetChanged() > seen);
  expect(fleetChanged()).toBe(seen + 1);
  const signedIn = await page.client.request('fleet.snapshot', {});
  expect(signedIn.devices.map((d) => d.endpoint)).toEqual(endpoints);

  await page.client.request('auth.lock', {});
  await until(() => fleetChanged() > seen + 1);
  expect(fleetChanged()).toBe(seen + 2);
  const locked = await page.client.request('fleet.snapshot', {});
  expect(new Set(locked.devices.map((d) => d.endpoint))).toEqual(new Set([REDACTED]));
});
