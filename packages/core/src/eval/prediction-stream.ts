import { InputError, type SourceLocation } from "../errors/input-error.js";
import { readTable, readTableHeader } from "../tabular/read-table.js";
import type { TableBatch, TableHeader } from "../tabular/table-batch.js";
import { quoteName } from "../tabular/value-text.js";
import {
  PREDICTION_COLUMNS,
  type PredictionColumns,
  predictionColumns,
  requirePredictionColumns,
} from "./prediction-columns.js";
import { type DecodedRows, PredictionDecoder } from "./prediction-decoder.js";
import { resolvePredictionFiles } from "./prediction-files.js";
import { DEFAULT_MAX_SLICE_VALUES } from "./slice-dictionary.js";
import type { Task } from "./task.js";
import { inferTask, TASK_INFERENCE_ROWS } from "./task-inference.js";

export interface ReadPredictionsOptions {
  /** The task; inferred from the file when omitted (see inferTask). An explicit task always wins. */
  readonly task?: Task;
  /** Binary threshold for files without a `prediction` column: `score >= threshold`. Default 0.5. */
  readonly threshold?: number;
  /** Slice columns to read; default every column without a reserved meaning. */
  readonly sliceColumns?: readonly string[];
  /** A column with more distinct values than this is not a slice. Default 1000. */
  readonly maxSliceValues?: number;
}

/** What streaming a predictions path learned, besides the rows it delivered. */
export interface PredictionStreamResult {
  readonly source: string;
  readonly files: readonly string[];
  readonly task: Task;
  readonly taskInferred: boolean;
  readonly columns: PredictionColumns;
  readonly decoder: PredictionDecoder;
  readonly rows: number;
  /** Maps a 0-based row over all shards to its file and 1-based data row. */
  locateRow(row: number): SourceLocation;
}

/** The headers of a predictions path's first shard, to choose slice columns before reading. */
export async function readPredictionColumns(pathOrGlob: string): Promise<PredictionColumns> {
  const [first] = await resolvePredictionFiles(pathOrGlob);
  return predictionColumns((await readTableHeader(first as string)).columns);
}

/**
 * Reads a predictions file or glob of shards and hands validated rows to `onRows`, batch by
 * batch, in shard order. Memory holds one batch at a time (plus the first rows, while the task
 * is being inferred). All shards must have the same columns.
 */
export async function streamPredictions(
  pathOrGlob: string,
  options: ReadPredictionsOptions,
  onRows: (
    rows: DecodedRows,
    rowStart: number,
    locateRow: (row: number) => SourceLocation,
    expectedRows: number | undefined,
  ) => void,
): Promise<PredictionStreamResult> {
  const threshold = options.threshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new InputError(`threshold ${threshold} is outside [0, 1]; expected a probability`);
  }
  const files = await resolvePredictionFiles(pathOrGlob);
  const firstHeader = await readTableHeader(files[0] as string);
  const columns = predictionColumns(firstHeader.columns);
  const sliceColumns = (options.sliceColumns ?? columns.sliceCandidates).filter((name) =>
    columns.sliceCandidates.includes(name),
  );
  const wanted = [
    ...Object.values(PREDICTION_COLUMNS),
    ...columns.classScores.map(({ column }) => column),
    ...sliceColumns,
  ];

  // Parquet footers give row counts, so arrays and the id index can be sized once (shards are
  // assumed alike); text formats grow as they go.
  const expectedRows = firstHeader.rowCount === undefined ? undefined : firstHeader.rowCount * files.length;
  let task = options.task;
  let decoder: PredictionDecoder | undefined;
  const pending: TableBatch[] = [];
  let pendingRows = 0;
  let rows = 0;
  let seen = 0;
  const shardStarts: number[] = [];

  const start = (): PredictionDecoder => {
    const taskInferred = task === undefined;
    if (task === undefined) {
      const sample = (name: string): unknown[] | undefined => {
        if (!firstHeader.columns.includes(name)) return undefined;
        const cells: unknown[] = [];
        for (const batch of pending) {
          const column = batch.column(name) as ArrayLike<unknown>;
          for (let r = 0; r < batch.length && cells.length < TASK_INFERENCE_ROWS; r += 1) cells.push(column[r]);
        }
        return cells;
      };
      task = inferTask(columns, {
        label: sample(PREDICTION_COLUMNS.label),
        prediction: sample(PREDICTION_COLUMNS.prediction),
        score: sample(PREDICTION_COLUMNS.score),
      });
    }
    requirePredictionColumns(columns, task, firstHeader.location);
    return new PredictionDecoder({
      task,
      taskInferred,
      threshold,
      columns,
      sliceColumns,
      maxSliceValues: options.maxSliceValues ?? DEFAULT_MAX_SLICE_VALUES,
    });
  };
  const locateRow = (row: number): SourceLocation => {
    let shard = shardStarts.length - 1;
    while (shard > 0 && (shardStarts[shard] as number) > row) shard -= 1;
    return { file: files[shard] as string, row: row - (shardStarts[shard] as number) + 1 };
  };
  const deliver = (active: PredictionDecoder, batch: TableBatch): void => {
    onRows(active.decode(batch), rows, locateRow, expectedRows);
    rows += batch.length;
  };
  const flushPending = (): PredictionDecoder => {
    const active = start();
    for (const batch of pending.splice(0)) deliver(active, batch);
    return active;
  };

  if (task !== undefined) decoder = start();
  for (const file of files) {
    shardStarts.push(seen);
    await readTable(file, {
      columns: wanted,
      onHeader: (header) => checkSameColumns(header, firstHeader),
      onBatch: (batch) => {
        seen += batch.length;
        if (decoder !== undefined) {
          deliver(decoder, batch);
          return;
        }
        pending.push(batch);
        pendingRows += batch.length;
        if (pendingRows >= TASK_INFERENCE_ROWS) decoder = flushPending();
      },
    });
  }
  decoder ??= flushPending();
  if (rows === 0) {
    throw new InputError("has no data rows; expected at least one prediction", {
      file: files.length > 1 ? pathOrGlob : (files[0] as string),
      row: 1,
    });
  }
  return {
    source: pathOrGlob,
    files,
    task: task as Task,
    taskInferred: options.task === undefined,
    columns,
    decoder,
    rows,
    locateRow,
  };
}

function checkSameColumns(header: TableHeader, first: TableHeader): void {
  if (header.file === first.file) return;
  const expected = [...first.columns].sort();
  const actual = [...header.columns].sort();
  if (expected.length !== actual.length || expected.some((name, i) => name !== actual[i])) {
    throw new InputError(
      `has the columns ${header.columns.map(quoteName).join(", ")}; expected the same columns as the first shard ${first.file} (${first.columns.map(quoteName).join(", ")})`,
      header.location,
    );
  }
}
