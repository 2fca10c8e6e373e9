import { InputError, type SourceLocation } from "../errors/input-error.js";
import { quoteName } from "../tabular/value-text.js";
import type { Task } from "./task.js";

/**
 * Column names with a meaning in a predictions file (SPEC §5). Per-class scores of a multiclass
 * model are the columns `score.<class>` (one per class, e.g. `score.cat`, `score.dog`); in JSONL
 * or Parquet `score` may instead hold a list, whose i-th entry scores class "i".
 */
export const PREDICTION_COLUMNS = {
  id: "id",
  label: "label",
  prediction: "prediction",
  score: "score",
  passed: "passed",
} as const;

export const CLASS_SCORE_PREFIX = "score.";

/** Which of a file's columns play which role. */
export interface PredictionColumns {
  readonly all: readonly string[];
  readonly hasLabel: boolean;
  readonly hasPrediction: boolean;
  readonly hasScore: boolean;
  readonly hasPassed: boolean;
  /** `score.<class>` columns, in file order. */
  readonly classScores: readonly { readonly column: string; readonly className: string }[];
  /** Every other column: the candidates for slicing (`region` gives `region=eu`, …). */
  readonly sliceCandidates: readonly string[];
}

export function isReservedColumn(name: string): boolean {
  return (Object.values(PREDICTION_COLUMNS) as string[]).includes(name) || name.startsWith(CLASS_SCORE_PREFIX);
}

export function predictionColumns(columns: readonly string[]): PredictionColumns {
  return {
    all: columns,
    hasLabel: columns.includes(PREDICTION_COLUMNS.label),
    hasPrediction: columns.includes(PREDICTION_COLUMNS.prediction),
    hasScore: columns.includes(PREDICTION_COLUMNS.score),
    hasPassed: columns.includes(PREDICTION_COLUMNS.passed),
    classScores: columns
      .filter((name) => name.startsWith(CLASS_SCORE_PREFIX) && name.length > CLASS_SCORE_PREFIX.length)
      .map((column) => ({ column, className: column.slice(CLASS_SCORE_PREFIX.length) })),
    sliceCandidates: columns.filter((name) => !isReservedColumn(name)),
  };
}

/** Throws when a column the task needs is absent, listing the columns the file does have. */
export function requirePredictionColumns(columns: PredictionColumns, task: Task, location: SourceLocation): void {
  const missing = (need: string): never => {
    throw new InputError(
      `has no ${need} column; expected one for ${task} (the file has the columns ${columns.all.map(quoteName).join(", ")})`,
      location,
    );
  };
  if (!columns.all.includes(PREDICTION_COLUMNS.id)) missing('"id"');
  switch (task) {
    case "binary-classification":
      if (!columns.hasLabel) missing('"label"');
      if (!columns.hasPrediction && !columns.hasScore) missing('"prediction" or "score"');
      return;
    case "multiclass-classification":
      if (!columns.hasLabel) missing('"label"');
      if (!columns.hasPrediction && !columns.hasScore && columns.classScores.length === 0) {
        missing('"prediction" or "score.<class>"');
      }
      return;
    case "regression":
      if (!columns.hasLabel) missing('"label"');
      if (!columns.hasPrediction && !columns.hasScore) missing('"prediction"');
      return;
    case "ranking":
      if (!columns.hasLabel) missing('"label"');
      if (!columns.hasScore) missing('"score"');
      return;
    case "generation":
      if (!columns.hasScore && !columns.hasPassed) missing('"score" or "passed"');
      return;
  }
}
