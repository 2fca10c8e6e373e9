import { describe, expect, it } from "vitest";
import { accuracy } from "../../src/metrics/accuracy.js";
import { averagePrecision, averagePrecisionRanked } from "../../src/metrics/average-precision.js";
import { f1, precision, recall } from "../../src/metrics/binary-confusion.js";
import { binaryMetrics } from "../../src/metrics/binary-metrics.js";
import { brierScore } from "../../src/metrics/brier-score.js";
import { expectedCalibrationError } from "../../src/metrics/expected-calibration-error.js";
import { generationMetrics, meanScore, passRate } from "../../src/metrics/generation-metrics.js";
import { logLoss } from "../../src/metrics/log-loss.js";
import { macroF1, microF1, multiclassMetrics, perClassRecall } from "../../src/metrics/multiclass-metrics.js";
import {
  meanAbsoluteError,
  r2Score,
  regressionMetrics,
  rootMeanSquaredError,
} from "../../src/metrics/regression-metrics.js";
import { rocAuc, rocAucRanked } from "../../src/metrics/roc-auc.js";
import { rankScores } from "../../src/metrics/score-ranking.js";
import {
  type BinaryCase,
  type GenerationCase,
  loadReference,
  type MulticlassCase,
  type RegressionCase,
  referenceDifference,
  TOLERANCE,
} from "./sklearn-fixtures.js";

function column(values: readonly number[]): Float64Array {
  return Float64Array.from(values);
}

/** Every expected key is returned and within tolerance; no other key is returned. */
function expectMatchesReference(actual: Record<string, number>, expected: Record<string, number | null>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [metric, value] of Object.entries(expected)) {
    const difference = referenceDifference(actual[metric], value);
    expect(difference, `${metric}: got ${actual[metric]}, scikit-learn ${value}`).toBeLessThanOrEqual(TOLERANCE);
  }
}

/** The case's weights both as a Float64Array and as a Uint32Array (bootstrap counts). */
function weightVariants(weights: number[] | null): (Float64Array | Uint32Array | undefined)[] {
  return weights === null ? [undefined] : [Float64Array.from(weights), Uint32Array.from(weights)];
}

describe("binary metrics agree with scikit-learn", () => {
  const reference = loadReference<BinaryCase>("binary");
  it.each(reference.cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const label = column(c.label);
    const prediction = column(c.prediction);
    const score = c.score === null ? null : column(c.score);
    for (const weights of weightVariants(c.weights)) {
      const all = binaryMetrics({ label, prediction, score }, weights);
      expectMatchesReference(all, c.expected);
      const single: Record<string, number> = {
        accuracy: accuracy(label, prediction, weights),
        precision: precision(label, prediction, weights),
        recall: recall(label, prediction, weights),
        f1: f1(label, prediction, weights),
      };
      if (score !== null) {
        const ranking = rankScores(score);
        single.roc_auc = rocAuc(label, score, weights);
        single.average_precision = averagePrecision(label, score, weights);
        single.log_loss = logLoss(label, score, weights);
        single.brier = brierScore(label, score, weights);
        single.ece = expectedCalibrationError(label, score, weights);
        expect(rocAucRanked(label, ranking, weights)).toStrictEqual(single.roc_auc);
        expect(averagePrecisionRanked(label, ranking, weights)).toStrictEqual(single.average_precision);
        expect(binaryMetrics({ label, prediction, score }, weights, ranking)).toStrictEqual(all);
      }
      expectMatchesReference(single, c.expected);
    }
  });
});

describe("multiclass metrics agree with scikit-learn", () => {
  const reference = loadReference<MulticlassCase>("multiclass");
  it.each(reference.cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const label = column(c.label);
    const prediction = column(c.prediction);
    const k = c.classes.length;
    for (const weights of weightVariants(c.weights)) {
      expectMatchesReference(multiclassMetrics({ label, prediction, classes: c.classes }, weights), c.expected);
      const single: Record<string, number> = {
        accuracy: accuracy(label, prediction, weights),
        macro_f1: macroF1(label, prediction, k, weights),
        micro_f1: microF1(label, prediction, k, weights),
      };
      perClassRecall(label, prediction, k, weights).forEach((value, index) => {
        single[`recall.${c.classes[index]}`] = value;
      });
      expectMatchesReference(single, c.expected);
    }
  });
});

describe("regression metrics agree with scikit-learn", () => {
  const reference = loadReference<RegressionCase>("regression");
  it.each(reference.cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const label = column(c.label);
    const prediction = column(c.prediction);
    for (const weights of weightVariants(c.weights)) {
      expectMatchesReference(regressionMetrics({ label, prediction }, weights), c.expected);
      expectMatchesReference(
        {
          mae: meanAbsoluteError(label, prediction, weights),
          rmse: rootMeanSquaredError(label, prediction, weights),
          r2: r2Score(label, prediction, weights),
        },
        c.expected,
      );
    }
  });
});

describe("generation metrics agree with numpy", () => {
  const reference = loadReference<GenerationCase>("generation");
  it.each(reference.cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    // A file with only `score` has `passed` as NaN throughout (see PredictionSide).
    const prediction = c.passed === null ? new Float64Array(c.n).fill(Number.NaN) : column(c.passed);
    const score = c.score === null ? null : column(c.score);
    for (const weights of weightVariants(c.weights)) {
      expectMatchesReference(generationMetrics({ prediction, score }, weights), c.expected);
      const single: Record<string, number> = {};
      if (c.passed !== null) single.pass_rate = passRate(prediction, weights);
      if (score !== null) single.mean_score = meanScore(score, weights);
      expectMatchesReference(single, c.expected);
    }
  });
});
