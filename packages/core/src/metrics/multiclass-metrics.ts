import type { ExampleWeights } from "../eval/paired-predictions.js";
import { assertAlignedColumns, weightAt } from "./metric-input.js";

/** One side of a multiclass evaluation: class indices into `classes`. */
export interface MulticlassPredictions {
  /** True class index into `classes`. */
  readonly label: Float64Array;
  /** Predicted class index into `classes`. */
  readonly prediction: Float64Array;
  /** Class names by index, as in {@link PairedPredictions.classes}. */
  readonly classes: readonly string[];
}

/** Weighted per-class counts, the sufficient statistics of every multiclass metric here. */
export interface MulticlassConfusion {
  /** Weight of examples of class k predicted as k. */
  readonly correct: Float64Array;
  /** Weight of examples whose true class is k (the support). */
  readonly actual: Float64Array;
  /** Weight of examples predicted as class k. */
  readonly predicted: Float64Array;
  /** Total weight. */
  readonly total: number;
}

/** One pass; throws RangeError on a class index outside `0 … classCount − 1`. */
export function multiclassConfusion(
  label: Float64Array,
  prediction: Float64Array,
  classCount: number,
  weights?: ExampleWeights,
): MulticlassConfusion {
  const n = assertAlignedColumns({ label, prediction, weights });
  const correct = new Float64Array(classCount);
  const actual = new Float64Array(classCount);
  const predicted = new Float64Array(classCount);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(weights, i);
    if (w === 0) continue;
    const y = label[i] as number;
    const p = prediction[i] as number;
    if (!(Number.isInteger(y) && y >= 0 && y < classCount && Number.isInteger(p) && p >= 0 && p < classCount)) {
      throw new RangeError(`example ${i} has class index ${y}/${p}, expected 0…${classCount - 1}`);
    }
    actual[y] = (actual[y] as number) + w;
    predicted[p] = (predicted[p] as number) + w;
    if (y === p) correct[y] = (correct[y] as number) + w;
    total += w;
  }
  return { correct, actual, predicted, total };
}

/**
 * Unweighted mean over classes of per-class F1 = 2·TP_k / (support_k + predicted_k), over the
 * classes that occur among the examples with weight, as true or predicted class: this is
 * scikit-learn's `f1_score(average="macro")` without `labels`, which averages over the union of
 * the labels in `y_true` and `y_pred`. A class in `classes` that neither occurs nor is predicted
 * does not dilute the mean. NaN for an empty input.
 */
export function macroF1FromConfusion(c: MulticlassConfusion): number {
  let sum = 0;
  let present = 0;
  for (let k = 0; k < c.correct.length; k++) {
    const denominator = (c.actual[k] as number) + (c.predicted[k] as number);
    if (denominator === 0) continue;
    present++;
    sum += (2 * (c.correct[k] as number)) / denominator;
  }
  return present === 0 ? Number.NaN : sum / present;
}

/**
 * Micro-averaged F1 = 2·ΣTP / (Σsupport + Σpredicted). For single-label multiclass data both
 * sums are the total weight, so it equals accuracy (as in scikit-learn). NaN for an empty input.
 */
export function microF1FromConfusion(c: MulticlassConfusion): number {
  let correct = 0;
  for (let k = 0; k < c.correct.length; k++) correct += c.correct[k] as number;
  return c.total === 0 ? Number.NaN : correct / c.total;
}

/**
 * Recall of class k = TP_k / support_k. A class with no example (support 0) gets 0, scikit-learn's
 * `zero_division` default for `recall_score(labels=classes, average=None)`, which also warns.
 */
export function classRecallFromConfusion(c: MulticlassConfusion, k: number): number {
  const support = c.actual[k] as number;
  return support === 0 ? 0 : (c.correct[k] as number) / support;
}

/** Macro F1 (see {@link macroF1FromConfusion}). */
export function macroF1(
  label: Float64Array,
  prediction: Float64Array,
  classCount: number,
  weights?: ExampleWeights,
): number {
  return macroF1FromConfusion(multiclassConfusion(label, prediction, classCount, weights));
}

/** Micro F1 (see {@link microF1FromConfusion}). */
export function microF1(
  label: Float64Array,
  prediction: Float64Array,
  classCount: number,
  weights?: ExampleWeights,
): number {
  return microF1FromConfusion(multiclassConfusion(label, prediction, classCount, weights));
}

/** Per-class recall, by class index (see {@link classRecallFromConfusion}). */
export function perClassRecall(
  label: Float64Array,
  prediction: Float64Array,
  classCount: number,
  weights?: ExampleWeights,
): Float64Array {
  const c = multiclassConfusion(label, prediction, classCount, weights);
  return Float64Array.from({ length: classCount }, (_, k) => classRecallFromConfusion(c, k));
}

/**
 * Every multiclass metric of SPEC §5: `accuracy`, `macro_f1`, `micro_f1`, and `recall.<class>`
 * for every name in `classes` (so the keys are the same for every resample and slice).
 */
export function multiclassMetrics(input: MulticlassPredictions, weights?: ExampleWeights): Record<string, number> {
  const c = multiclassConfusion(input.label, input.prediction, input.classes.length, weights);
  const micro = microF1FromConfusion(c);
  const metrics: Record<string, number> = {
    accuracy: micro,
    macro_f1: macroF1FromConfusion(c),
    micro_f1: micro,
  };
  input.classes.forEach((name, k) => {
    metrics[`recall.${name}`] = classRecallFromConfusion(c, k);
  });
  return metrics;
}
