import type { Locator, Page } from '@playwright/test';

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
