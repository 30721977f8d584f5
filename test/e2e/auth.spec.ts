import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type HeadlessDesk, startHeadless, stopProcess } from '../helpers/processes';
import { expectWallToMove } from './wall-page';

/**
 * Operators at a desk that enforces accounts (the demo fleet with
 * --accounts, exactly as a config file would), each desk a real headless
 * process with its own data directory.
 *
 * data-testids: auth-signin, auth-locked, auth-setup (the modal cards), auth-error,
 * auth-controls, auth-who, auth-open-signin, auth-lock, auth-switch, auth-logout,
 * auth-accounts → auth-accounts-dialog, account-<user>; auth-sandbox on the plain demo.
 */

const ADMIN = { user: 'chief', password: 'first-admin-from-a-file' };

type Desk = HeadlessDesk & { dir: string };

async function startDesk(env: Record<string, string>): Promise<Desk> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-auth-'));
  return { ...(await startHeadless(['--accounts', '--data', join(dir, 'data')], { env })), dir };
}

async function stopDesk(desk: Desk | undefined): Promise<void> {
  if (!desk) return;
  await stopProcess(desk);
  rmSync(desk.dir, { recursive: true, force: true });
}

/** Enter on a tile, sent to the tile itself: the lock screen's modal makes the wall inert to focus, not to this. */
async function enterOnTile(page: Page, deviceId: string) {
  await page
    .locator(`[data-device-id="${deviceId}"]`)
    .first()
    .dispatchEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true });
}

async function signIn(page: Page, user: string, password: string) {
  const card = page.getByTestId('auth-signin');
  await card.getByLabel(/User name|用户名/).fill(user);
  await card.getByLabel(/^Password|^密码/).fill(password);
  await card.getByRole('button', { name: /^Sign in$|^登录$/ }).click();
}

test.describe('a desk whose first admin came from DUTYDESK_ADMIN_PASSWORD_FILE', () => {
  let desk: Desk | undefined;

  test.beforeAll(async () => {
    const secrets = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-secret-'));
    const file = join(secrets, 'admin-password');
    writeFileSync(file, `${ADMIN.password}\n`, { mode: 0o600 });
    desk = await startDesk({ DUTYDESK_ADMIN_USER: ADMIN.user, DUTYDESK_ADMIN_PASSWORD_FILE: file });
  });
  test.afterAll(() => stopDesk(desk));

  test('the login screen over the live wall (screenshot)', async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.goto(`${desk?.url}/?lang=zh-CN`);
    const card = page.getByTestId('auth-signin');
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('auth-who')).toHaveText('未登录 · 只读');
    await card.getByLabel('用户名').fill(ADMIN.user);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: 'docs/screenshot-login.png' });
  });

  test('a wrong password is refused in place; the right one signs in as admin', async ({ page }) => {
    await page.goto(`${desk?.url}/?lang=en`);
    await signIn(page, ADMIN.user, 'not-the-password');
    await expect(page.getByTestId('auth-error')).toContainText('wrong user name or password');
    await signIn(page, ADMIN.user, ADMIN.password);
    await expect(page.getByTestId('auth-signin')).toHaveCount(0);
    await expect(page.getByTestId('session-user')).toHaveText(ADMIN.user);
    await expect(page.getByTestId('session-role')).toHaveAttribute('data-role', 'admin');
  });

  test('lock keeps the wall visible but blocks actions; unlock, then a switch to a new monitor account', async ({
    page,
  }) => {
    await page.goto(`${desk?.url}/?lang=en`);
    await signIn(page, ADMIN.user, ADMIN.password);
    await expect(page.getByTestId('session-role')).toHaveAttribute('data-role', 'admin');

    await page.getByTestId('auth-menu').locator('summary').click();
    await page.getByTestId('auth-accounts').click();
    const dialog = page.getByTestId('auth-accounts-dialog');
    const create = dialog.getByRole('form', { name: 'New account' });
    await create.getByLabel('User name').fill('zhao.lei');
    await create.getByLabel('Role').selectOption('monitor');
    await create.getByLabel('Password').fill('night-monitor-pass');
    await create.getByLabel('Reason (journalled)').fill('joins the night shift');
    await create.getByRole('button', { name: 'New account' }).click();
    await expect(dialog.getByTestId('account-zhao.lei')).toContainText('Monitor');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Unlocked, Enter on a charger opens remote control: the same key is what the lock must refuse.
    const controllable = page.locator('[data-device-id][data-controllable="true"]').first();
    await expect(controllable).toBeVisible({ timeout: 30_000 });
    const deviceId = (await controllable.getAttribute('data-device-id')) ?? '';
    await enterOnTile(page, deviceId);
    await expect(page.getByTestId('control-dialog')).toBeVisible();
    await page.getByTestId('control-cancel').click();
    await expect(page.getByTestId('control-dialog')).toHaveCount(0);

    const writes: unknown[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        const frame = JSON.parse(String(payload)) as { method?: string };
        if (frame.method === 'device.write') writes.push(frame);
      }),
    );
    await page.getByTestId('auth-lock').click();
    const locked = page.getByTestId('auth-locked');
    await expect(locked).toBeVisible();
    await expect(page.getByTestId('session-role')).toHaveAttribute('data-role', 'wallboard');
    // The wall is still there underneath, not replaced by the lock screen, and it stays live.
    await expect(page.getByTestId('tab-wall')).toBeAttached();
    await expectWallToMove(page, {
      timeout: 15_000,
      message: 'no live value changed on the wall behind the lock screen',
    });
    await expect(locked).toBeVisible();
    // Locked, the same Enter opens nothing, no tile offers control, and nothing is written.
    await expect(page.locator('[data-device-id][data-controllable="true"]')).toHaveCount(0);
    await enterOnTile(page, deviceId);
    await page.waitForTimeout(500);
    await expect(page.getByTestId('control-dialog')).toHaveCount(0);
    expect(writes).toEqual([]);
    await locked.getByLabel('Password').fill('wrong');
    await locked.getByRole('button', { name: `Unlock as ${ADMIN.user}` }).click();
    await expect(page.getByTestId('auth-error')).toBeVisible();
    await locked.getByLabel('Password').fill(ADMIN.password);
    await locked.getByRole('button', { name: `Unlock as ${ADMIN.user}` }).click();
    await expect(locked).toHaveCount(0);
    await expect(page.getByTestId('session-role')).toHaveAttribute('data-role', 'admin');

    await page.getByTestId('auth-menu').locator('summary').click();
    await page.getByTestId('auth-switch').click();
    await signIn(page, 'zhao.lei', 'night-monitor-pass');
    await expect(page.getByTestId('session-user')).toHaveText('zhao.lei');
    await expect(page.getByTestId('session-role')).toHaveAttribute('data-role', 'monitor');
    await page.getByTestId('auth-menu').locator('summary').click();
    await expect(page.getByTestId('auth-accounts')).toHaveCount(0);
    await page.getByTestId('auth-logout').click();
    await expect(page.getByTestId('auth-who')).toHaveText('Signed out · read-only');
  });

  test('the desk locks itself after 10 minutes without input', async ({ page }) => {
    await page.clock.install();
    await page.goto(`${desk?.url}/?lang=en`);
    await signIn(page, ADMIN.user, ADMIN.password);
    await expect(page.getByTestId('session-role')).toHaveAttribute('data-role', 'admin');
    await page.clock.fastForward('09:00');
    await expect(page.getByTestId('auth-locked')).toHaveCount(0);
    await page.clock.fastForward('01:01');
    await expect(page.getByTestId('auth-locked')).toBeVisible();
  });
});

test.describe('a fresh install without any account', () => {
  let desk: Desk | undefined;
  test.beforeAll(async () => {
    desk = await startDesk({});
  });
  test.afterAll(() => stopDesk(desk));

  test('asks the workstation for the first admin, and signs it in', async ({ page }) => {
    await page.goto(`${desk?.url}/?lang=en`);
    const card = page.getByTestId('auth-setup');
    await expect(card).toBeVisible({ timeout: 30_000 });
    await card.getByLabel('User name').fill('station-chief');
    await card.getByLabel(/^Password(?! again)/).fill('a-long-admin-password');
    await card.getByLabel('Password again').fill('a-long-admin-password');
    await card.getByRole('button', { name: 'Create admin and sign in' }).click();
    await expect(card).toHaveCount(0);
    await expect(page.getByTestId('session-user')).toHaveText('station-chief');
    await expect(page.getByTestId('session-role')).toHaveAttribute('data-role', 'admin');
  });
});
