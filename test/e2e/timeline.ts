import { expect, type Locator } from '@playwright/test';

/**
 * The steps on a work order's timeline in its detail pane, its notices left
 * out, checked to be exactly `expected` in order; returned for the checks of
 * each step's words.
 */
export async function expectTimeline(detail: Locator, expected: readonly string[]): Promise<Locator> {
  const steps = detail.locator('[data-testid="wo-timeline"] li[data-step]');
  await expect(steps).toHaveCount(expected.length);
  expect(await steps.evaluateAll((li) => li.map((l) => l.getAttribute('data-step')))).toEqual(expected);
  return steps;
}
