import { InputError, type SourceLocation } from "../errors/input-error.js";
import { cellBinary, cellNumber, cellText, isMissingCell } from "../tabular/cell-value.js";
import type { TableBatch } from "../tabular/table-batch.js";
import { describeValue, quoteName } from "../tabular/value-text.js";
import type { SliceCodes } from "./paired-predictions.js";
import { PREDICTION_COLUMNS, type PredictionColumns } from "./prediction-columns.js";
import { SliceDictionary } from "./slice-dictionary.js";
import type { Task } from "./task.js";

/** One batch of validated rows, columnar (see PredictionSide for what each array holds). */
export interface DecodedRows {
  readonly task: Task;
  /** Multiclass class names by index so far (grows as new classes appear). */
  readonly classNames: readonly string[];
  readonly length: number;
  readonly ids: readonly string[];
  readonly label: Float64Array;
  readonly prediction: Float64Array;
  /** `length × scoreWidth` values, row-major; null when the file has no scores. */
  readonly score: Float64Array | null;
  /** Codes per slice column, in the order of the decoder's `slices`. */
  readonly slices: readonly SliceCodes[];
  locate(r: number): SourceLocation;
}

export interface PredictionDecoderOptions {
  readonly task: Task;
  /** Whether the task was inferred (then a contradicting row says so). */
  readonly taskInferred: boolean;
  /** `prediction = score >= threshold` when a binary file has no `prediction` column. */
  readonly threshold: number;
  readonly columns: PredictionColumns;
  readonly sliceColumns: readonly string[];
  readonly maxSliceValues: number;
}

/**
 * Turns table batches into validated, typed rows for one task. Multiclass class names get
 * indexes in order of first appearance (sorted later, once all are known); when the file has
 * `score.<class>` columns those columns fix the classes and any other label is an error.
 */
export class PredictionDecoder {
  readonly classNames: string[] = [];
  private readonly classIndex = new Map<string, number>();
  private readonly classesFixed: boolean;
  /** Scores per row: 1, the number of classes, or 0 without scores; -1 until a list score is seen. */
  scoreWidth: number;
  readonly slices: readonly SliceDictionary[];
  private readonly o: PredictionDecoderOptions;

  constructor(options: PredictionDecoderOptions) {
    this.o = options;
    const { columns, task } = options;
    this.slices = options.sliceColumns.map((name) => new SliceDictionary(name, options.maxSliceValues));
    this.classesFixed = task === "multiclass-classification" && columns.classScores.length > 0;
    if (this.classesFixed) for (const { className } of columns.classScores) this.classOf(className);
    if (task === "multiclass-classification") {
      this.scoreWidth = columns.classScores.length > 0 ? columns.classScores.length : columns.hasScore ? -1 : 0;
    } else if (task === "regression") {
      this.scoreWidth = 0;
    } else {
      this.scoreWidth = columns.hasScore ? 1 : 0;
    }
  }

  decode(batch: TableBatch): DecodedRows {
    const m = batch.length;
    const { task } = this.o;
    const idCells = batch.column(PREDICTION_COLUMNS.id) as ArrayLike<unknown>;
    const labels = batch.column(PREDICTION_COLUMNS.label);
    const predictions = batch.column(PREDICTION_COLUMNS.prediction);
    const scores = batch.column(PREDICTION_COLUMNS.score);
    const passed = batch.column(PREDICTION_COLUMNS.passed);
    const fail = (r: number, detail: string): never => {
      throw new InputError(detail, batch.locate(r));
    };

    const ids = new Array<string>(m);
    for (let r = 0; r < m; r += 1) {
      const id = cellText(idCells[r]);
      if (id === undefined) fail(r, 'has no "id"; expected a non-empty example id');
      ids[r] = id as string;
    }
    if (task === "multiclass-classification" && this.scoreWidth === -1 && scores !== undefined && m > 0) {
      const first = scores[0];
      if (Array.isArray(first)) {
        this.scoreWidth = first.length;
        for (let k = 0; k < this.scoreWidth; k += 1) this.classOf(String(k));
      } else if (predictions !== undefined) {
        // A single-number `score` beside a multiclass `prediction` is the predicted class's
        // confidence, which no multiclass metric uses.
        this.scoreWidth = 0;
      } else {
        fail(0, `has "score" ${describeValue(first)}; expected a list of per-class scores`);
      }
    }
    const width = Math.max(this.scoreWidth, 0);
    const label = new Float64Array(m);
    const prediction = new Float64Array(m);
    const score = width > 0 ? new Float64Array(m * width) : null;

    switch (task) {
      case "binary-classification":
        for (let r = 0; r < m; r += 1) {
          const y = cellBinary((labels as ArrayLike<unknown>)[r]);
          if (y === -1) fail(r, this.expected("label", (labels as ArrayLike<unknown>)[r], "0 or 1"));
          label[r] = y;
          if (score !== null) score[r] = this.probability(scores as ArrayLike<unknown>, r, fail);
          if (predictions !== undefined) {
            const p = cellBinary(predictions[r]);
            if (p === -1) fail(r, this.expected("prediction", predictions[r], "0 or 1"));
            prediction[r] = p;
          } else {
            prediction[r] = ((score as Float64Array)[r] as number) >= this.o.threshold ? 1 : 0;
          }
        }
        break;
      case "multiclass-classification":
        for (let r = 0; r < m; r += 1) {
          label[r] = this.classCell(labels as ArrayLike<unknown>, "label", r, fail);
          if (score !== null) this.classScores(batch, scores, r, score, width, fail);
          if (predictions !== undefined) {
            prediction[r] = this.classCell(predictions, "prediction", r, fail);
          } else if (score !== null) {
            let best = 0;
            for (let k = 1; k < width; k += 1)
              if ((score[r * width + k] as number) > (score[r * width + best] as number)) best = k;
            prediction[r] = best;
          }
        }
        break;
      case "regression":
      case "ranking":
        for (let r = 0; r < m; r += 1) {
          label[r] = this.finite(labels as ArrayLike<unknown>, "label", r, fail);
          if (score !== null) score[r] = this.finite(scores as ArrayLike<unknown>, "score", r, fail);
          prediction[r] =
            task === "ranking"
              ? ((score as Float64Array)[r] as number)
              : this.finite(
                  (predictions ?? scores) as ArrayLike<unknown>,
                  predictions ? "prediction" : "score",
                  r,
                  fail,
                );
        }
        break;
      case "generation":
        for (let r = 0; r < m; r += 1) {
          label[r] =
            labels === undefined || isMissingCell(labels[r]) ? Number.NaN : this.finite(labels, "label", r, fail);
          if (score !== null) score[r] = this.finite(scores as ArrayLike<unknown>, "score", r, fail);
          if (passed !== undefined) {
            const p = cellBinary(passed[r]);
            if (p === -1) fail(r, this.expected("passed", passed[r], "0 or 1 (or true/false)"));
            prediction[r] = p;
          } else {
            prediction[r] = Number.NaN;
          }
        }
        break;
    }

    const slices = this.slices.map((dictionary) => {
      const cells = batch.column(dictionary.column);
      const codes = new Int32Array(m);
      if (cells === undefined) return codes.fill(-1);
      for (let r = 0; r < m; r += 1) codes[r] = dictionary.code(cellText(cells[r]));
      return codes;
    });
    return {
      task,
      classNames: this.classNames,
      length: m,
      ids,
      label,
      prediction,
      score,
      slices,
      locate: (r) => batch.locate(r),
    };
  }

  private expected(column: string, value: unknown, what: string): string {
    const hint = this.o.taskInferred
      ? ` (the task ${this.o.task} was inferred from the first rows; name the task if that is wrong)`
      : "";
    const shown = isMissingCell(value) ? "has no" : `has ${quoteName(column)}`;
    return isMissingCell(value)
      ? `${shown} ${quoteName(column)}; expected ${what} for ${this.o.task}${hint}`
      : `${shown} ${describeValue(value)}; expected ${what} for ${this.o.task}${hint}`;
  }

  private finite(cells: ArrayLike<unknown>, column: string, r: number, fail: (r: number, d: string) => never): number {
    const value = cellNumber(cells[r]);
    if (!Number.isFinite(value)) fail(r, this.expected(column, cells[r], "a finite number"));
    return value;
  }

  private probability(cells: ArrayLike<unknown>, r: number, fail: (r: number, d: string) => never): number {
    const value = cellNumber(cells[r]);
    if (!(value >= 0 && value <= 1)) {
      fail(r, this.expected("score", cells[r], "a probability between 0 and 1"));
    }
    return value;
  }

  private classCell(
    cells: ArrayLike<unknown>,
    column: string,
    r: number,
    fail: (r: number, d: string) => never,
  ): number {
    const name = cellText(cells[r]);
    if (name === undefined) fail(r, this.expected(column, cells[r], "a class name"));
    const known = this.classIndex.get(name as string);
    if (known !== undefined) return known;
    if (this.classesFixed || this.scoreWidth > 0) {
      fail(
        r,
        `has ${quoteName(column)} ${describeValue(cells[r])}, which is not one of the classes the scores name (${this.classNames.map(quoteName).join(", ")}); expected one of them`,
      );
    }
    return this.classOf(name as string);
  }

  private classScores(
    batch: TableBatch,
    scores: ArrayLike<unknown> | undefined,
    r: number,
    out: Float64Array,
    width: number,
    fail: (r: number, d: string) => never,
  ): void {
    const { classScores } = this.o.columns;
    if (classScores.length > 0) {
      for (let k = 0; k < width; k += 1) {
        const column = (classScores[k] as { column: string }).column;
        out[r * width + k] = this.finite(batch.column(column) as ArrayLike<unknown>, column, r, fail);
      }
      return;
    }
    const list = (scores as ArrayLike<unknown>)[r];
    if (!Array.isArray(list) || list.length !== width) {
      fail(r, `has "score" ${describeValue(list)}; expected a list of ${width} per-class scores, as on the first row`);
    }
    for (let k = 0; k < width; k += 1)
      out[r * width + k] = this.finite(list as unknown[], `score[${k}]`, k, () =>
        fail(r, this.expected(`score[${k}]`, (list as unknown[])[k], "a finite number")),
      );
  }

  private classOf(name: string): number {
    const known = this.classIndex.get(name);
    if (known !== undefined) return known;
    this.classIndex.set(name, this.classNames.length);
    this.classNames.push(name);
    return this.classNames.length - 1;
  }
}
