import type { PredictionSide } from "../eval/paired-predictions.js";
import type { Task } from "../eval/task.js";
import { weightedAveragePrecision } from "../metrics/average-precision.js";
import { binaryMetrics } from "../metrics/binary-metrics.js";
import { exampleValues } from "../metrics/example-values.js";
import { weightedCalibrationError } from "../metrics/expected-calibration-error.js";
import { generationMetrics } from "../metrics/generation-metrics.js";
import { multiclassMetrics } from "../metrics/multiclass-metrics.js";
import { r2Score, regressionMetrics, rootMeanSquaredError } from "../metrics/regression-metrics.js";
import { hasNaN, rankScores, type ScoreRanking } from "../metrics/score-ranking.js";
import { comparePaired, type PairedComparison, type PairedComparisonInput } from "../stats/compare-paired.js";
import { type ConfusionMetric, confusionF1, confusionPrecision, confusionRecall } from "../stats/confusion-metrics.js";
import { type ExampleSet, gather } from "./example-set.js";
import { jointPairedBootstrap } from "./joint-paired-bootstrap.js";
import { bagOfLittleBootstraps, LITTLE_BOOTSTRAP_MIN_EXAMPLES, type MetricPoint } from "./little-bootstraps.js";
import { multiclassCellsBootstrap } from "./multiclass-cells-bootstrap.js";
import type { PairedMetricsOn, ResamplingOptions } from "./paired-weighted-metrics.js";
import { rankedDeLong } from "./ranked-delong.js";
import { rankFewScores, restrictRanking } from "./restricted-ranking.js";
import type { RowStatistics } from "./row-statistics.js";

/**
 * One metric on one set of examples: each side's value (null when that side's file cannot give
 * it, NaN when it is undefined on these examples) and the paired statistics when both sides can.
 */
export interface MetricStatistics {
  readonly metric: string;
  readonly baseline: number | null;
  readonly candidate: number | null;
  readonly statistics: RowStatistics | null;
}

/**
 * Every metric of the task on one set of examples, each compared with the method that fits it
 * (docs/gates.md, "How each interval is computed"):
 * - accuracy, micro F1, pass rate: McNemar's test and Newcombe's paired interval;
 * - ROC-AUC: DeLong, from one score ranking per model;
 * - log loss, Brier, MAE, mean score: the paired t interval of per-example differences;
 * - binary precision, recall, F1: the bootstrap on the 8 paired confusion cells;
 * - macro F1, per-class recall: the bootstrap on the paired class cells;
 * - average precision, ECE, RMSE, R²: the paired index bootstrap, or the bag of little bootstraps
 *   from {@link LITTLE_BOOTSTRAP_MIN_EXAMPLES} examples on.
 * Ranking tasks have no per-example metric here (none is in the catalog) and give no rows.
 */
export function compareExampleSet(
  task: Task,
  set: ExampleSet,
  classes: readonly string[] | null,
  options: ResamplingOptions,
  rankings: SideRankings = {},
): MetricStatistics[] {
  switch (task) {
    case "binary-classification":
      return compareBinary(set, options, rankings);
    case "multiclass-classification":
      return compareMulticlass(set, classes ?? [], options);
    case "regression":
      return compareRegression(set, options);
    case "generation":
      return compareGeneration(set, options);
    case "ranking":
      return [];
  }
}

/** Each model's score ranking of the set, when the caller already has it (see `partitionRanking`). */
export interface SideRankings {
  readonly baseline?: ScoreRanking | undefined;
  readonly candidate?: ScoreRanking | undefined;
}

/** Union of both sides' metric names in the first side's order, then the second's extras. */
export function mergeSides(
  baseline: Record<string, number>,
  candidate: Record<string, number>,
  statistics: ReadonlyMap<string, RowStatistics>,
): MetricStatistics[] {
  const names = [...Object.keys(baseline), ...Object.keys(candidate).filter((k) => !Object.hasOwn(baseline, k))];
  return names.map((metric) => {
    const stats = statistics.get(metric) ?? null;
    return {
      metric,
      baseline: Object.hasOwn(baseline, metric) ? (baseline[metric] as number) : null,
      candidate: Object.hasOwn(candidate, metric) ? (candidate[metric] as number) : null,
      statistics: stats,
    };
  });
}

/** An analytic or cell-bootstrap comparison from `stats/compare-paired.ts`, at every level. */
function atLevels(input: PairedComparisonInput, options: ResamplingOptions): RowStatistics {
  return statisticsAtLevels(options.levels, (confidence) =>
    comparePaired(input, { confidence, resamples: options.resamples, seed: options.seed }),
  );
}

/** One comparison made at every level: the first level's values, and each level's interval. */
export function statisticsAtLevels(
  levels: readonly number[],
  compare: (confidence: number) => PairedComparison,
): RowStatistics {
  const results = levels.map(compare);
  const first = results[0];
  if (first === undefined) throw new RangeError("at least one confidence level is needed");
  return {
    baseline: first.baseline,
    candidate: first.candidate,
    delta: first.delta,
    intervals: results.map((r) => r.ci),
    pValue: first.pValue,
    method: first.method,
  };
}

/** Metrics bootstrapped jointly are resampled when any of them is wanted. */
export function wantsIndexBootstrap(options: ResamplingOptions, metrics: readonly string[]): boolean {
  return options.indexBootstrap === undefined || metrics.some((m) => options.indexBootstrap?.(m));
}

function resampled(n: number, metricsOn: PairedMetricsOn, options: ResamplingOptions): RowStatistics[] {
  return n >= LITTLE_BOOTSTRAP_MIN_EXAMPLES
    ? bagOfLittleBootstraps(n, metricsOn, options)
    : jointPairedBootstrap(n, metricsOn, options);
}

function outcomes(label: Float64Array, prediction: Float64Array): Uint8Array {
  const out = new Uint8Array(label.length);
  for (let i = 0; i < label.length; i++) out[i] = label[i] === prediction[i] ? 1 : 0;
  return out;
}

function meanInput(task: Task, metric: string, set: ExampleSet): PairedComparisonInput | null {
  const b = exampleValues(task, metric, { label: set.label, ...set.baseline });
  const c = exampleValues(task, metric, { label: set.label, ...set.candidate });
  return b === null || c === null ? null : { kind: "mean", baseline: b, candidate: c };
}

function usableScore(side: PredictionSide): Float64Array | null {
  return side.score !== null && !hasNaN(side.score) ? side.score : null;
}

const CONFUSION_METRICS: readonly (readonly [string, ConfusionMetric])[] = [
  ["precision", confusionPrecision],
  ["recall", confusionRecall],
  ["f1", confusionF1],
];

function compareBinary(set: ExampleSet, options: ResamplingOptions, rankings: SideRankings): MetricStatistics[] {
  const { label, baseline, candidate } = set;
  const baselineScore = usableScore(baseline);
  const candidateScore = usableScore(candidate);
  const baselineRanking = baselineScore === null ? undefined : (rankings.baseline ?? rankScores(baselineScore));
  const candidateRanking = candidateScore === null ? undefined : (rankings.candidate ?? rankScores(candidateScore));
  const baselineValues = binaryMetrics({ label, ...baseline }, undefined, baselineRanking);
  const candidateValues = binaryMetrics({ label, ...candidate }, undefined, candidateRanking);

  const statistics = new Map<string, RowStatistics>();
  statistics.set(
    "accuracy",
    atLevels(
      {
        kind: "proportion",
        baseline: outcomes(label, baseline.prediction),
        candidate: outcomes(label, candidate.prediction),
      },
      options,
    ),
  );
  for (const [name, metric] of CONFUSION_METRICS) {
    statistics.set(
      name,
      atLevels(
        {
          kind: "confusion",
          label,
          baselinePrediction: baseline.prediction,
          candidatePrediction: candidate.prediction,
          metric,
        },
        options,
      ),
    );
  }
  if (baselineScore !== null && candidateScore !== null && baselineRanking && candidateRanking) {
    statistics.set("roc_auc", rankedDeLong(label, baselineRanking, candidateRanking, options.levels));
    for (const metric of ["log_loss", "brier"]) {
      const input = meanInput("binary-classification", metric, set);
      if (input) statistics.set(metric, atLevels(input, options));
    }
    if (wantsIndexBootstrap(options, SCORE_INDEX_BOOTSTRAP)) {
      const [averagePrecision, ece] = scoreIndexBootstrap(
        label,
        { score: baselineScore, ranking: () => baselineRanking },
        { score: candidateScore, ranking: () => candidateRanking },
        options,
      );
      if (averagePrecision) statistics.set("average_precision", averagePrecision);
      if (ece) statistics.set("ece", ece);
    }
  }
  return mergeSides(baselineValues, candidateValues, statistics);
}

/** The binary metrics resampled example by example, jointly. */
export const SCORE_INDEX_BOOTSTRAP: readonly string[] = ["average_precision", "ece"];

/**
 * Average precision and ECE under the paired index bootstrap (or the bag of little bootstraps
 * from {@link LITTLE_BOOTSTRAP_MIN_EXAMPLES} examples on), each model's scores with their ranking
 * (made when first needed). `known` are the two metrics' values on all the examples, when the
 * caller has them as the metrics compute them.
 */
export function scoreIndexBootstrap(
  label: Float64Array,
  baseline: RankedScores,
  candidate: RankedScores,
  options: ResamplingOptions,
  known?: readonly MetricPoint[],
): RowStatistics[] {
  const baselineScore = baseline.score;
  const candidateScore = candidate.score;
  const position = new Int32Array(label.length).fill(-1);
  const metricsOn: PairedMetricsOn = (indices) => {
    const y = indices === null ? label : gather(label, indices, 1);
    const sb = indices === null ? baselineScore : gather(baselineScore, indices, 1);
    const sc = indices === null ? candidateScore : gather(candidateScore, indices, 1);
    const rb =
      indices === null ? baseline.ranking() : subsetRanking(baseline.ranking, baselineScore, sb, indices, position);
    const rc =
      indices === null ? candidate.ranking() : subsetRanking(candidate.ranking, candidateScore, sc, indices, position);
    return [
      { baseline: weightedAveragePrecision(y, rb), candidate: weightedAveragePrecision(y, rc) },
      { baseline: weightedCalibrationError(y, sb), candidate: weightedCalibrationError(y, sc) },
    ];
  };
  return label.length >= LITTLE_BOOTSTRAP_MIN_EXAMPLES
    ? bagOfLittleBootstraps(label.length, metricsOn, options, known)
    : jointPairedBootstrap(label.length, metricsOn, options);
}

/** One model's scores and their ranking, made on demand. */
export interface RankedScores {
  readonly score: Float64Array;
  readonly ranking: () => ScoreRanking;
}

/**
 * A subset's ranking: read off the whole ranking when the subset is a sizeable share of it, sorted
 * afresh when it is small (a restriction reads the whole order; the crossover measured at 1M rows
 * is about 1 in 64).
 */
function subsetRanking(
  whole: () => ScoreRanking,
  wholeScore: Float64Array,
  subsetScore: Float64Array,
  indices: Uint32Array,
  position: Int32Array,
): ScoreRanking {
  return indices.length * 64 < wholeScore.length
    ? rankFewScores(subsetScore)
    : restrictRanking(whole(), wholeScore, indices, position);
}

function compareMulticlass(
  set: ExampleSet,
  classes: readonly string[],
  options: ResamplingOptions,
): MetricStatistics[] {
  const { label, baseline, candidate } = set;
  const baselineValues = multiclassMetrics({ label, prediction: baseline.prediction, classes });
  const candidateValues = multiclassMetrics({ label, prediction: candidate.prediction, classes });
  const statistics = new Map<string, RowStatistics>();
  // Single-label micro F1 is accuracy, so both are a proportion of correct examples.
  const correct = atLevels(
    {
      kind: "proportion",
      baseline: outcomes(label, baseline.prediction),
      candidate: outcomes(label, candidate.prediction),
    },
    options,
  );
  statistics.set("accuracy", correct);
  statistics.set("micro_f1", correct);
  const cells = multiclassCellsBootstrap(label, baseline.prediction, candidate.prediction, classes.length, options);
  statistics.set("macro_f1", cells[0] as RowStatistics);
  classes.forEach((name, k) => {
    statistics.set(`recall.${name}`, cells[1 + k] as RowStatistics);
  });
  return mergeSides(baselineValues, candidateValues, statistics);
}

function compareRegression(set: ExampleSet, options: ResamplingOptions): MetricStatistics[] {
  const { label, baseline, candidate } = set;
  const baselineValues = regressionMetrics({ label, prediction: baseline.prediction });
  const candidateValues = regressionMetrics({ label, prediction: candidate.prediction });
  const statistics = new Map<string, RowStatistics>();
  const mae = meanInput("regression", "mae", set);
  if (mae) statistics.set("mae", atLevels(mae, options));
  const metricsOn: PairedMetricsOn = (indices) => {
    const y = indices === null ? label : gather(label, indices, 1);
    const pb = indices === null ? baseline.prediction : gather(baseline.prediction, indices, 1);
    const pc = indices === null ? candidate.prediction : gather(candidate.prediction, indices, 1);
    return [
      { baseline: (w) => rootMeanSquaredError(y, pb, w), candidate: (w) => rootMeanSquaredError(y, pc, w) },
      { baseline: (w) => r2Score(y, pb, w), candidate: (w) => r2Score(y, pc, w) },
    ];
  };
  if (wantsIndexBootstrap(options, ["rmse", "r2"])) {
    const [rmse, r2] = resampled(set.n, metricsOn, options);
    if (rmse) statistics.set("rmse", rmse);
    if (r2) statistics.set("r2", r2);
  }
  return mergeSides(baselineValues, candidateValues, statistics);
}

function compareGeneration(set: ExampleSet, options: ResamplingOptions): MetricStatistics[] {
  const baselineValues = generationMetrics(set.baseline);
  const candidateValues = generationMetrics(set.candidate);
  const statistics = new Map<string, RowStatistics>();
  if ("pass_rate" in baselineValues && "pass_rate" in candidateValues) {
    statistics.set(
      "pass_rate",
      atLevels({ kind: "proportion", baseline: set.baseline.prediction, candidate: set.candidate.prediction }, options),
    );
  }
  const meanScore = meanInput("generation", "mean_score", set);
  if (meanScore) statistics.set("mean_score", atLevels(meanScore, options));
  return mergeSides(baselineValues, candidateValues, statistics);
}
