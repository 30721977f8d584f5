import { expect, type Locator, type Page, test } from '@playwright/test';

/**
 * Remote control from the wall, on the demo fleet (where the workstation is admin).
 *
 * data-testids used here and by the renderer:
 *   session-user, session-role (data-role)   who is at the desk, in the header
 *   tile-control                             "Control…" on a tile (only for roles with device.control)
 *   control-dialog (data-step = choose | confirm | busy | done | failed)
 *   control-action (data-action = "<point>=<option>" or "<point>", data-selected)
 *   control-value, control-value-error       the number for a setpoint
 *   control-reason, control-reason-error     the mandatory reason
 *   control-next, control-back, control-cancel, control-confirm
 *   control-statement                        the sentence confirmed ("Write 'Start charging' to …?")
 *   control-echo, control-echo-value         exactly what will be written
 *   control-busy                             while the engine writes and reads back
 *   control-outcome (data-outcome = confirmed | accepted | mismatch | failed | error)
 *   control-readback, control-error, control-audit, control-retry, control-close
 */

/** Every device.write request the page sends over the bridge: the test's view of "nothing was written". */
function recordWrites(page: Page): unknown[] {
  const writes: unknown[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { method?: string; params?: unknown };
      if (frame.method === 'device.write') writes.push(frame.params);
    }),
  );
  return writes;
}

/**
 * Shows only idle guns first: the wall is virtualized, and at a busy hour of
 * the demo fleet's day every AC charger on the first screen may be charging.
 */
async function showIdleGuns(page: Page): Promise<void> {
  await page.locator('[data-state-filter="idle"]').click();
  await expect(page.locator('[data-state-filter="idle"]')).toHaveAttribute('aria-pressed', 'true');
}

function idleAcCharger(page: Page): Locator {
  return page
    .locator('[data-device-id][data-kind="ac-charger"][data-controllable="true"]')
    .filter({ has: page.locator('[data-point="gun1.state"][data-gun-state="idle"][data-quality="good"]') })
    .first();
}

test.beforeEach(async ({ page }) => {
  await page.goto('/?lang=en');
  await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('session-role')).toHaveAttribute('data-role', 'admin');
});

test('start charging on an idle AC charger: choose, give a reason, confirm, see it accepted and the gun move', async ({
  page,
}) => {
  const writes = recordWrites(page);
  await page.reload();
  const tile = idleAcCharger(page);
  await expect(tile).toBeVisible({ timeout: 30_000 });
  const deviceId = (await tile.getAttribute('data-device-id')) ?? '';
  const deviceName = (await tile.locator('.tile__name').textContent()) ?? '';
  // Pinned by id: the idle filter above would move on to the next idle charger once this one starts.
  const charger = page.locator(`[data-device-id="${deviceId}"]`);

  await charger.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('control-dialog');
  await expect(dialog).toHaveAttribute('data-step', 'choose');
  await expect(page.getByTestId('control-action').first()).toHaveText(/Start charging — gun 1/);

  const start = page.locator('[data-testid="control-action"][data-action="gun1.command=start"]');
  await expect(start).toContainText('Start charging — gun 1');
  await page.keyboard.press('1');
  await expect(start).toHaveAttribute('data-selected', 'true');

  // No reason, no confirmation.
  await page.getByTestId('control-next').click();
  await expect(page.getByTestId('control-reason-error')).toBeVisible();
  await expect(dialog).toHaveAttribute('data-step', 'choose');

  await page.getByTestId('control-reason').fill('e2e: customer asked for a remote start');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveAttribute('data-step', 'confirm');
  await expect(page.getByTestId('control-statement')).toHaveText(
    new RegExp(`^Write 'Start charging' to ${deviceName}, gun 1, at .+\\?$`),
  );
  await expect(page.getByTestId('control-echo-value')).toHaveText('start');
  await expect(page.getByTestId('control-cancel')).toBeFocused();
  expect(writes).toEqual([]);

  await page.getByTestId('control-confirm').focus();
  await page.keyboard.press('Enter');
  const outcome = page.getByTestId('control-outcome');
  await expect(outcome).toHaveAttribute('data-outcome', 'accepted', { timeout: 20_000 });
  await expect(page.getByTestId('control-audit')).not.toHaveText('none');
  expect(writes).toEqual([
    {
      deviceId,
      key: 'gun1.command',
      value: 'start',
      confirm: { deviceId, key: 'gun1.command', value: 'start' },
      reason: 'e2e: customer asked for a remote start',
    },
  ]);
  await expect(page.getByTestId('control-retry')).toHaveCount(0);
  await expect(page.getByTestId('control-close')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);

  await expect(charger.locator('[data-point="gun1.state"]')).toHaveAttribute(
    'data-gun-state',
    /preparing|charging/,
    { timeout: 15_000 },
  );
  expect(writes).toHaveLength(1);
});

test('cancelling at the confirmation writes nothing, whether by Esc or by the focused Cancel', async ({
  page,
}) => {
  const writes = recordWrites(page);
  await page.reload();
  await showIdleGuns(page);
  const tile = idleAcCharger(page);
  await expect(tile).toBeVisible({ timeout: 30_000 });
  const dialog = page.getByTestId('control-dialog');

  for (const cancel of ['Escape', 'Enter'] as const) {
    await tile.getByTestId('tile-control').click();
    await expect(dialog).toHaveAttribute('data-step', 'choose');
    await page.locator('[data-testid="control-action"][data-action="gun1.command=stop"]').click();
    await page.getByTestId('control-reason').fill(`e2e: cancel with ${cancel}`);
    await page.getByTestId('control-next').click();
    await expect(dialog).toHaveAttribute('data-step', 'confirm');
    await expect(page.getByTestId('control-statement')).toContainText("Write 'Stop charging'");
    await expect(page.getByTestId('control-cancel')).toBeFocused();
    await page.keyboard.press(cancel);
    await expect(dialog).toHaveCount(0);
  }
  // Long enough for a write that had been sent to show up in the frames.
  await page.waitForTimeout(500);
  expect(writes).toEqual([]);
});

test('a setpoint out of its range is refused before anything can be confirmed', async ({ page }) => {
  await showIdleGuns(page);
  const tile = idleAcCharger(page);
  await expect(tile).toBeVisible({ timeout: 30_000 });
  await tile.getByTestId('tile-control').click();
  await page.locator('[data-testid="control-action"][data-action="powerLimit"]').click();
  await page.getByTestId('control-value').fill('9.5');
  await page.getByTestId('control-reason').fill('e2e: range check');
  await page.getByTestId('control-next').click();
  await expect(page.getByTestId('control-value-error')).toHaveText(/at most 7/);
  await expect(page.getByTestId('control-dialog')).toHaveAttribute('data-step', 'choose');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('control-dialog')).toHaveCount(0);
});
