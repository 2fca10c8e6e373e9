import type { ConfusionMetric } from "./confusion-metrics.js";
import { deLongPairedAuc } from "./delong-test.js";
import { mcnemarTest } from "./mcnemar-test.js";
import { newcombePairedInterval } from "./newcombe-paired-interval.js";
import { pairedBootstrap, type WeightedMetric } from "./paired-bootstrap.js";
import { pairedConfusionBootstrap, tallyPairedConfusion } from "./paired-confusion-bootstrap.js";
import { pairedMeanComparison } from "./paired-mean.js";
import { type PairedOutcomeTable, pairedTableSize, tallyPairedOutcomes } from "./paired-outcome-table.js";
import type { ResampleScheme } from "./resample-counts.js";

/**
 * How a paired delta's interval and p-value were computed:
 * - `mcnemar-newcombe`: a proportion of per-example successes (accuracy, pass rate): Newcombe's
 *   hybrid score interval and McNemar's test.
 * - `delong`: ROC-AUC: DeLong's variance of the paired AUC difference, normal interval.
 * - `paired-mean`: a mean of per-example values (log loss, Brier, MAE, mean score): paired t.
 * - `bootstrap`: anything else: the seeded paired percentile bootstrap (on the 8 paired confusion
 *   cells for confusion-cell metrics, on the example indices otherwise).
 */
export type PairedComparisonMethod = "mcnemar-newcombe" | "delong" | "bootstrap" | "paired-mean";

/** The paired comparison of one metric between the baseline and the candidate on the same examples. */
export interface PairedComparison {
  readonly baseline: number;
  readonly candidate: number;
  /** candidate − baseline. */
  readonly delta: number;
  /** Two-sided interval for the population delta at `confidence`, or null when undefined. */
  readonly ci: readonly [number, number] | null;
  /** Two-sided p-value for "no difference", or null when undefined. */
  readonly pValue: number | null;
  /** Paired examples. */
  readonly n: number;
  readonly method: PairedComparisonMethod;
  readonly confidence: number;
}

/** What to compare; the caller picks the kind that fits the metric (see {@link pairedMethodForMetric}). */
export type PairedComparisonInput =
  | {
      /** Per-example outcomes, 1 = correct / passed, 0 = not (accuracy, pass_rate). */
      readonly kind: "proportion";
      readonly baseline: ArrayLike<number>;
      readonly candidate: ArrayLike<number>;
    }
  | {
      readonly kind: "roc-auc";
      /** 0/1. */
      readonly label: ArrayLike<number>;
      readonly baselineScore: Float64Array;
      readonly candidateScore: Float64Array;
    }
  | {
      /** A binary metric of the confusion cells (precision, recall, f1): multinomial fast path. */
      readonly kind: "confusion";
      readonly label: ArrayLike<number>;
      readonly baselinePrediction: ArrayLike<number>;
      readonly candidatePrediction: ArrayLike<number>;
      readonly metric: ConfusionMetric;
    }
  | {
      /** Per-example values whose mean is the metric (per-example log loss, squared error, …). */
      readonly kind: "mean";
      readonly baseline: ArrayLike<number>;
      readonly candidate: ArrayLike<number>;
    }
  | {
      /** Any metric, as closures over each model's data evaluated under resample counts. */
      readonly kind: "bootstrap";
      readonly n: number;
      readonly baseline: WeightedMetric;
      readonly candidate: WeightedMetric;
    };

export interface PairedComparisonOptions {
  /** Two-sided confidence level in (0, 1); default 0.95. */
  readonly confidence?: number;
  /** Bootstrap replicates, ≥ 1,000; default 2,000. */
  readonly resamples?: number;
  /** Bootstrap seed; a fixed default keeps runs reproducible. */
  readonly seed?: number;
  /** Index bootstrap scheme; default multinomial. */
  readonly scheme?: ResampleScheme;
}

export const DEFAULT_CONFIDENCE = 0.95;

/** Compares one metric of two models on the same examples, with an interval and a p-value. */
export function comparePaired(input: PairedComparisonInput, options: PairedComparisonOptions = {}): PairedComparison {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const bootstrapOptions = {
    confidence,
    ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.scheme !== undefined ? { scheme: options.scheme } : {}),
  };
  switch (input.kind) {
    case "proportion":
      return compareOutcomeTable(tallyPairedOutcomes(input.baseline, input.candidate), confidence);
    case "roc-auc": {
      const result = deLongPairedAuc(input.label, input.baselineScore, input.candidateScore, confidence);
      return {
        baseline: result.baselineAuc,
        candidate: result.candidateAuc,
        delta: result.delta,
        ci: result.ci,
        pValue: result.pValue,
        n: input.label.length,
        method: "delong",
        confidence,
      };
    }
    case "confusion": {
      const cells = tallyPairedConfusion(input.label, input.baselinePrediction, input.candidatePrediction);
      const result = pairedConfusionBootstrap(cells, input.metric, bootstrapOptions);
      return fromBootstrap(result, input.label.length, confidence);
    }
    case "mean": {
      const result = pairedMeanComparison(input.baseline, input.candidate, confidence);
      const { baseline, candidate, delta, ci, pValue } = result;
      return { baseline, candidate, delta, ci, pValue, n: input.baseline.length, method: "paired-mean", confidence };
    }
    case "bootstrap": {
      const result = pairedBootstrap(input.n, input.baseline, input.candidate, bootstrapOptions);
      return fromBootstrap(result, input.n, confidence);
    }
  }
}

/** The comparison of two success proportions from their paired table: Newcombe's interval and McNemar's test. */
export function compareOutcomeTable(table: PairedOutcomeTable, confidence: number): PairedComparison {
  const n = pairedTableSize(table);
  const baseline = (table.bothCorrect + table.baselineOnly) / n;
  const candidate = (table.bothCorrect + table.candidateOnly) / n;
  return {
    baseline,
    candidate,
    delta: (table.candidateOnly - table.baselineOnly) / n,
    ci: newcombePairedInterval(table, confidence),
    pValue: n === 0 ? null : mcnemarTest(table).pValue,
    n,
    method: "mcnemar-newcombe",
    confidence,
  };
}

function fromBootstrap(
  result: {
    baseline: number;
    candidate: number;
    delta: number;
    ci: readonly [number, number] | null;
    pValue: number | null;
  },
  n: number,
  confidence: number,
): PairedComparison {
  const { baseline, candidate, delta, ci, pValue } = result;
  return { baseline, candidate, delta, ci, pValue, n, method: "bootstrap", confidence };
}

/**
 * Which method suits a metric (SPEC §5 names): success proportions go to McNemar/Newcombe,
 * ROC-AUC to DeLong, means of per-example values to the paired t interval, everything else to
 * the bootstrap (binary precision/recall/f1 through the confusion-cell fast path).
 */
export function pairedMethodForMetric(metric: string): PairedComparisonMethod {
  switch (metric) {
    case "accuracy":
    case "pass_rate":
      return "mcnemar-newcombe";
    case "roc_auc":
      return "delong";
    case "log_loss":
    case "brier":
    case "mae":
    case "mean_score":
      return "paired-mean";
    default:
      return "bootstrap";
  }
}
