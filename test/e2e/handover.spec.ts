import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { type HeadlessDesk, startHeadless, stopProcess } from '../helpers/processes';
import { callDesk } from './contract';

/**
 * The shift handover, driven from the keyboard on a demo desk of its own
 * (the workstation acts as admin; the two shift leads sign with their own
 * accounts). The first lead comes from DUTYDESK_ADMIN_USER as on a headless
 * install; the second is created over the contract.
 *
 * data-testids: tab-handover, handover-view, handover-state, handover-record (data-state),
 * handover-note, handover-note-save, check-<kind>, check-<kind>-status, check-<kind>-note,
 * handover-<sign|accept|correct>-dialog, handover-sign-user, handover-sign-password,
 * handover-sign-error, handover-correct-text, ho-notes, ho-signatures, ho-corrections,
 * handover-search-text, handover-results, handover-result.
 */

const LEAD_A = { user: 'lead-a', password: 'outgoing-lead-pass' };
const LEAD_B = { user: 'lead-b', password: 'incoming-lead-pass' };

type Desk = HeadlessDesk & { dir: string };

async function startDesk(): Promise<Desk> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-e2e-handover-'));
  const desk = await startHeadless(['--data', join(dir, 'data')], {
    env: { DUTYDESK_ADMIN_USER: LEAD_A.user, DUTYDESK_ADMIN_PASSWORD: LEAD_A.password },
  });
  return { ...desk, dir };
}

async function fillSigner(page: Page, account: { user: string; password: string }) {
  await page.getByTestId('handover-sign-user').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(account.user);
  await page.keyboard.press('Tab');
  await page.keyboard.type(account.password);
  await page.keyboard.press('Enter');
}

test.describe('shift handover by keyboard', () => {
  let desk: Desk | undefined;

  test.beforeAll(async () => {
    desk = await startDesk();
    // As the workstation, admin on the demo.
    await callDesk(desk.port, [
      ['account.create', { ...LEAD_B, role: 'shift-lead', reason: 'incoming lead for the e2e' }],
    ]);
  });

  test.afterAll(async () => {
    if (!desk) return;
    await stopProcess(desk);
    rmSync(desk.dir, { recursive: true, force: true });
  });

  test('checks, a note, two signatures, a correction, search and the PDF', async ({ page }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${desk?.url}/?lang=zh-CN`);
    await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });

    await page.keyboard.press('F4');
    const view = page.getByTestId('handover-view');
    await expect(view).toBeVisible();
    await expect(page.getByTestId('handover-record')).toHaveAttribute('data-state', 'draft');
    await expect(page.getByTestId('check-cameras-status')).toHaveText('未检查');

    // The checks: radio and note by keyboard, Enter records.
    await page.getByTestId('check-cameras-note').focus();
    await page.keyboard.type('全部摄像头对准桩位，录像正常');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('check-cameras-status')).toHaveText('正常');
    await page.getByTestId('check-iot-sim-mb').focus();
    await page.keyboard.type('812.5');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('check-iot-sim')).toContainText('812.5 MB');

    // A note: n focuses it, Ctrl+Enter saves.
    await page.getByTestId('handover-note-save').focus();
    await page.keyboard.press('n');
    await expect(page.getByTestId('handover-note')).toBeFocused();
    await page.keyboard.type('镜湖站2号直流桩枪线破损，已通知运维明早更换');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('ho-notes')).toContainText('枪线破损');

    // o: sign. A wrong password is refused in place.
    await page.getByTestId('handover-note-save').focus();
    await page.keyboard.press('o');
    const sign = page.getByTestId('handover-sign-dialog');
    await expect(sign).toBeVisible();
    await fillSigner(page, { user: LEAD_A.user, password: 'wrong-password' });
    await expect(page.getByTestId('handover-sign-error')).toContainText('wrong user name or password');
    await fillSigner(page, LEAD_A);
    await expect(sign).toHaveCount(0);
    await expect(page.getByTestId('handover-record')).toHaveAttribute('data-state', 'signed');
    await expect(page.getByTestId('handover-note')).toHaveCount(0);

    // i: accept. The same person is refused; the incoming lead accepts.
    await page.getByTestId('handover-pdf').focus();
    await page.keyboard.press('i');
    await expect(page.getByTestId('handover-accept-dialog')).toBeVisible();
    await fillSigner(page, LEAD_A);
    await expect(page.getByTestId('handover-sign-error')).toContainText('lead-a signed as the outgoing lead');
    await fillSigner(page, LEAD_B);
    await expect(page.getByTestId('handover-accept-dialog')).toHaveCount(0);
    await expect(page.getByTestId('handover-record')).toHaveAttribute('data-state', 'accepted');
    await expect(page.getByTestId('ho-signatures')).toContainText('lead-a');
    await expect(page.getByTestId('ho-signatures')).toContainText('lead-b');

    // c: a correction, linked to the note it corrects.
    await page.getByTestId('handover-pdf').focus();
    await page.keyboard.press('c');
    await expect(page.getByTestId('handover-correct-dialog')).toBeVisible();
    await page.getByTestId('handover-correct-target').focus();
    await page.keyboard.press('End');
    await page.getByTestId('handover-correct-text').focus();
    await page.keyboard.type('更正：是3号直流桩，不是2号');
    await fillSigner(page, LEAD_B);
    await expect(page.getByTestId('ho-corrections')).toContainText('更正：是3号直流桩，不是2号');
    await expect(page.getByTestId('ho-corrections')).toContainText('说明：镜湖站2号直流桩枪线破损');

    await page.getByTestId('handover-pdf').focus();
    // The record scrolls inside its pane; show its end (signatures and the correction) with the header.
    await page.locator('.ho-main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
    await page.screenshot({ path: 'docs/screenshot-handover.png' });

    // Printed, only the record remains: no side panel, no buttons, no forms.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.ho-side')).toBeHidden();
    await expect(page.getByTestId('handover-sign')).toBeHidden();
    await expect(page.getByTestId('ho-corrections')).toBeVisible();
    if (process.env.HANDOVER_PRINT_SHOT)
      await page.screenshot({ path: process.env.HANDOVER_PRINT_SHOT, fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // f: search by text.
    await page.keyboard.press('f');
    await expect(page.getByTestId('handover-search-text')).toBeFocused();
    await page.keyboard.type('3号直流桩');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('handover-result')).toHaveCount(1);
    await expect(page.getByTestId('handover-result')).toContainText('更正：是3号直流桩');

    // p: the PDF downloads.
    await page.getByTestId('handover-pdf').focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('p')]);
    expect(download.suggestedFilename()).toMatch(/^handover-.*-accepted\.pdf$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
