import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScanInput, type ScanSite, scanHistory } from '../../electron/warnings/scan';
import type { PointSample } from '../../shared/api/model';
import { clearSkyDays } from '../../shared/warning/clear-sky';
import { DAY_MS } from '../../shared/warning/model';
import { overWebSocket } from '../helpers/desk';
import { PEOPLE, startDutyDesk } from '../helpers/duty-desk';
import { writeHistory } from '../helpers/warning-history';

/**
 * The two day series the desk builds itself rather than reading from the
 * history as it is: the PV detectors' clear-sky expectation, from the
 * site's position, and the comms detector's per-gateway counts, from the
 * poller's requests, kept per day in a file beside the journal.
 */
const HOUR = 3_600_000;
/** Shaoxing, where the demo fleet is. */
const SITE = { lat: 30.0, lng: 120.58 };

describe('PV on the desk: against the clear sky and the site’s peers', () => {
  const days = 45;
  const startMs = Date.UTC(2026, 3, 1);
  const clear = clearSkyDays(SITE, startMs, days).values;
  /** The site's sunshine each day, shared by every inverter; `cloudyFrom` on, a week of overcast. */
  const weather = (cloudyFrom: number | null) => (d: number) =>
    cloudyFrom !== null && d >= cloudyFrom ? 0.12 + 0.04 * Math.sin(d) : 0.8 + 0.15 * Math.sin(d * 2.3);

  /** Hourly lifetime-counter readings (Wh) of an inverter: `loss(d)` of its yield gone that day. */
  function inverter(id: string, ratedKw: number, sun: (d: number) => number, loss: (d: number) => number) {
    const samples: PointSample[] = [];
    let wh = 5_000_000;
    for (let d = 0; d < days; d++) {
      const dayKwh =
        ratedKw * (clear[d] ?? 0) * 0.8 * sun(d) * (1 - loss(d)) * (1 + 0.01 * Math.sin(d * 7 + ratedKw));
      for (let h = 0; h < 24; h++) {
        wh += (dayKwh * 1000) / 24;
        samples.push({
          deviceId: id,
          key: 'energyTotal',
          value: Math.round(wh),
          quality: 'good',
          ts: startMs + d * DAY_MS + h * HOUR,
        });
      }
    }
    return samples;
  }

  function scan(dir: string): ReturnType<typeof scanHistory> {
    const site: ScanSite = {
      siteId: 'sx01',
      ...SITE,
      chargers: [],
      inverters: ['pv1', 'pv2', 'pv3'].map((id, i) => ({
        deviceId: id,
        profileId: 'pv-sunspec-103',
        guns: 0,
        ratedKw: [40, 50, 60][i] as number,
        counter: { key: 'energyTotal', toKwh: 0.001 },
      })),
      meters: [],
      gateways: [],
    };
    const input: ScanInput = {
      historyFile: join(dir, 'history.sqlite'),
      startMs,
      days,
      sites: [site],
      sessions: {},
      thresholds: {},
    };
    return scanHistory(input);
  }

  it('warns about the inverter losing yield to soiling, and not about its peers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-warn-pv-'));
    const sun = weather(null);
    writeHistory(dir, [
      ...inverter('pv1', 40, sun, () => 0),
      ...inverter('pv2', 50, sun, (d) => (d >= 33 ? 0.025 * (d - 32) : 0)),
      ...inverter('pv3', 60, sun, () => 0),
    ]);
    const findings = scan(dir);
    expect(findings.map((f) => [f.detector, f.deviceId])).toEqual([['pv-performance', 'pv2']]);
    expect(findings[0]?.evidence.quantity).toBe('warning.quantity.pvRelative');
  });

  it('stays quiet through an overcast week over the whole site, and with no history at all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-warn-pv-'));
    const sun = weather(days - 7);
    writeHistory(dir, [
      ...inverter('pv1', 40, sun, () => 0),
      ...inverter('pv2', 50, sun, () => 0),
      ...inverter('pv3', 60, sun, () => 0),
    ]);
    expect(scan(dir)).toEqual([]);
    expect(scan(mkdtempSync(join(tmpdir(), 'dutydesk-warn-pv-')))).toEqual([]);
  });
});

describe('comms quality on the desk: each gateway’s timeouts and reconnects per day', () => {
  let desk: Awaited<ReturnType<typeof startDutyDesk>>;
  let gateway = '';
  let healthy = '';

  beforeAll(async () => {
    desk = await startDutyDesk({ stations: 2 });
    const endpoints = [...new Set(desk.config.devices.map((d) => `${d.host}:${d.port}`))];
    gateway = endpoints[0] ?? '';
    healthy = endpoints[1] ?? '';
    // Three weeks the desk kept before this run: both gateways healthy (0.1 % of requests failing).
    await desk.engine.stop();
    const today = Math.floor(desk.clock.now() / DAY_MS);
    const baseline = Object.fromEntries(
      Array.from({ length: 21 }, (_, i) => [String(today - 21 + i), [20_000, 15, 10, 5]]),
    );
    writeFileSync(
      join(desk.dataDir, 'comms-days.json'),
      JSON.stringify({ version: 1, gateways: { [gateway]: baseline, [healthy]: baseline } }),
    );
    await desk.restart();
  }, 60_000);

  afterAll(async () => {
    await desk?.stop();
  });

  it('counts a failing gateway’s timeouts over three days, keeps them over a restart, and warns about it alone', async () => {
    const station = desk.config.devices.find((d) => `${d.host}:${d.port}` === gateway)?.stationId ?? '';
    for (let day = 0; day < 3; day++) {
      // The gateway answers too late for a while each day, as a SIM losing its signal does.
      desk.fleet.gateway(station).setFault({ kind: 'slow', delayMs: 400 });
      await new Promise((r) => setTimeout(r, 2_000));
      desk.fleet.online(station);
      await new Promise((r) => setTimeout(r, 500));
      const monitor = await overWebSocket(desk.engine, { token: PEOPLE.monitor.token });
      await monitor.client.request('warnings.scan', {});
      await monitor.close();
      // The counts of the day so far are saved by the pass; the next day starts on a new desk.
      if (day < 2) {
        await desk.restart();
        desk.clock.skip(DAY_MS);
      }
    }
    const monitor = await overWebSocket(desk.engine, { token: PEOPLE.monitor.token });
    const list = await monitor.client.request('warnings.scan', {});
    await monitor.close();
    const comms = list.warnings.filter((w) => w.detector === 'comms-quality');
    expect(comms.map((w) => w.deviceId)).toEqual([gateway]);
    expect(comms[0]?.stationId).toBe(station);
    const points = comms[0]?.evidence.points ?? [];
    // The baseline days and the three days of this run, each with its own failure rate.
    expect(points.filter((p) => p.value !== null).length).toBeGreaterThanOrEqual(23);
    expect(points.at(-1)?.value).toBeGreaterThan(points.at(-1)?.hi ?? 100);
  }, 120_000);
});
