import { expect, type Page } from '@playwright/test';

/** Signs in from the desk's sign-in card, opening it first where the live view shows without an account. */
export async function signIn(page: Page, who: { user: string; password: string }): Promise<void> {
  const card = page.getByTestId('auth-signin');
  await expect(page.getByTestId('auth-open-signin').or(card).first()).toBeVisible({ timeout: 30_000 });
  if (!(await card.isVisible())) await page.getByTestId('auth-open-signin').click();
  await card.getByLabel(/User name|用户名/).fill(who.user);
  await card.getByLabel(/Password|密码/).fill(who.password);
  await card.getByLabel(/Password|密码/).press('Enter');
  await expect(card).toBeHidden();
}
