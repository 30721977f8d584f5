/**
 * Robust statistics for day series: medians and the median absolute
 * deviation, so a single wet day, a sensor glitch or a busy Saturday does not
 * move a baseline the way a mean would.
 */

/** The values that are numbers, in order; null and NaN are gaps (no data that day). */
export function present(values: readonly (number | null)[]): number[] {
  const out: number[] = [];
  for (const v of values) if (v !== null && Number.isFinite(v)) out.push(v);
  return out;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The q-quantile (0..1) by linear interpolation. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/** Median absolute deviation scaled to a standard deviation for normal noise. */
export function robustSd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/**
 * The noise of a series that may drift: the robust SD of its steps from one
 * day to the next, over √2. A slow trend moves each step a little but the
 * spread of the levels a lot, so this is the scatter around the trend and
 * not the trend. Only steps between two present, adjacent days count.
 */
export function stepSd(values: readonly (number | null)[]): number {
  const steps: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1];
    const b = values[i];
    if (a !== null && a !== undefined && b !== null && b !== undefined) steps.push(b - a);
  }
  return robustSd(steps) / Math.SQRT2;
}

/**
 * Theil–Sen slope per day over the points that are present: the median of
 * the pairwise slopes, which a few outliers cannot tilt. NaN with fewer than
 * two points.
 */
export function theilSenSlope(values: readonly (number | null)[]): number {
  const xs: number[] = [];
  const ys: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && Number.isFinite(v)) {
      xs.push(i);
      ys.push(v);
    }
  });
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++)
      slopes.push(((ys[j] as number) - (ys[i] as number)) / ((xs[j] as number) - (xs[i] as number)));
  return median(slopes);
}

/** The last `n` present values of a series, oldest first. */
export function lastPresent(values: readonly (number | null)[], n: number): number[] {
  const out: number[] = [];
  for (let i = values.length - 1; i >= 0 && out.length < n; i--) {
    const v = values[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) out.unshift(v);
  }
  return out;
}

/** ln of the binomial upper tail P(X ≥ k) for X ~ Bin(n, p), summed in log space so large n stays finite. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let total = 0;
  let logTerm = logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  for (let i = k; i <= n; i++) {
    total += Math.exp(logTerm);
    logTerm += Math.log((n - i) / (i + 1)) + Math.log(p) - Math.log1p(-p);
    if (i > k + 50 && Math.exp(logTerm) < total * 1e-12) break;
  }
  return Math.min(1, total);
}

/** P(X ≤ k) for X ~ Bin(n, p): the upper tail of the failures, n − X ≥ n − k, with probability 1 − p. */
export function binomialLowerTail(k: number, n: number, p: number): number {
  return binomialUpperTail(n - k, n, 1 - p);
}

/** P(X ≤ k) for X ~ Poisson(lambda). */
export function poissonLowerTail(k: number, lambda: number): number {
  if (lambda <= 0) return 1;
  let term = Math.exp(-lambda);
  let total = term;
  for (let i = 1; i <= k; i++) {
    term *= lambda / i;
    total += term;
  }
  return Math.min(1, total);
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}
