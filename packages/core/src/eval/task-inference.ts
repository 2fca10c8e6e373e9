import { cellBinary, cellNumber, isMissingCell } from "../tabular/cell-value.js";
import type { PredictionColumns } from "./prediction-columns.js";
import type { Task } from "./task.js";

/** How many leading rows task inference looks at. */
export const TASK_INFERENCE_ROWS = 10_000;

/** The first rows of a predictions file, column by column (undefined for an absent column). */
export interface TaskSample {
  readonly label: ArrayLike<unknown> | undefined;
  readonly prediction: ArrayLike<unknown> | undefined;
  readonly score: ArrayLike<unknown> | undefined;
}

/**
 * The task a predictions file describes when none is given (an explicit task always wins). The
 * rule, applied to the columns and to the first {@link TASK_INFERENCE_ROWS} rows, first match:
 * 1. a `passed` column, or no `label` column → generation;
 * 2. two or more `score.<class>` columns, or `score` cells that are lists → multiclass;
 * 3. every label (and every `prediction`, if present) is 0/1 or true/false → binary;
 * 4. some label is not a number (a class name such as "cat") → multiclass;
 * 5. a `score` column of single numbers → binary (a probability of the positive class; regression
 *    files carry `prediction`), so labels other than 0/1 are then reported as such;
 * 6. every label (and every `prediction`) is an integer → multiclass;
 * 7. otherwise → regression.
 * Ranking is never inferred: it must be named. A later row that contradicts the inferred task
 * is an error whose message says the task was inferred.
 */
export function inferTask(columns: PredictionColumns, sample: TaskSample): Task {
  if (columns.hasPassed || !columns.hasLabel) return "generation";
  if (columns.classScores.length >= 2 || someCell(sample.score, Array.isArray)) return "multiclass-classification";
  const labels = sample.label;
  const predictions = sample.prediction;
  if (everyCell(labels, (v) => cellBinary(v) !== -1) && everyCell(predictions, (v) => cellBinary(v) !== -1)) {
    return "binary-classification";
  }
  if (someCell(labels, (v) => Number.isNaN(cellNumber(v)))) return "multiclass-classification";
  if (columns.hasScore) return "binary-classification";
  const integral = (v: unknown): boolean => Number.isInteger(cellNumber(v));
  if (everyCell(labels, integral) && everyCell(predictions, integral)) return "multiclass-classification";
  return "regression";
}

function everyCell(cells: ArrayLike<unknown> | undefined, test: (value: unknown) => boolean): boolean {
  if (cells === undefined) return true;
  for (let i = 0; i < cells.length; i += 1) {
    const value = cells[i];
    if (!isMissingCell(value) && !test(value)) return false;
  }
  return true;
}

function someCell(cells: ArrayLike<unknown> | undefined, test: (value: unknown) => boolean): boolean {
  return cells !== undefined && !everyCell(cells, (value) => !test(value));
}
