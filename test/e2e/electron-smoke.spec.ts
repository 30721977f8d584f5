import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { _electron, expect, test } from '@playwright/test';

/** The electron package exports its binary's path in plain Node, and throws when it was never fetched. */
function hasElectronBinary(): boolean {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary);
  } catch {
    return false;
  }
}

const SKIP_REASON =
  'No Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1): Electron smoke test skipped';

test('the Electron desk opens a sandboxed window showing the fleet', async () => {
  if (!hasElectronBinary()) {
    // The list reporter shows a skip but not its reason; the log should say why.
    console.log(SKIP_REASON);
    test.skip(true, SKIP_REASON);
  }

  // No executablePath: Playwright then finds the same binary itself and adds its loader, which holds
  // the app's ready event until Playwright is attached, so the first window cannot be missed.
  const app = await _electron.launch({ args: ['out/main/main.js'] });
  try {
    const page = await app.firstWindow();
    await expect(page.locator('[data-device-id]').first()).toBeVisible({ timeout: 30_000 });

    const globals = await page.evaluate(() => ({
      dutydesk: typeof (window as Window & { dutydesk?: unknown }).dutydesk,
      require: typeof require,
      process: typeof process,
    }));
    expect(globals).toEqual({ dutydesk: 'object', require: 'undefined', process: 'undefined' });
  } finally {
    await app.close();
  }
});
