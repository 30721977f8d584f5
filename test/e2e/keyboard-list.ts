import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Selects a row of the focused keyboard list the way an operator does: Home,
 * then ↓ until the row is the selected one. Rows arriving meanwhile (a live
 * queue) only make the walk longer; a row never reached is an error naming it.
 */
export async function selectByKeyboard(page: Page, target: Locator, what = 'the row'): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 0; i < 200; i++) {
    if ((await target.getAttribute('aria-selected')) === 'true') return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`${what} never got selected`);
}

/**
 * Answers a one-field dialog the way an operator does: its key opens it, the
 * text goes into the field that has the focus, Enter sends it. Returns once
 * the dialog has closed (within `closesWithinMs` where sending takes long).
 */
export async function answerByKeyboard(
  page: Page,
  key: string,
  dialogTestId: string,
  text: string,
  closesWithinMs?: number,
): Promise<void> {
  await page.keyboard.press(key);
  const dialog = page.getByTestId(dialogTestId);
  await expect(dialog).toBeVisible();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden({ timeout: closesWithinMs });
}
