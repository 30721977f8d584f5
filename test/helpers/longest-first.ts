import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take minutes, by name, longest first. On a clean clone
 * vitest knows no durations and starts the largest files first, so the
 * five-minute soak (a small file) started last and held the run open for its
 * whole length after every other file had finished.
 */
const LONGEST = ['soak.test.ts', 'training-drill.test.ts', 'warnings-live-sim.test.ts', 'sync.test.ts'];

function rank(file: TestSpecification): number {
  const at = LONGEST.findIndex((name) => file.moduleId.endsWith(`/${name}`));
  return at < 0 ? LONGEST.length : at;
}

/** Vitest's own order, with the files above moved to the front. */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
