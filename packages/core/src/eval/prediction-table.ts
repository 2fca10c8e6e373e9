import { InputError, type SourceLocation } from "../errors/input-error.js";
import { quoteName } from "../tabular/value-text.js";
import { sortClasses } from "./class-order.js";
import { ExampleIds, IdIndex } from "./example-ids.js";
import type { SliceColumn } from "./paired-predictions.js";
import { type ReadPredictionsOptions, streamPredictions } from "./prediction-stream.js";
import { sortedSliceColumn } from "./slice-dictionary.js";
import type { Task } from "./task.js";

/**
 * One model's per-example predictions, columnar: typed arrays instead of row objects, ids kept
 * compactly. Row i of every array is the i-th data row over all shards in order.
 */
export interface PredictionTable {
  /** The path or glob as given. */
  readonly source: string;
  readonly files: readonly string[];
  readonly task: Task;
  readonly taskInferred: boolean;
  readonly n: number;
  readonly ids: ExampleIds;
  /** Finds a row by id in expected O(1). */
  readonly index: IdIndex;
  /** As in PredictionSide / PairedPredictions: 0/1, class index, value, or NaN. */
  readonly label: Float64Array;
  readonly prediction: Float64Array;
  /** n × scoreWidth, row-major, or null. */
  readonly score: Float64Array | null;
  readonly scoreWidth: number;
  /** Multiclass class names by index (sorted), null otherwise. */
  readonly classes: readonly string[] | null;
  /** Every column of the (first) file. */
  readonly columns: readonly string[];
  readonly slices: ReadonlyMap<string, SliceColumn>;
  /** Columns left out of `slices` for having too many distinct values. */
  readonly droppedSliceColumns: readonly string[];
  /** The file and 1-based data row of row i. */
  locate(row: number): SourceLocation;
}

export type { ReadPredictionsOptions } from "./prediction-stream.js";

/**
 * Reads a predictions file (CSV, JSONL, Parquet) or a glob of shards into a PredictionTable,
 * validating every row; a repeated id is an error naming the id and both rows.
 */
export async function readPredictions(
  pathOrGlob: string,
  options: ReadPredictionsOptions = {},
): Promise<PredictionTable> {
  let ids = new ExampleIds();
  let index = new IdIndex(ids);
  let capacity = 1024;
  let label: Float64Array = new Float64Array(capacity);
  let prediction: Float64Array = new Float64Array(capacity);
  let score: Float64Array | null = null;
  let slices: Int32Array[] | undefined;
  let n = 0;

  const stream = await streamPredictions(pathOrGlob, options, (rows, _rowStart, locateRow, expectedRows) => {
    const m = rows.length;
    if (n === 0 && expectedRows !== undefined && expectedRows > capacity) {
      capacity = expectedRows;
      ids = new ExampleIds(expectedRows);
      index = new IdIndex(ids, expectedRows);
      label = new Float64Array(capacity);
      prediction = new Float64Array(capacity);
    }
    const width = rows.score === null || m === 0 ? 0 : rows.score.length / m;
    slices ??= rows.slices.map(() => new Int32Array(capacity));
    if (n + m > capacity) {
      capacity = Math.max(capacity * 2, n + m);
      label = resized(label, capacity);
      prediction = resized(prediction, capacity);
      if (score !== null) score = resized(score, capacity * width);
      slices = slices.map((codes) => resizedInt(codes, capacity));
    }
    if (rows.score !== null) {
      score ??= new Float64Array(capacity * width);
      score.set(rows.score, n * width);
    }
    label.set(rows.label, n);
    prediction.set(rows.prediction, n);
    slices.forEach((codes, s) => {
      codes.set(rows.slices[s] as Int32Array, n);
    });
    for (let r = 0; r < m; r += 1) {
      const earlier = index.insert(ids.push(rows.ids[r] as string));
      if (earlier !== -1) throw duplicateIdError(rows.ids[r] as string, locateRow(earlier), rows.locate(r));
    }
    n += m;
  });

  const { decoder, task } = stream;
  const width = Math.max(decoder.scoreWidth, 0);
  let finalScore: Float64Array | null = score === null ? null : (score as Float64Array).subarray(0, n * width);
  let classes: string[] | null = null;
  const finalLabel = label.subarray(0, n);
  const finalPrediction = prediction.subarray(0, n);
  if (task === "multiclass-classification") {
    const sorted = sortClasses(decoder.classNames, [finalLabel, finalPrediction], finalScore, width);
    classes = sorted.classes;
    finalScore = sorted.score;
  }
  const sliceMap = new Map<string, SliceColumn>();
  const dropped: string[] = [];
  decoder.slices.forEach((dictionary, s) => {
    if (dictionary.overflowed) dropped.push(dictionary.column);
    else
      sliceMap.set(
        dictionary.column,
        sortedSliceColumn(((slices as Int32Array[])[s] as Int32Array).subarray(0, n), dictionary.values),
      );
  });
  return {
    source: pathOrGlob,
    files: stream.files,
    task,
    taskInferred: stream.taskInferred,
    n,
    ids,
    index,
    label: finalLabel,
    prediction: finalPrediction,
    score: finalScore,
    scoreWidth: width,
    classes,
    columns: stream.columns.all,
    slices: sliceMap,
    droppedSliceColumns: dropped,
    locate: stream.locateRow,
  };
}

export function duplicateIdError(id: string, first: SourceLocation, second: SourceLocation): InputError {
  const where = first.file === second.file ? `row ${first.row}` : `${first.file}: row ${first.row}`;
  return new InputError(`repeats the id ${quoteName(id)} first seen at ${where}; expected each id once`, second);
}

function resized(array: Float64Array, length: number): Float64Array {
  const next = new Float64Array(length);
  next.set(array.subarray(0, Math.min(array.length, length)));
  return next;
}

function resizedInt(array: Int32Array, length: number): Int32Array {
  const next = new Int32Array(length);
  next.set(array.subarray(0, Math.min(array.length, length)));
  return next;
}
