import type { Evaluation } from './warnings-eval';

/** The evaluation table's rows, one per detector and a total, with the overall figures. */
export function evaluationRows(ev: Evaluation) {
  const per1k = (n: number) => ((1000 * n) / ev.deviceDays).toFixed(2);
  const rows = [...ev.scores]
    .sort((a, b) => a.detector.localeCompare(b.detector))
    .map((s) => {
      const lead = [...s.leadDays].sort((a, b) => a - b);
      const median = lead.length ? `${lead[lead.length >> 1]?.toFixed(0)} d` : '—';
      const rate = s.injected ? `${((100 * s.detected) / s.injected).toFixed(0)} %` : '—';
      return `| ${s.detector} | ${s.injected} | ${s.detected} | ${rate} | ${median} | ${lead.length ? `${lead[0]?.toFixed(0)} d` : '—'} | ${s.falseWarnings} | ${per1k(s.falseWarnings)} |`;
    });
  const injected = ev.scores.reduce((a, s) => a + s.injected, 0);
  const detected = ev.scores.reduce((a, s) => a + s.detected, 0);
  const falses = ev.scores.reduce((a, s) => a + s.falseWarnings, 0);
  const worstFalse = Math.max(...ev.scores.map((s) => (1000 * s.falseWarnings) / ev.deviceDays));
  rows.push(
    `| all | ${injected} | ${detected} | ${injected ? ((100 * detected) / injected).toFixed(0) : '—'} % | | | ${falses} | ${per1k(falses)} |`,
  );
  return { rows, injected, detected, falses, worstFalse };
}

export const EVALUATION_HEADER = [
  '| detector | injected | detected ≥ 24 h ahead | rate | median lead | shortest lead | false warnings | per 1,000 device-days |',
  '|---|---|---|---|---|---|---|---|',
];

/** Detection by kind of degradation, for the detectors that see more than one kind. */
export function kindRows(ev: Evaluation): string[] {
  return [
    '| degradation | injected | detected ≥ 24 h ahead | rate |',
    '|---|---|---|---|',
    ...ev.kinds.map(
      (k) =>
        `| ${k.kind} | ${k.injected} | ${k.detected} | ${k.injected ? `${((100 * k.detected) / k.injected).toFixed(0)} %` : '—'} |`,
    ),
  ];
}
