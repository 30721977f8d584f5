import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { WEBGL_LAUNCH } from '../helpers/chromium';
import {
  type HeadlessDesk,
  type NodeProcess,
  startHeadless,
  startSim,
  stopProcess,
} from '../helpers/processes';
import { allTiles, pngTile, vectorTile, writeMbtiles } from '../helpers/tile-files';
import { callDesk } from './contract';
import { signIn } from './sign-in';

/**
 * The station map in a real Chromium (WebGL through SwiftShader) against
 * real desks: the built-in demo fleet, and two desks of our own on one
 * simulator whose faults we inject over its command line.
 *
 * data-testids: map-view, map-search, map-rendered (what the canvas shows:
 * li[data-kind=cluster|station][data-mark][data-tier][data-count][data-x][data-y],
 * x/y in canvas pixels), map-fallback, map-choices, station-panel.
 */

test.use({
  launchOptions: WEBGL_LAUNCH,
  viewport: { width: 1600, height: 1000 },
  screenshot: 'only-on-failure',
});

/** The wall's colours; the map must use the same ones. */
const FAULT_RGB = [0xe8, 0x37, 0x2c];
const LAND_RGB = [0x2a, 0x2e, 0x32];
/** The colour of every tile in the operator's MBTiles file: nothing else on the map is this blue. */
const FILE_TILE_RGB = [0x3c, 0x64, 0x96] as const;
/** The grey the map gives a vector file's `building` layer (renderer/src/views/map/basemap.ts). */
const VECTOR_BUILDING_RGB = [0x3c, 0x42, 0x48] as const;

const SIM_BASE_PORT = 16_300;
const OFFLINE_PORT = 4_987;
const TILES_PORT = 4_988;

/** A desk on a config file is a fresh install: its first admin comes from the environment, as on a headless server. */
const FIRST_ADMIN = { user: 'e2e-admin', password: 'map-e2e-only-9f3c1' };
const FIRST_ADMIN_ENV = {
  DUTYDESK_ADMIN_USER: FIRST_ADMIN.user,
  DUTYDESK_ADMIN_PASSWORD: FIRST_ADMIN.password,
};

async function pixels(page: Page, target: Locator, points: ReadonlyArray<readonly [number, number]>) {
  const png = (await target.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, points }) => {
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.drawImage(bitmap, 0, 0);
      return points.map(([x, y]) => [...context.getImageData(x, y, 1, 1).data.slice(0, 3)]);
    },
    { png, points: points.map(([x, y]): [number, number] => [Math.round(x), Math.round(y)]) },
  );
}

const near = (rgb: number[], want: number[], tolerance = 24) =>
  rgb.every((value, i) => Math.abs(value - (want[i] ?? 0)) <= tolerance);

/** The share of a grid over the canvas drawn in one colour (by default the land's; the background alone is the sea colour). */
async function landShare(page: Page, colour: readonly number[] = LAND_RGB): Promise<number> {
  const canvas = page.locator('.station-map canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  const grid: [number, number][] = [];
  for (let x = 0.05; x < 1; x += 0.1)
    for (let y = 0.05; y < 1; y += 0.1) grid.push([box.width * x, box.height * y]);
  const sampled = await pixels(page, canvas, grid);
  return sampled.filter((rgb) => near(rgb, [...colour], 6)).length / sampled.length;
}

/** Requests over a desk's own WebSocket contract, signed in as the first admin, in order; their results. */
const callAs = (port: number, calls: [string, unknown][]) => callDesk(port, calls, FIRST_ADMIN);

const stationsDrawn = (page: Page) =>
  page
    .locator('[data-testid="map-rendered"] li')
    .evaluateAll((items) => items.reduce((sum, item) => sum + Number(item.getAttribute('data-count')), 0));

/** The offline basemap drawn instead of the tiles, the note saying so (`note`), and every station still on it. */
async function expectFallback(page: Page, note: RegExp) {
  await expect(page.getByTestId('map-fallback')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('map-fallback')).toHaveText(note);
  await expect(page.locator('.station-map')).toHaveAttribute('data-basemap', 'fallback');
  await expect.poll(() => landShare(page), { message: 'the offline land is drawn' }).toBeGreaterThan(0.3);
  await expect.poll(() => stationsDrawn(page)).toBe(12);
}

/** The map file's tiles drawn, covering most of the map in `colour`, with no fallback note. */
async function expectFileDrawn(page: Page, colour: readonly number[], message: string) {
  await expect(page.locator('.station-map')).toHaveAttribute('data-basemap', 'tiles');
  await expect.poll(() => landShare(page, colour), { message, timeout: 30_000 }).toBeGreaterThan(0.6);
  await expect(page.getByTestId('map-fallback')).toHaveCount(0);
}

/** `withAccounts`: the desk has accounts and asks who is there first; the demo fleet's sandbox does not. */
async function openMap(page: Page, url: string, withAccounts = false) {
  await page.goto(url);
  await expect(page.getByTestId('tab-map')).toBeVisible({ timeout: 30_000 });
  if (withAccounts) {
    await signIn(page, FIRST_ADMIN);
  }
  await page.getByTestId('tab-map').click();
  await expect(page.getByTestId('map-view')).toBeVisible();
  await expect(page.locator('.station-map')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('[data-testid="map-rendered"] li').first()).toBeAttached({ timeout: 30_000 });
}

test.describe('on the demo fleet', () => {
  test('the map draws the offline basemap and every station with the network blocked', async ({ page }) => {
    const refused: string[] = [];
    await page.context().route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === '127.0.0.1' || host === 'localhost') return route.continue();
      refused.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await openMap(page, '/?lang=en');
    await expect(page.locator('.station-map')).toHaveAttribute('data-basemap', 'offline');

    const rendered = page.locator('[data-testid="map-rendered"] li');
    const counted = await rendered.evaluateAll((items) =>
      items.reduce((sum, item) => sum + Number(item.getAttribute('data-count')), 0),
    );
    expect(counted).toBe(12);

    await expect
      .poll(() => landShare(page), { message: 'the land of the basemap is drawn' })
      .toBeGreaterThan(0.3);
    expect(refused).toEqual([]);
  });

  test('keyboard: search, Enter opens the station panel, +/- zoom, Esc closes', async ({ page }) => {
    await openMap(page, '/?lang=en');
    await page.locator('body').press('/');
    await expect(page.getByTestId('map-search')).toBeFocused();
    await page.keyboard.type('Dafo');
    await expect(page.locator('.map-list__item')).toHaveCount(1);
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('.map-list__item[data-station-id="sx12"]')).toBeFocused();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('station-panel');
    await expect(panel).toHaveAttribute('data-station-id', 'sx12');
    const devices = await panel.locator('[data-device-id]').count();
    expect(devices).toBeGreaterThan(0);
    await expect(panel.getByRole('heading', { name: `Devices (${devices})` })).toBeVisible();
    await expect(panel.locator('.station-panel__kw').first()).toHaveText(/kW|—/);
    // The map flew to the station: it is drawn on its own, not inside a cluster.
    const zoom = async () => Number(await page.locator('.station-map').getAttribute('data-zoom'));
    await expect.poll(zoom, { message: 'Enter zooms in on the station' }).toBeGreaterThanOrEqual(11.9);
    await expect(page.locator('[data-testid="map-rendered"] li[data-id="sx12"]')).toHaveAttribute(
      'data-kind',
      'station',
    );
    await page.keyboard.press('-');
    await expect.poll(zoom, { message: '- zooms out' }).toBeLessThan(11.5);
    const out = await zoom();
    await page.keyboard.press('+');
    await expect.poll(zoom, { message: '+ zooms in' }).toBeGreaterThan(out + 0.5);

    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();

    // F1 leaves for the wall; F5 comes back to the map as it was left.
    await page.keyboard.press('F1');
    await expect(page.getByTestId('map-view')).toBeHidden();
    await page.keyboard.press('F5');
    await expect(page.getByTestId('map-view')).toBeVisible();
    await expect.poll(zoom).toBeGreaterThan(out + 0.5);
  });
});

test.describe('on a fleet with a faulted station', () => {
  let sim: NodeProcess | undefined;
  let offlineDesk: HeadlessDesk | undefined;
  let tilesDesk: HeadlessDesk | undefined;
  let fileDesk: HeadlessDesk | undefined;
  let brokenDesk: HeadlessDesk | undefined;
  let vectorDesk: HeadlessDesk | undefined;
  let dir = '';
  let mbtiles = '';

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dutydesk-map-'));
    const configFile = join(dir, 'fleet.json');
    sim = await startSim(['--base-port', String(SIM_BASE_PORT), '--write-config', configFile]);
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    // Two stations on one spot (a car park with two operators' chargers): they must stay tellable apart.
    const [sx01, sx02] = config.stations;
    Object.assign(sx02, { lat: sx01.lat, lng: sx01.lng });
    writeFileSync(configFile, JSON.stringify(config));
    // A tile server that is not there: nothing listens on the discard port.
    const tilesFile = join(dir, 'fleet-tiles.json');
    writeFileSync(
      tilesFile,
      JSON.stringify({ ...config, map: { tiles: 'http://127.0.0.1:9/{z}/{x}/{y}.png' } }),
    );
    const desk = (config: string, data: string, port?: number) =>
      startHeadless(
        [...(port ? ['--port', String(port)] : []), '--config', config, '--data', join(dir, data)],
        {
          env: FIRST_ADMIN_ENV,
        },
      );
    offlineDesk = await desk(configFile, 'a', OFFLINE_PORT);
    tilesDesk = await desk(tilesFile, 'b', TILES_PORT);
    // The operator's own map: an MBTiles file of raster tiles (zooms 0-4, the map overzooms them), named
    // relative to the config file; and a file that is damaged.
    mbtiles = join(dir, 'maps', 'fleet.mbtiles');
    mkdirSync(join(dir, 'maps'));
    writeMbtiles(
      mbtiles,
      { name: 'e2e', format: 'png', minzoom: '0', maxzoom: '4', attribution: 'e2e survey office' },
      allTiles(4, () => pngTile(FILE_TILE_RGB)),
    );
    const fileConfig = join(dir, 'fleet-file.json');
    writeFileSync(fileConfig, JSON.stringify({ ...config, map: { file: 'maps/fleet.mbtiles' } }));
    const broken = join(dir, 'maps', 'broken.mbtiles');
    writeFileSync(
      broken,
      Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(8192, 0x5a)]),
    );
    const brokenConfig = join(dir, 'fleet-broken.json');
    writeFileSync(brokenConfig, JSON.stringify({ ...config, map: { file: broken } }));
    // A vector file: one layer, a polygon over everything, so the map shows whether it drew it.
    const everything = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [-180, -85],
          [180, -85],
          [180, 85],
          [-180, 85],
          [-180, -85],
        ],
      ],
    };
    writeMbtiles(
      join(dir, 'maps', 'vector.mbtiles'),
      { format: 'pbf', maxzoom: '3', json: JSON.stringify({ vector_layers: [{ id: 'building' }] }) },
      allTiles(3, (z, x, y) => vectorTile({ building: everything }, z, x, y)),
    );
    const vectorConfig = join(dir, 'fleet-vector.json');
    writeFileSync(vectorConfig, JSON.stringify({ ...config, map: { file: 'maps/vector.mbtiles' } }));
    [fileDesk, brokenDesk, vectorDesk] = await Promise.all([
      desk(fileConfig, 'c'),
      desk(brokenConfig, 'd'),
      desk(vectorConfig, 'e'),
    ]);
    sim.child.stdin?.write('anomaly sx01-dc1 insulation-fault\n');
  });

  test.afterAll(async () => {
    await Promise.all([
      stopProcess(offlineDesk),
      stopProcess(tilesDesk),
      stopProcess(fileDesk),
      stopProcess(brokenDesk),
      stopProcess(vectorDesk),
    ]);
    await stopProcess(sim);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a cluster holding the faulted station is drawn in the fault colour', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openMap(page, `http://127.0.0.1:${OFFLINE_PORT}/?lang=en`, true);
    // Zoomed out until sx01 is inside a cluster, so the cluster has to carry its fault.
    const faultCluster = page.locator(
      '[data-testid="map-rendered"] li[data-kind="cluster"][data-mark="fault"]',
    );
    await expect(page.locator('.map-list__item[data-station-id="sx01"]')).toHaveAttribute(
      'data-mark',
      'fault',
      {
        timeout: 30_000,
      },
    );
    await page.locator('.station-map canvas').focus();
    for (let i = 0; i < 3 && (await faultCluster.count()) === 0; i++) {
      await page.keyboard.press('-');
      await page.waitForTimeout(600);
    }
    await expect(faultCluster).toHaveCount(1);
    const members = Number(await faultCluster.getAttribute('data-count'));
    expect(members).toBeGreaterThan(1);

    // The healthy stations around it are grey; the cluster takes the colour of its worst member.
    const x = Number(await faultCluster.getAttribute('data-x'));
    const y = Number(await faultCluster.getAttribute('data-y'));
    const ring = [
      [x + 12, y],
      [x - 12, y],
      [x, y + 12],
      [x, y - 12],
    ] as const;
    const sampled = await pixels(page, page.locator('.station-map canvas'), ring);
    for (const rgb of sampled) expect(near(rgb, FAULT_RGB), `pixel ${rgb} is not the fault red`).toBe(true);

    await page.locator('body').press('Escape');
    await page.screenshot({ path: 'docs/screenshot-map.png' });
  });

  test('stations on one spot are offered as a list, and the list opens either', async ({ page }) => {
    await openMap(page, `http://127.0.0.1:${OFFLINE_PORT}/?lang=en`, true);
    const choices = page.getByTestId('map-choices');
    const canvas = page.locator('.station-map canvas');
    // Clicking the cluster zooms in until the stations can no longer be split; then the list comes.
    for (let i = 0; i < 8 && !(await choices.isVisible()); i++) {
      const mark = page.locator('[data-testid="map-rendered"] li[data-kind="cluster"][data-mark="fault"]');
      const single = page.locator('[data-testid="map-rendered"] li[data-id="sx01"]');
      const target = (await mark.count()) > 0 ? mark : single;
      const x = Number(await target.first().getAttribute('data-x'));
      const y = Number(await target.first().getAttribute('data-y'));
      const zoomBefore = await page.locator('.station-map').getAttribute('data-zoom');
      await canvas.click({ position: { x, y } });
      // Either the list came, or the map zoomed in and settled (data-zoom is written when it is idle).
      await expect
        .poll(
          async () =>
            (await choices.isVisible()) ||
            (await page.locator('.station-map').getAttribute('data-zoom')) !== zoomBefore,
        )
        .toBe(true);
    }
    await expect(choices).toBeVisible();
    await expect(choices.getByRole('button')).toHaveCount(2);
    await expect(choices.getByRole('button').first()).toBeFocused();
    await choices.locator('button[data-station-id="sx02"]').press('Enter');
    await expect(page.getByTestId('station-panel')).toHaveAttribute('data-station-id', 'sx02');
    await expect(choices).toBeHidden();
  });

  test("the station panel lists the station's open work orders, live", async ({ page }) => {
    // The faulted charger's alarm, as the queue has it.
    let alarmId = '';
    await expect
      .poll(
        async () => {
          const [list] = (await callAs(OFFLINE_PORT, [['alarms.list', {}]])) as [
            { alarms: { id: string; stationId: string; state: string }[] },
          ];
          alarmId = list.alarms.find((a) => a.stationId === 'sx01' && a.state.startsWith('active'))?.id ?? '';
          return alarmId;
        },
        { timeout: 30_000, message: 'the insulation fault raised an alarm' },
      )
      .not.toBe('');
    const [created] = (await callAs(OFFLINE_PORT, [
      ['workorder.create', { alarmIds: [alarmId], title: 'DC charger 1 insulation fault' }],
    ])) as [{ id: string }];
    await callAs(OFFLINE_PORT, [['workorder.dispatch', { id: created.id, crew: ['Chen Hao', 'Liu Yang'] }]]);

    await openMap(page, `http://127.0.0.1:${OFFLINE_PORT}/?lang=en`, true);
    await page.getByTestId('map-search').fill('sx01');
    await page.getByTestId('map-search').press('Enter');
    const panel = page.getByTestId('station-panel');
    await expect(panel).toHaveAttribute('data-station-id', 'sx01');
    await expect(panel.getByRole('heading', { name: 'Open work orders (1)' })).toBeVisible();
    const row = panel.locator(`[data-wo-id="${created.id}"]`);
    await expect(row).toHaveAttribute('data-state', 'dispatched');
    await expect(row).toContainText('Dispatched');
    await expect(row).toContainText('DC charger 1 insulation fault');
    await expect(row).toContainText('Chen Hao');

    // Another station's panel does not show it; a cancelled order leaves the panel while it is open.
    await page.getByTestId('map-search').fill('sx03');
    await page.getByTestId('map-search').press('Enter');
    await expect(page.getByTestId('station-panel')).toHaveAttribute('data-station-id', 'sx03');
    await expect(panel.locator('[data-wo-id]')).toHaveCount(0);
    await page.getByTestId('map-search').fill('sx01');
    await page.getByTestId('map-search').press('Enter');
    await expect(row).toBeVisible();
    await callAs(OFFLINE_PORT, [['workorder.cancel', { id: created.id, reason: 'e2e: raised by the test' }]]);
    await expect(row).toHaveCount(0);
    await expect(panel.getByRole('heading', { name: 'Open work orders (0)' })).toBeVisible();
    await expect(panel).toContainText('No open work orders');
  });

  test('a tile source that fails falls back to the offline basemap and says so', async ({ page }) => {
    await openMap(page, `http://127.0.0.1:${TILES_PORT}/?lang=en`, true);
    await expectFallback(page, /offline basemap/);
  });

  test("the operator's MBTiles file is drawn under the stations, with the network blocked", async ({
    page,
  }) => {
    if (!fileDesk) throw new Error('no desk on the file');
    const refused: string[] = [];
    await page.context().route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === '127.0.0.1') return route.continue();
      refused.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    const tiles: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/tiles/')) tiles.push(response.status());
    });
    await openMap(page, `${fileDesk.url}/?lang=en`, true);
    await expectFileDrawn(page, FILE_TILE_RGB, "the file's tiles cover the map");
    await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('e2e survey office');
    await expect.poll(() => stationsDrawn(page)).toBe(12);
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.every((status) => status === 200)).toBe(true);
    expect(refused).toEqual([]);
  });

  test('tiles missing from the file fall back to the offline basemap and say so', async ({ page }) => {
    if (!fileDesk) throw new Error('no desk on the file');
    // The desk keeps the file open; rows deleted by another process are gone for its next read.
    const db = new Database(mbtiles);
    db.prepare('DELETE FROM tiles WHERE zoom_level = 4').run();
    db.close();
    await openMap(page, `${fileDesk.url}/?lang=en`, true);
    await expectFallback(page, /map file .*offline basemap/);
    expect(await landShare(page, FILE_TILE_RGB)).toBeLessThan(0.05);
  });

  test('a damaged map file falls back to the offline basemap at once and says why', async ({ page }) => {
    if (!brokenDesk) throw new Error('no desk on the damaged file');
    await openMap(page, `${brokenDesk.url}/?lang=en`, true);
    await expectFallback(page, /map file .*offline basemap/);
    await expect(page.getByTestId('map-fallback')).toHaveAttribute('title', /broken\.mbtiles/);
  });

  test('a vector MBTiles file is drawn in the grey style made from its layer names', async ({ page }) => {
    if (!vectorDesk) throw new Error('no desk on the vector file');
    await openMap(page, `${vectorDesk.url}/?lang=en`, true);
    await expectFileDrawn(page, VECTOR_BUILDING_RGB, "the file's layer covers the map");
    await expect.poll(() => stationsDrawn(page)).toBe(12);
  });
});
