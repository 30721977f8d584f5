import type { Kpi, KpiTarget, Verdict } from '../api/reports';

export function judge(value: number | null, target: KpiTarget | null): Verdict {
  if (value === null || target === null) return 'none';
  const within = (bound: number) => (target.kind === 'max' ? value <= bound : value >= bound);
  if (within(target.value)) return 'met';
  return target.near !== null && within(target.near) ? 'near' : 'missed';
}

export function kpi(
  id: string,
  value: number | null,
  unit: Kpi['unit'],
  source: string,
  target: KpiTarget | null = null,
): Kpi {
  return { id, value, unit, target, verdict: judge(value, target), source };
}

export const atMost = (value: number, basis: string, near: number | null = null): KpiTarget => ({
  kind: 'max',
  value,
  near,
  basis,
});

export const atLeast = (value: number, basis: string, near: number | null = null): KpiTarget => ({
  kind: 'min',
  value,
  near,
  basis,
});
