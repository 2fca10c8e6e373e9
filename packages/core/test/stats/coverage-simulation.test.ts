import { describe, expect, it } from "vitest";
import { comparePaired, type PairedComparison } from "../../src/stats/compare-paired.js";
import { confusionF1 } from "../../src/stats/confusion-metrics.js";
import { normalCdf } from "../../src/stats/normal-distribution.js";
import { sideConfusion } from "../../src/stats/paired-confusion-bootstrap.js";
import { drawMultinomial } from "../../src/stats/resample-counts.js";
import { Xoshiro128 } from "../../src/stats/xoshiro128.js";

/*
 * Simulation tests of the statistical claims. Each draws RUNS paired datasets of N examples from a
 * generating distribution whose true (population) delta is known, and counts how often the 95%
 * interval covers it. At 2,000 runs the Monte-Carlo standard error of a coverage of 95% is
 * √(0.95·0.05/2000) ≈ 0.49 percentage points, so the acceptance band [94%, 96%] is about ±2 SE.
 *
 * The same runs check the gate's false-block rate: the true delta is negative, and a gate whose
 * tolerated drop equals exactly |true delta| blocks only when the whole interval lies below
 * −tolerance. With a two-sided interval at 1 − α that is a one-sided test at α/2, and it must
 * block at most α of the time; with a two-sided interval at 1 − 2α it is a one-sided test at α,
 * held to α within 2 Monte-Carlo SE (√(0.05·0.95/2000) ≈ 0.49 pp).
 *
 * Every run is seeded, so the counts below are the same on every machine.
 */
const RUNS = 2_000;
const N = 1_000;
const ALPHA = 0.05;
const MC_SE_ALPHA = Math.sqrt((ALPHA * (1 - ALPHA)) / RUNS);

interface Tally {
  covered: number;
  blocked95: number;
  blocked90: number;
}

function record(tally: Tally, trueDelta: number, at95: PairedComparison, at90: PairedComparison): void {
  const ci = at95.ci;
  if (ci === null || at90.ci === null) throw new Error("simulation produced no interval");
  if (ci[0] <= trueDelta && trueDelta <= ci[1]) tally.covered++;
  if (ci[1] < trueDelta) tally.blocked95++;
  if (at90.ci[1] < trueDelta) tally.blocked90++;
}

function expectCalibrated(tally: Tally): void {
  const coverage = tally.covered / RUNS;
  expect(coverage).toBeGreaterThanOrEqual(0.94);
  expect(coverage).toBeLessThanOrEqual(0.96);
  expect(tally.blocked95 / RUNS).toBeLessThanOrEqual(ALPHA);
  expect(tally.blocked90 / RUNS).toBeLessThanOrEqual(ALPHA + 2 * MC_SE_ALPHA);
}

/** Standard normal pairs by Box–Muller. */
function normalPair(rng: Xoshiro128): [number, number] {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  const r = Math.sqrt(-2 * Math.log(u));
  return [r * Math.cos(2 * Math.PI * v), r * Math.sin(2 * Math.PI * v)];
}

describe("coverage of the paired intervals (2,000 simulated datasets of 1,000 examples)", () => {
  it("accuracy: the Newcombe interval covers the true delta 94–96% of the time and rarely blocks falsely", () => {
    // cells: both right, candidate only, baseline only, both wrong; baseline 0.80, candidate 0.78
    const cellProbabilities = [0.72, 0.06, 0.08, 0.14];
    const trueDelta = 0.06 - 0.08;
    const rng = new Xoshiro128(20_240_101);
    const cells = new Uint32Array(4);
    const tally = { covered: 0, blocked95: 0, blocked90: 0 };
    for (let run = 0; run < RUNS; run++) {
      drawMultinomial(rng, N, cellProbabilities, cells);
      const baseline = new Uint8Array(N);
      const candidate = new Uint8Array(N);
      let i = 0;
      for (let k = 0; k < (cells[0] as number); k++, i++) baseline[i] = candidate[i] = 1;
      for (let k = 0; k < (cells[1] as number); k++, i++) candidate[i] = 1;
      for (let k = 0; k < (cells[2] as number); k++, i++) baseline[i] = 1;
      const input = { kind: "proportion", baseline, candidate } as const;
      record(tally, trueDelta, comparePaired(input), comparePaired(input, { confidence: 1 - 2 * ALPHA }));
    }
    expectCalibrated(tally);
  });

  it("ROC-AUC: the DeLong interval covers the true delta 94–96% of the time and rarely blocks falsely", () => {
    // Binormal model: scores are N(0,1) for negatives and N(μ,1) for positives, the two models'
    // scores correlated (ρ = 0.6) within each example; AUC = Φ(μ/√2) (Hanley 1988).
    const muBaseline = 1.2;
    const muCandidate = 1.0;
    const rho = 0.6;
    const trueDelta = normalCdf(muCandidate / Math.SQRT2) - normalCdf(muBaseline / Math.SQRT2);
    const rng = new Xoshiro128(20_240_102);
    const tally = { covered: 0, blocked95: 0, blocked90: 0 };
    const label = new Uint8Array(N);
    const baselineScore = new Float64Array(N);
    const candidateScore = new Float64Array(N);
    for (let run = 0; run < RUNS; run++) {
      for (let i = 0; i < N; i++) {
        const y = rng.nextFloat() < 0.4 ? 1 : 0;
        const [z1, z2] = normalPair(rng);
        label[i] = y;
        baselineScore[i] = z1 + y * muBaseline;
        candidateScore[i] = rho * z1 + Math.sqrt(1 - rho * rho) * z2 + y * muCandidate;
      }
      const input = { kind: "roc-auc", label, baselineScore, candidateScore } as const;
      record(tally, trueDelta, comparePaired(input), comparePaired(input, { confidence: 1 - 2 * ALPHA }));
    }
    expectCalibrated(tally);
  });

  it("F1: the bootstrap interval covers the population delta 94–96% of the time and rarely blocks falsely", () => {
    // Paired confusion cells, index label·4 + baseline·2 + candidate: 30% positives; among them the
    // baseline finds 75%, the candidate 72%; among negatives the baseline flags 9%, the candidate 10%.
    const cellProbabilities = [
      0.7 * 0.86,
      0.7 * 0.05,
      0.7 * 0.04,
      0.7 * 0.05,
      0.3 * 0.18,
      0.3 * 0.07,
      0.3 * 0.1,
      0.3 * 0.65,
    ];
    // The population F1 is F1 of the expected confusion matrix (the limit of the sample F1).
    const trueDelta =
      confusionF1(sideConfusion(cellProbabilities, 1)) - confusionF1(sideConfusion(cellProbabilities, 0));
    const rng = new Xoshiro128(20_240_103);
    const cells = new Uint32Array(8);
    const label = new Uint8Array(N);
    const baselinePrediction = new Uint8Array(N);
    const candidatePrediction = new Uint8Array(N);
    const tally = { covered: 0, blocked95: 0, blocked90: 0 };
    for (let run = 0; run < RUNS; run++) {
      drawMultinomial(rng, N, cellProbabilities, cells);
      let i = 0;
      for (let k = 0; k < 8; k++) {
        for (let c = 0; c < (cells[k] as number); c++, i++) {
          label[i] = k >> 2;
          baselinePrediction[i] = (k >> 1) & 1;
          candidatePrediction[i] = k & 1;
        }
      }
      const input = { kind: "confusion", label, baselinePrediction, candidatePrediction, metric: confusionF1 } as const;
      const options = { seed: run };
      record(
        tally,
        trueDelta,
        comparePaired(input, options),
        comparePaired(input, { ...options, confidence: 1 - 2 * ALPHA }),
      );
    }
    expectCalibrated(tally);
  });
});
