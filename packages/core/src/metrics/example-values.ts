import type { Task } from "../eval/task.js";
import { exampleLogLoss } from "./log-loss.js";

/** The per-example columns a mean metric can be built from. */
export interface ExampleColumns {
  readonly label: Float64Array;
  readonly prediction: Float64Array;
  readonly score: Float64Array | null;
}

/**
 * The per-example values whose weighted mean is the metric, for the metrics marked
 * `meanOfExamples` in {@link METRIC_DEFINITIONS}: correctness (0/1) for accuracy and micro F1,
 * the clipped log loss, the squared probability error (Brier), the absolute error (MAE), `passed`
 * and the score for generation. The paired delta of such a metric is the mean of the differences
 * of these values between two models on the same examples. Returns null for a metric that is not
 * such a mean, or when it needs a score column that is absent.
 */
export function exampleValues(task: Task, metric: string, columns: ExampleColumns): Float64Array | null {
  const { label, prediction, score } = columns;
  const n = label.length;
  const values = new Float64Array(n);
  const key = `${task}:${metric}`;
  switch (key) {
    case "binary-classification:accuracy":
    case "multiclass-classification:accuracy":
    case "multiclass-classification:micro_f1":
      for (let i = 0; i < n; i++) values[i] = label[i] === prediction[i] ? 1 : 0;
      return values;
    case "binary-classification:log_loss":
      if (score === null) return null;
      for (let i = 0; i < n; i++) values[i] = exampleLogLoss(label[i] as number, score[i] as number);
      return values;
    case "binary-classification:brier":
      if (score === null) return null;
      for (let i = 0; i < n; i++) {
        const error = (label[i] === 1 ? 1 : 0) - (score[i] as number);
        values[i] = error * error;
      }
      return values;
    case "regression:mae":
      for (let i = 0; i < n; i++) values[i] = Math.abs((label[i] as number) - (prediction[i] as number));
      return values;
    case "generation:pass_rate":
      return prediction.slice();
    case "generation:mean_score":
      return score === null ? null : score.slice();
    default:
      return null;
  }
}
