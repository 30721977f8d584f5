/**
 * One section of bench/RESULTS.md and the benchmark that measures it. A new
 * benchmark exports one of these and is registered with one line in
 * bench/sections.ts.
 */
export type BenchRun = {
  /**
   * The smoke run of the test command: tiny sizes, a few seconds, figures
   * that mean nothing. It proves the benchmark still runs end to end.
   */
  smoke: boolean;
  /** `--name N` from the command line, or `fallback`. */
  arg(name: string, fallback: number): number;
  /** `--name TEXT` from the command line, or null. */
  text(name: string): string | null;
  /** A progress line on the console. */
  say(line: string): void;
};

export type BenchSection = {
  /** What `--only` takes. */
  name: string;
  /** The section's `## ` heading in RESULTS.md. */
  heading: string;
  /** Measures, and returns the section's Markdown: what was measured, a table, and ratios against its baseline. */
  run(run: BenchRun): Promise<string>;
};

/**
 * Why a report does not have the shape of a RESULTS.md section, or null:
 * some text and a Markdown table with a header, a rule and at least one row.
 */
export function reportShapeProblem(report: string): string | null {
  const lines = report.split('\n');
  const rule = lines.findIndex((line) => /^\|(\s*:?-{3,}:?\s*\|)+$/.test(line.trim()));
  if (rule < 1 || !lines[rule - 1]?.trim().startsWith('|')) return 'no Markdown table with a header';
  if (!lines[rule + 1]?.trim().startsWith('|')) return 'a table with no rows';
  return null;
}
