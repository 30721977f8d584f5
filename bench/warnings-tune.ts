import { thresholdsFor } from '../shared/warning/thresholds';
import { simulateFleetYear } from '../sim/degradation/fleet-year';
import { evaluateFleet, TUNING_SEED } from './warnings-eval';
import { EVALUATION_HEADER, evaluationRows, kindRows } from './warnings-table';

/**
 * The tuning run of the early-warning detectors: the same evaluation as the
 * `warnings` benchmark section, on the tuning seed only, so thresholds are
 * chosen without ever looking at the seed the figures are reported on.
 * `node out/bench/warnings-tune.js [sites] [overrides]` after the bench build; `overrides` is
 * JSON in a profile's `warnings` shape, tried over the defaults (e.g. '{"endPower":{"alpha":0.001}}').
 */
const sites = Number(process.argv[2] ?? 60);
if (!Number.isInteger(sites) || sites < 1)
  throw new Error(`sites must be a positive whole number, not "${process.argv[2]}"`);
const fleet = simulateFleetYear({
  seed: TUNING_SEED,
  sites,
  days: 365,
  degradedShare: 0.1,
  startMs: Date.UTC(2026, 0, 1),
});
const tried = thresholdsFor(process.argv[3] === undefined ? undefined : JSON.parse(process.argv[3]));
const evaluation = evaluateFleet(fleet, tried);
const { rows } = evaluationRows(evaluation);
process.stdout.write(
  [
    `Tuning seed ${TUNING_SEED}: ${fleet.deviceCount} devices, ${fleet.degradations.length} degradations${process.argv[3] ? `, overrides ${process.argv[3]}` : ''}.`,
    '',
    ...EVALUATION_HEADER,
    ...rows,
    '',
    ...kindRows(evaluation),
    '',
  ].join('\n'),
);
