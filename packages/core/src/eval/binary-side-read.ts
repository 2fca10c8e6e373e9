import { closeSync, openSync } from "node:fs";
import {
  asyncBufferFromFile,
  type ColumnChunk,
  type FileMetaData,
  parquetMetadataAsync,
  parquetSchema,
} from "hyparquet";
import { InputError } from "../errors/input-error.js";
import { cellBinary, cellNumber, cellText } from "../tabular/cell-value.js";
import {
  decodeNumberColumn,
  decodeTextColumn,
  type FlatColumn,
  flatColumns,
  readColumnChunk,
  type TextSink,
  UnreadableFlatColumn,
} from "../tabular/parquet-flat-columns.js";
import { readParquetTable } from "../tabular/parquet-table.js";
import { type FieldEnds, NotPlainCsv, readPlainCsvHeader, scanPlainCsv } from "../tabular/plain-csv-rows.js";
import { tableFormatFromPath } from "../tabular/table-format.js";
import { checkHeaderNames } from "../tabular/table-header.js";
import { isUtf8Range } from "../tabular/utf8-text.js";
import { binaryFromBytes, numberFromBytes } from "./binary-cells.js";
import { ByteSliceDictionary } from "./byte-slice-dictionary.js";
import { ExampleIds, IdIndex } from "./example-ids.js";
import type { SliceCodes } from "./paired-predictions.js";
import { PREDICTION_COLUMNS } from "./prediction-columns.js";
import { sharedArray } from "./shared-array.js";

/**
 * One side of a binary pairing to read (all its files CSV, or all Parquet): what to keep of it.
 * Plain data, so that a worker thread can be given it.
 */
export interface BinarySideRequest {
  readonly files: readonly string[];
  readonly threshold: number;
  /** Slice columns to code (the candidate's; the baseline's slices are not used). */
  readonly sliceNames: readonly string[];
  /** Index the ids by hash: the baseline, which candidate rows are looked up in. */
  readonly index: boolean;
  /** An estimate of the rows over all files, to size arrays once. */
  readonly expectedRows: number;
  readonly maxSliceValues: number;
}

/** A slice column of one side: codes by row and the values they stand for; null codes: overflowed. */
export interface BinarySideSlice {
  readonly column: string;
  readonly codes: SliceCodes | null;
  readonly values: readonly string[];
}

/**
 * One side read into typed arrays, rows in file order. Plain data of typed arrays, so it crosses
 * threads without a copy (each array's buffer is transferred).
 */
export interface BinarySideColumns {
  readonly n: number;
  /** Row i's id is the UTF-8 `idBytes[idEnds[i − 1], idEnds[i])` (from 0 for row 0). */
  readonly idBytes: Uint8Array;
  readonly idEnds: Uint32Array;
  /** Each row id's FNV-1a hash (see `fnv1a`), when the side was not indexed. */
  readonly idHashes: Int32Array | null;
  /** The id index's slots (see `IdIndex`), when the side was indexed. */
  readonly indexSlots: Int32Array | null;
  /**
   * 0 or 1 by row: the baseline's as bytes (gathered into candidate order later), the candidate's
   * as the doubles of the paired columns they become, in shared memory.
   */
  readonly label: BinaryColumn;
  readonly prediction: BinaryColumn;
  readonly score: Float64Array | null;
  readonly slices: readonly BinarySideSlice[];
}

/** Signals that this side needs the general reader; never leaves this module. */
class NeedsGeneralReader extends Error {}

/**
 * Reads one side of a binary pairing straight into typed arrays: no row objects, no string per
 * cell, ids kept as bytes. Undefined whenever the general reader is needed — a quoted CSV, shards
 * whose columns differ, or any invalid row (the general reader then reports the error with its
 * file and row) — so that only complete, valid input takes this path and errors stay in one place.
 */
export async function readBinarySide(request: BinarySideRequest): Promise<BinarySideColumns | undefined> {
  const side = new SideBuilder(request);
  try {
    for (const file of request.files) {
      if (tableFormatFromPath(file) === "parquet") await readParquetFile(file, side);
      else await readCsvFile(file, side);
    }
    return side.finish();
  } catch (error) {
    if (error instanceof NeedsGeneralReader || error instanceof NotPlainCsv || error instanceof InputError) {
      return undefined;
    }
    throw error;
  }
}

/** The side's arrays as they fill, a batch of rows at a time. */
class SideBuilder {
  n = 0;
  private capacity: number;
  private readonly ids: ExampleIds;
  private hashes: Int32Array;
  label: BinaryColumn;
  prediction: BinaryColumn;
  score: Float64Array | null = null;
  readonly dictionaries: readonly ByteSliceDictionary[];
  private codes: SliceCodes[];
  /** The first file's columns, sorted: every shard must have the same (the general reader's rule). */
  private columns: string | undefined;

  constructor(private readonly request: BinarySideRequest) {
    this.capacity = Math.max(1024, request.expectedRows);
    // The baseline's ids, their index and its columns are shared: a second thread looks candidate
    // rows up in them.
    this.ids = new ExampleIds(this.capacity, 12, request.index);
    this.hashes = new Int32Array(this.capacity);
    this.label = binaryColumn(request.index, this.capacity);
    this.prediction = binaryColumn(request.index, this.capacity);
    this.dictionaries = request.sliceNames.map((name) => new ByteSliceDictionary(name, request.maxSliceValues));
    this.codes = request.sliceNames.map(() => new Int8Array(this.capacity));
  }

  get threshold(): number {
    return this.request.threshold;
  }

  checkColumns(columns: readonly string[]): void {
    const sorted = JSON.stringify([...columns].sort());
    this.columns ??= sorted;
    if (sorted !== this.columns) throw new NeedsGeneralReader();
  }

  /** Makes room for `rows` more rows at `n`. */
  reserve(rows: number): void {
    if (this.n + rows <= this.capacity) return;
    this.capacity = Math.max(this.n + rows, Math.ceil(this.capacity * 1.5));
    this.label = grow(this.label, this.capacity);
    this.prediction = grow(this.prediction, this.capacity);
    if (this.score !== null) this.score = grow(this.score, this.capacity);
    this.hashes = grow(this.hashes, this.capacity);
    this.codes = this.codes.map((codes) => grow(codes, this.capacity));
  }

  /** The score column, made on the first score. */
  scores(): Float64Array {
    // Shared: the candidate's scores become the paired ones, which statistics threads read; the
    // baseline's are gathered into candidate order on two threads.
    this.score ??= sharedArray(Float64Array, this.capacity);
    return this.score;
  }

  pushId(bytes: Uint8Array, start: number, end: number, row: number): void {
    if (start === end) throw new NeedsGeneralReader();
    this.hashes[row] = this.ids.pushBytes(bytes, start, end);
  }

  /** The codes of slice `s`, wide enough for `code`. */
  codesFor(s: number, code: number): SliceCodes {
    let codes = this.codes[s] as SliceCodes;
    if (code > 127 && !(codes instanceof Int32Array)) {
      if (codes instanceof Int8Array) codes = widen(codes, Int16Array);
      if (code > 32767) codes = widen(codes, Int32Array);
      this.codes[s] = codes;
    }
    return codes;
  }

  /** Ends a batch of `rows` rows. */
  commit(rows: number): void {
    this.n += rows;
  }

  /** The side's columns; a baseline's ids indexed all at once (see `IdIndex.build`), in shared memory. */
  finish(): BinarySideColumns {
    const { n } = this;
    if (n === 0) throw new NeedsGeneralReader();
    const { bytes, ends } = this.ids.parts();
    let indexSlots: Int32Array | null = null;
    if (this.request.index) {
      const { index, repeated } = IdIndex.build(this.ids, this.hashes, true);
      if (repeated !== -1) throw new NeedsGeneralReader();
      indexSlots = index.slotArray();
    }
    return {
      n,
      idBytes: bytes,
      idEnds: ends,
      idHashes: this.request.index ? null : this.hashes,
      indexSlots,
      label: this.label,
      prediction: this.prediction,
      score: this.score,
      slices: this.dictionaries.map((dictionary, s) => ({
        column: dictionary.column,
        codes: dictionary.overflowed ? null : (this.codes[s] as SliceCodes),
        values: dictionary.values,
      })),
    };
  }
}

/** A column of 0s and 1s (see {@link BinarySideColumns.label}). */
export type BinaryColumn = Uint8Array | Float64Array;

function binaryColumn(indexed: boolean, length: number): BinaryColumn {
  return indexed ? sharedArray(Uint8Array, length) : sharedArray(Float64Array, length);
}

/** Where each role's column is in one file; -1 when the file has none. */
interface Layout {
  readonly id: number;
  readonly label: number;
  readonly score: number;
  readonly prediction: number;
  readonly slices: readonly number[];
}

function layoutOf(columns: readonly string[], sliceNames: readonly string[]): Layout {
  const at = (name: string): number => columns.indexOf(name);
  const layout = {
    id: at(PREDICTION_COLUMNS.id),
    label: at(PREDICTION_COLUMNS.label),
    score: at(PREDICTION_COLUMNS.score),
    prediction: at(PREDICTION_COLUMNS.prediction),
    slices: sliceNames.map(at),
  };
  if (layout.id === -1 || layout.label === -1) throw new NeedsGeneralReader();
  return layout;
}

/** Reads a plain CSV file a batch at a time, column by column: each loop keeps to one kind of cell. */
async function readCsvFile(file: string, side: SideBuilder): Promise<void> {
  const { columns } = await readPlainCsvHeader(file);
  side.checkColumns(columns);
  const layout = layoutOf(
    columns,
    side.dictionaries.map((dictionary) => dictionary.column),
  );
  const width = columns.length;
  const threshold = side.threshold;
  scanPlainCsv(file, columns, (bytes, ends, rows) => {
    side.reserve(rows);
    const at = side.n;
    for (let r = 0; r < rows; r += 1) {
      const e = r * width + layout.id;
      side.pushId(bytes, (ends[e] as number) + 1, ends[e + 1] as number, at + r);
    }
    readBinaryColumn(bytes, ends, rows, width, layout.label, side.label, at);
    if (layout.score !== -1) {
      const score = side.scores();
      for (let r = 0; r < rows; r += 1) {
        const e = r * width + layout.score;
        const value = numberFromBytes(bytes, (ends[e] as number) + 1, ends[e + 1] as number);
        if (!(value >= 0 && value <= 1)) throw new NeedsGeneralReader();
        score[at + r] = value;
      }
    }
    if (layout.prediction !== -1) {
      readBinaryColumn(bytes, ends, rows, width, layout.prediction, side.prediction, at);
    } else {
      thresholdPredictions(side, at, rows, threshold);
    }
    layout.slices.forEach((column, s) => {
      const dictionary = side.dictionaries[s] as ByteSliceDictionary;
      if (column === -1) {
        side.codesFor(s, 0).fill(-1, at, at + rows);
        return;
      }
      let codes = side.codesFor(s, 0);
      for (let r = 0; r < rows; r += 1) {
        const e = r * width + column;
        const code = dictionary.code(bytes, (ends[e] as number) + 1, ends[e + 1] as number);
        if (code > 127) codes = side.codesFor(s, code);
        codes[at + r] = code;
      }
    });
    side.commit(rows);
  });
}

/** Column `column` of a batch (see `FieldEnds`) as 0 or 1 into `into` from `at`. */
function readBinaryColumn(
  bytes: Uint8Array,
  ends: FieldEnds,
  rows: number,
  width: number,
  column: number,
  into: BinaryColumn,
  at: number,
): void {
  for (let r = 0; r < rows; r += 1) {
    const e = r * width + column;
    const value = binaryFromBytes(bytes, (ends[e] as number) + 1, ends[e + 1] as number);
    if (value === -1) throw new NeedsGeneralReader();
    into[at + r] = value;
  }
}

/** Predictions of a file without a `prediction` column: `score >= threshold` (no score: 0). */
function thresholdPredictions(side: SideBuilder, at: number, rows: number, threshold: number): void {
  const { prediction, score } = side;
  for (let r = at; r < at + rows; r += 1) prediction[r] = score !== null && (score[r] as number) >= threshold ? 1 : 0;
}

/**
 * Reads a Parquet file whose needed columns are all flat (see `flatColumns`) straight from its
 * pages into the side's arrays, a row group at a time, with no value object per row; false, having
 * read nothing, when a column is of another kind (hyparquet then reads the file).
 */
async function readFlatParquetFile(file: string, side: SideBuilder): Promise<boolean> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
  } catch {
    // Not a readable Parquet file: the general reader says why.
    throw new NeedsGeneralReader();
  }
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  checkHeaderNames(columns, { file });
  const sliceNames = side.dictionaries.map((dictionary) => dictionary.column);
  const roles = [
    PREDICTION_COLUMNS.id,
    PREDICTION_COLUMNS.label,
    PREDICTION_COLUMNS.score,
    PREDICTION_COLUMNS.prediction,
  ];
  const flat = flatColumns(metadata, [...roles, ...sliceNames]);
  if (flat === undefined) return false;
  const id = flat.get(PREDICTION_COLUMNS.id);
  const label = flat.get(PREDICTION_COLUMNS.label);
  if (id?.kind !== "text" || label?.kind !== "number") return false;
  const score = flat.get(PREDICTION_COLUMNS.score);
  const prediction = flat.get(PREDICTION_COLUMNS.prediction);
  if (score?.kind === "text" || prediction?.kind === "text") return false;
  side.checkColumns(columns);
  const fd = openSync(file, "r");
  try {
    let numbers = new Float64Array(0);
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      const chunk = (column: FlatColumn) => readColumnChunk(fd, group.columns[column.position] as ColumnChunk, rows);
      side.reserve(rows);
      const at = side.n;
      decodeTextColumn(chunk(id), id, {
        text: (bytes, start, end, row) => side.pushId(bytes, start, end, at + row),
        missing: () => {
          throw new NeedsGeneralReader();
        },
      });
      if (numbers.length < rows) numbers = new Float64Array(rows);
      decodeNumberColumn(chunk(label), label, numbers, 0);
      binaryNumbers(numbers, side.label, at, rows);
      if (score !== undefined) {
        const into = side.scores();
        decodeNumberColumn(chunk(score), score, into, at);
        for (let r = at; r < at + rows; r += 1) {
          const value = into[r] as number;
          if (!(value >= 0 && value <= 1)) throw new NeedsGeneralReader();
        }
      }
      if (prediction !== undefined) {
        decodeNumberColumn(chunk(prediction), prediction, numbers, 0);
        binaryNumbers(numbers, side.prediction, at, rows);
      } else {
        thresholdPredictions(side, at, rows, side.threshold);
      }
      sliceNames.forEach((name, s) => {
        const column = flat.get(name);
        if (column === undefined) side.codesFor(s, 0).fill(-1, at, at + rows);
        else decodeTextColumn(chunk(column), column, sliceSink(side, s, at));
      });
      side.commit(rows);
    }
  } catch (error) {
    if (error instanceof UnreadableFlatColumn) throw new NeedsGeneralReader();
    throw error;
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Numbers that must each be 0 or 1, into `into` from `at`. */
function binaryNumbers(numbers: Float64Array, into: BinaryColumn, at: number, rows: number): void {
  for (let r = 0; r < rows; r += 1) {
    const value = numbers[r] as number;
    if (value !== 0 && value !== 1) throw new NeedsGeneralReader();
    into[at + r] = value;
  }
}

/** Codes a slice column's cells from `at` on: a dictionary page's entries are coded once each. */
function sliceSink(side: SideBuilder, s: number, at: number): TextSink {
  const dictionary = side.dictionaries[s] as ByteSliceDictionary;
  let codes = side.codesFor(s, 0);
  let entryCodes = new Int32Array(0);
  const put = (code: number, row: number) => {
    if (code > 127) codes = side.codesFor(s, code);
    codes[at + row] = code;
  };
  return {
    text: (bytes, start, end, row) => put(dictionary.code(bytes, start, end), row),
    missing: (row) => put(-1, row),
    dictionary: (bytes, starts, ends) => {
      entryCodes = new Int32Array(starts.length);
      let widest = 0;
      for (let k = 0; k < starts.length; k += 1) {
        const code = dictionary.code(bytes, starts[k] as number, ends[k] as number);
        entryCodes[k] = code;
        widest = Math.max(widest, code);
      }
      codes = side.codesFor(s, widest);
    },
    entries: (indices, levels, rows, first) => {
      const to = at + first;
      if (levels === null) {
        for (let r = 0; r < rows; r += 1) codes[to + r] = entryCodes[indices[r] as number] as number;
        return;
      }
      let v = 0;
      for (let r = 0; r < rows; r += 1) {
        codes[to + r] = levels[r] === 0 ? -1 : (entryCodes[indices[v++] as number] as number);
      }
    },
  };
}

/**
 * Reads the needed Parquet columns a batch at a time (see `readParquetTable`: pages decoded once,
 * row groups read in parts where the file has offset indexes). Text arrives as its raw bytes, so
 * ids are copied, not decoded and re-encoded, and a dictionary-encoded slice column repeats the
 * same few byte arrays, coded once each.
 */
async function readParquetFile(file: string, side: SideBuilder): Promise<void> {
  if (await readFlatParquetFile(file, side)) return;
  const sliceNames = side.dictionaries.map((dictionary) => dictionary.column);
  let columns: readonly string[] = [];
  await readParquetTable(file, {
    columns: [
      PREDICTION_COLUMNS.id,
      PREDICTION_COLUMNS.label,
      PREDICTION_COLUMNS.score,
      PREDICTION_COLUMNS.prediction,
      ...sliceNames,
    ],
    textAsBytes: true,
    onHeader: (header) => {
      columns = header.columns;
      side.checkColumns(columns);
      layoutOf(columns, []);
    },
    onBatch: (batch) => {
      const rows = batch.length;
      side.reserve(rows);
      const at = side.n;
      const ids = batch.column(PREDICTION_COLUMNS.id) as ArrayLike<unknown>;
      for (let r = 0; r < rows; r += 1) {
        const bytes = cellBytes(ids[r]);
        side.pushId(bytes, 0, bytes.length, at + r);
      }
      parquetBinaryColumn(batch.column(PREDICTION_COLUMNS.label) as ArrayLike<unknown>, side.label, at, rows);
      const scores = batch.column(PREDICTION_COLUMNS.score);
      if (scores !== undefined) {
        const score = side.scores();
        for (let r = 0; r < rows; r += 1) {
          const value = cellNumber(scores[r]);
          if (!(value >= 0 && value <= 1)) throw new NeedsGeneralReader();
          score[at + r] = value;
        }
      }
      const predictions = batch.column(PREDICTION_COLUMNS.prediction);
      if (predictions !== undefined) parquetBinaryColumn(predictions, side.prediction, at, rows);
      else thresholdPredictions(side, at, rows, side.threshold);
      for (let s = 0; s < sliceNames.length; s += 1) {
        const cells = batch.column(sliceNames[s] as string);
        if (cells === undefined) side.codesFor(s, 0).fill(-1, at, at + rows);
        else codeCells(cells, side, s, at, rows);
      }
      side.commit(rows);
    },
  });
}

function parquetBinaryColumn(cells: ArrayLike<unknown>, into: BinaryColumn, at: number, rows: number): void {
  for (let r = 0; r < rows; r += 1) {
    const cell = cells[r];
    const value = cell instanceof Uint8Array ? cellBinary(textOfBytes(cell)) : cellBinary(cell);
    if (value === -1) throw new NeedsGeneralReader();
    into[at + r] = value;
  }
}

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** A Parquet cell's id bytes: text as its UTF-8 bytes, other values as their text. */
function cellBytes(cell: unknown): Uint8Array {
  if (cell instanceof Uint8Array) {
    // hyparquet decodes text leniently (U+FFFD for a bad byte); ids must round-trip exactly.
    if (!isUtf8Range(cell)) throw new NeedsGeneralReader();
    return cell;
  }
  const text = cellText(cell);
  if (text === undefined) throw new NeedsGeneralReader();
  return utf8Encoder.encode(text);
}

function textOfBytes(bytes: Uint8Array): string {
  if (!isUtf8Range(bytes)) throw new NeedsGeneralReader();
  return utf8.decode(bytes);
}

/** Codes one row group's slice cells; a repeated cell object (a dictionary entry) is coded once. */
function codeCells(cells: ArrayLike<unknown>, side: SideBuilder, s: number, at: number, rows: number): void {
  const dictionary = side.dictionaries[s] as ByteSliceDictionary;
  let codes = side.codesFor(s, 0);
  const seen = new Map<unknown, number>();
  for (let r = 0; r < rows; r += 1) {
    const cell = cells[r];
    let code = seen.get(cell);
    if (code === undefined) {
      let bytes: Uint8Array;
      if (cell instanceof Uint8Array) {
        if (!isUtf8Range(cell)) throw new NeedsGeneralReader();
        bytes = cell;
      } else {
        const text = cellText(cell);
        bytes = text === undefined ? new Uint8Array(0) : utf8Encoder.encode(text);
      }
      code = dictionary.code(bytes, 0, bytes.length);
      // Plain-encoded text is a new object per row; keep the memo small.
      if (seen.size > 4096) seen.clear();
      seen.set(cell, code);
    }
    if (code > 127) codes = side.codesFor(s, code);
    codes[at + r] = code;
  }
}

/** A column of codes copied into a wider type, once its dictionary outgrows the narrower one. */
function widen(codes: SliceCodes, type: Int16ArrayConstructor | Int32ArrayConstructor): SliceCodes {
  const wider = new type(codes.length);
  wider.set(codes);
  return wider;
}

function grow<T extends Float64Array | Uint8Array | Int32Array | SliceCodes>(array: T, length: number): T {
  const type = array.constructor as (new (length: number) => T) & Parameters<typeof sharedArray<T>>[0];
  const next = array.buffer instanceof SharedArrayBuffer ? sharedArray(type, length) : new type(length);
  next.set(array.subarray(0, Math.min(array.length, length)));
  return next;
}
