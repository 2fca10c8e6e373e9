import type { Task } from "../eval/task.js";

/** What a caller needs to know about a metric to compare two models on it. */
export interface MetricDefinition {
  /** SPEC §5 name; `recall.<class>` stands for one metric per class. */
  readonly name: string;
  readonly task: Task;
  /** Which way is better. */
  readonly direction: "higher" | "lower";
  /**
   * True when the metric is the weighted mean of a per-example value ({@link exampleValues}
   * gives it), so the paired delta is a mean of per-example differences and an analytic paired
   * interval applies; false when it is a ratio of sums, a rank statistic or a transform of a
   * mean, which need the bootstrap.
   */
  readonly meanOfExamples: boolean;
  /** True when it needs the `score` column (probabilities or per-example scores). */
  readonly needsScore: boolean;
  /** True for the per-class family `recall.<class>`. */
  readonly perClass: boolean;
}

function define(
  task: Task,
  name: string,
  direction: "higher" | "lower",
  meanOfExamples: boolean,
  needsScore: boolean,
): MetricDefinition {
  return { name, task, direction, meanOfExamples, needsScore, perClass: name.endsWith(".<class>") };
}

/** Every metric this module computes, by task (SPEC §5). */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  define("binary-classification", "accuracy", "higher", true, false),
  define("binary-classification", "precision", "higher", false, false),
  define("binary-classification", "recall", "higher", false, false),
  define("binary-classification", "f1", "higher", false, false),
  define("binary-classification", "roc_auc", "higher", false, true),
  define("binary-classification", "average_precision", "higher", false, true),
  define("binary-classification", "log_loss", "lower", true, true),
  define("binary-classification", "brier", "lower", true, true),
  define("binary-classification", "ece", "lower", false, true),
  define("multiclass-classification", "accuracy", "higher", true, false),
  define("multiclass-classification", "macro_f1", "higher", false, false),
  // Single-label micro F1 equals accuracy, hence a mean of per-example correctness.
  define("multiclass-classification", "micro_f1", "higher", true, false),
  define("multiclass-classification", "recall.<class>", "higher", false, false),
  define("regression", "mae", "lower", true, false),
  define("regression", "rmse", "lower", false, false),
  define("regression", "r2", "higher", false, false),
  define("generation", "pass_rate", "higher", true, false),
  define("generation", "mean_score", "higher", true, true),
];

/**
 * The definition of a metric name for a task, resolving `recall.<name>` to the per-class entry;
 * undefined for names this module does not compute (e.g. nested metrics from files).
 */
export function findMetricDefinition(task: Task, name: string): MetricDefinition | undefined {
  for (const definition of METRIC_DEFINITIONS) {
    if (definition.task !== task) continue;
    if (definition.perClass) {
      const prefix = definition.name.slice(0, -"<class>".length);
      if (name.startsWith(prefix) && name.length > prefix.length) return definition;
    } else if (definition.name === name) {
      return definition;
    }
  }
  return undefined;
}
