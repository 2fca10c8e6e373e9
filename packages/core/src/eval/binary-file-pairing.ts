import { stat } from "node:fs/promises";
import { asyncBufferFromFile, parquetMetadataAsync, parquetScan, parquetSchema } from "hyparquet";
import { InputError } from "../errors/input-error.js";
import { cellBinary, cellNumber, cellText } from "../tabular/cell-value.js";
import { NotPlainCsv, readPlainCsvHeader, scanPlainCsv } from "../tabular/plain-csv-rows.js";
import { readTableHeader } from "../tabular/read-table.js";
import { tableFormatFromPath } from "../tabular/table-format.js";
import { checkHeaderNames } from "../tabular/table-header.js";
import { binaryFromBytes, numberFromBytes } from "./binary-cells.js";
import { ByteSliceDictionary } from "./byte-slice-dictionary.js";
import { lazyIdList } from "./example-id-list.js";
import { ExampleIds, fnv1a, IdIndex } from "./example-ids.js";
import type { PairedPredictions, SliceCodes, SliceColumn } from "./paired-predictions.js";
import { PREDICTION_COLUMNS, type PredictionColumns, predictionColumns } from "./prediction-columns.js";
import { resolvePredictionFiles } from "./prediction-files.js";
import type { ReadPredictionsOptions } from "./prediction-stream.js";
import { DEFAULT_MAX_SLICE_VALUES, sortedSliceColumn } from "./slice-dictionary.js";

/** Signals that these files need the general reader; never reaches a caller. */
class NeedsGeneralReader extends Error {}

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/**
 * Pairs two binary-classification prediction files (plain CSV or Parquet, one file or shards per
 * side) straight into typed arrays: no row objects, no string per cell, ids kept as bytes. It
 * gives exactly the PairedPredictions of the general path, or undefined whenever that path is
 * needed — another task or format, a quoted CSV, or any invalid row (the general path then
 * reports the error with its file and row). Only complete, valid input takes this path, so
 * error handling stays in one place.
 *
 * Memory at n rows: the baseline's ids (bytes + offsets) and id index, its scores and 0/1 columns;
 * the candidate's columns are written where the paired arrays will be, in candidate order, so
 * nothing is copied at the end but the baseline's side gathered into that order.
 */
export async function pairBinaryPredictionFiles(
  baselinePath: string,
  candidatePath: string,
  options: ReadPredictionsOptions = {},
): Promise<PairedPredictions | undefined> {
  const threshold = options.threshold ?? 0.5;
  if (options.task !== undefined && options.task !== "binary-classification") return undefined;
  if (!(threshold >= 0 && threshold <= 1)) return undefined;
  const baselineFiles = await eligibleFiles(baselinePath);
  const candidateFiles = await eligibleFiles(candidatePath);
  if (baselineFiles === undefined || candidateFiles === undefined) return undefined;
  const baselineColumns = predictionColumns(baselineFiles.columns);
  const candidateColumns = predictionColumns(candidateFiles.columns);
  if (!isPlainBinary(baselineColumns) || !isPlainBinary(candidateColumns)) return undefined;
  const sliceNames = candidateColumns.sliceCandidates.filter((name) => baselineColumns.sliceCandidates.includes(name));
  try {
    const baseline = new BaselineSide(baselineFiles.expectedRows, threshold);
    for (const file of baselineFiles.files) await readSide(file, baseline);
    baseline.indexPending();
    const candidate = new CandidateSide(
      baseline,
      candidateFiles.expectedRows,
      threshold,
      sliceNames.map((name) => new ByteSliceDictionary(name, options.maxSliceValues ?? DEFAULT_MAX_SLICE_VALUES)),
    );
    for (const file of candidateFiles.files) await readSide(file, candidate);
    return candidate.finish();
  } catch (error) {
    if (error instanceof NeedsGeneralReader || error instanceof NotPlainCsv || error instanceof InputError) {
      return undefined;
    }
    throw error;
  }
}

/** Binary files this path reads: ids, labels, and scores and/or predictions; nothing multiclass. */
function isPlainBinary(columns: PredictionColumns): boolean {
  return (
    columns.all.includes(PREDICTION_COLUMNS.id) &&
    columns.hasLabel &&
    !columns.hasPassed &&
    columns.classScores.length === 0 &&
    (columns.hasScore || columns.hasPrediction)
  );
}

interface SideFiles {
  readonly files: readonly string[];
  readonly columns: readonly string[];
  /** An estimate of the rows over all files, to size arrays once. */
  readonly expectedRows: number;
}

/** The files of one side when all are CSV or all Parquet, with the first file's columns. */
async function eligibleFiles(pathOrGlob: string): Promise<SideFiles | undefined> {
  let files: string[];
  try {
    files = await resolvePredictionFiles(pathOrGlob);
  } catch {
    return undefined;
  }
  const format = tableFormatFromPath(files[0] as string);
  if (format !== "csv" && format !== "parquet") return undefined;
  if (files.some((file) => tableFormatFromPath(file) !== format)) return undefined;
  try {
    if (format === "parquet") {
      const header = await readTableHeader(files[0] as string);
      return { files, columns: header.columns, expectedRows: (header.rowCount ?? 0) * files.length };
    }
    const header = await readPlainCsvHeader(files[0] as string);
    checkHeaderNames(header.columns, { file: files[0] as string });
    let bytes = 0;
    for (const file of files) bytes += (await stat(file)).size;
    // Sized from the first megabyte's rows, with a margin; the arrays grow if that falls short.
    return { files, columns: header.columns, expectedRows: Math.ceil((bytes / header.bytesPerRow) * 1.02) + 1024 };
  } catch (error) {
    if (error instanceof NotPlainCsv || error instanceof InputError) return undefined;
    throw error;
  }
}

/** Where each role's column is in one file: a field position (CSV) or a column name (Parquet). */
interface Layout {
  readonly id: number;
  readonly label: number;
  readonly score: number;
  readonly prediction: number;
  readonly slices: readonly number[];
}

function layoutOf(columns: readonly string[], sliceNames: readonly string[]): Layout {
  const at = (name: string): number => columns.indexOf(name);
  return {
    id: at(PREDICTION_COLUMNS.id),
    label: at(PREDICTION_COLUMNS.label),
    score: at(PREDICTION_COLUMNS.score),
    prediction: at(PREDICTION_COLUMNS.prediction),
    slices: sliceNames.map(at),
  };
}

/** One side being read: rows arrive as bytes (CSV) or decoded cells (Parquet). */
abstract class Side {
  /** Rows kept so far (for the candidate, paired rows only). */
  n = 0;
  protected capacity: number;
  label: Float64Array | Uint8Array;
  prediction: Float64Array | Uint8Array;
  score: Float64Array | null = null;

  constructor(
    expectedRows: number,
    protected readonly threshold: number,
    protected readonly wide: boolean,
  ) {
    this.capacity = Math.max(1024, expectedRows);
    this.label = wide ? new Float64Array(this.capacity) : new Uint8Array(this.capacity);
    this.prediction = wide ? new Float64Array(this.capacity) : new Uint8Array(this.capacity);
  }

  /** The first file's columns, sorted: every shard must have the same (the general reader's rule). */
  private columns: string | undefined;

  checkColumns(columns: readonly string[]): void {
    const sorted = JSON.stringify([...columns].sort());
    this.columns ??= sorted;
    if (sorted !== this.columns) throw new NeedsGeneralReader();
  }

  abstract get sliceDictionaries(): readonly ByteSliceDictionary[];

  /** Where the row being read is written. */
  protected abstract get row(): number;

  /** Takes the row's id. */
  abstract acceptId(bytes: Uint8Array, start: number, end: number): void;

  abstract setSliceCode(slice: number, code: number): void;

  /** Ends the row being read. */
  abstract commitRow(): void;

  /** Makes room for one more row. */
  reserve(): void {
    if (this.row < this.capacity) return;
    this.capacity = Math.ceil(this.capacity * 1.5);
    this.label = grow(this.label, this.capacity);
    this.prediction = grow(this.prediction, this.capacity);
    if (this.score !== null) this.score = grow(this.score, this.capacity);
    this.growSlices(this.capacity);
  }

  protected abstract growSlices(capacity: number): void;

  setCells(label: number, score: number, prediction: number, hasScore: boolean, hasPrediction: boolean): void {
    if (label === -1) throw new NeedsGeneralReader();
    const k = this.row;
    this.label[k] = label;
    if (hasScore) {
      if (!(score >= 0 && score <= 1)) throw new NeedsGeneralReader();
      this.score ??= new Float64Array(this.capacity);
      this.score[k] = score;
    }
    if (hasPrediction) {
      if (prediction === -1) throw new NeedsGeneralReader();
      this.prediction[k] = prediction;
    } else {
      this.prediction[k] = score >= this.threshold ? 1 : 0;
    }
  }
}

/**
 * Ids are indexed, and candidate rows looked up in the index, a batch at a time: each lookup is a few
 * cache misses (the index's slot, then the id's bytes) at random places in hundreds of megabytes,
 * and a batch lets the misses of many rows overlap where one row at a time waits for each in
 * turn (three times faster at 10M rows).
 */
const PENDING_ROWS = 1024;

class BaselineSide extends Side {
  readonly ids: ExampleIds;
  readonly index: IdIndex;

  constructor(expectedRows: number, threshold: number) {
    super(expectedRows, threshold, false);
    this.ids = new ExampleIds(this.capacity, 12);
    this.index = new IdIndex(this.ids, this.capacity);
  }

  get sliceDictionaries(): readonly ByteSliceDictionary[] {
    return [];
  }

  protected get row(): number {
    return this.n;
  }

  acceptId(bytes: Uint8Array, start: number, end: number): void {
    if (start === end) throw new NeedsGeneralReader();
    this.ids.pushBytes(bytes, start, end);
  }

  setSliceCode(): void {}

  commitRow(): void {
    this.n += 1;
    if (this.n - this.indexed === PENDING_ROWS) this.indexPending();
  }

  /** Rows whose ids are in the index; the others wait to be indexed a batch at a time. */
  private indexed = 0;

  /** Indexes the ids read since the last batch; a repeated id is for the general reader. */
  indexPending(): void {
    if (this.index.insertRange(this.indexed, this.n) !== -1) throw new NeedsGeneralReader();
    this.indexed = this.n;
  }

  protected growSlices(): void {}
}

class CandidateSide extends Side {
  /** For each paired row, the baseline row it pairs with. */
  private baseRow: Int32Array;
  private readonly pairedBaseline: Uint8Array;
  private readonly candidateOnly = new Set<string>();
  private slices: SliceCodes[];
  /** Rows read but not yet looked up, written at n, n + 1, …; their ids' bytes and hashes. */
  private pending = 0;
  private pendingBytes = new Uint8Array(PENDING_ROWS * 32);
  private readonly pendingEnds = new Int32Array(PENDING_ROWS + 1);
  private readonly pendingHashes = new Int32Array(PENDING_ROWS);
  private readonly found = new Int32Array(PENDING_ROWS);
  private readonly storedStarts = new Int32Array(PENDING_ROWS);
  private readonly storedEnds = new Int32Array(PENDING_ROWS);
  private readonly ahead = new Int32Array(PENDING_ROWS);

  constructor(
    private readonly baseline: BaselineSide,
    expectedRows: number,
    threshold: number,
    private readonly dictionaries: readonly ByteSliceDictionary[],
  ) {
    // Never more paired rows than baseline rows (plus one batch of rows not yet looked up).
    super(Math.min(expectedRows, baseline.n + PENDING_ROWS), threshold, true);
    this.baseRow = new Int32Array(this.capacity);
    this.pairedBaseline = new Uint8Array(baseline.n);
    this.slices = dictionaries.map(() => new Int8Array(this.capacity));
  }

  get sliceDictionaries(): readonly ByteSliceDictionary[] {
    return this.dictionaries;
  }

  protected get row(): number {
    return this.n + this.pending;
  }

  acceptId(bytes: Uint8Array, start: number, end: number): void {
    if (start === end) throw new NeedsGeneralReader();
    const from = this.pendingEnds[this.pending] as number;
    if (from + end - start > this.pendingBytes.length) {
      this.pendingBytes = grow(this.pendingBytes, Math.max(this.pendingBytes.length * 2, from + end - start));
    }
    const target = this.pendingBytes;
    for (let i = start; i < end; i += 1) target[from + i - start] = bytes[i] as number;
    this.pendingEnds[this.pending + 1] = from + end - start;
    this.pendingHashes[this.pending] = fnv1a(bytes, start, end);
  }

  setSliceCode(slice: number, code: number): void {
    let codes = this.slices[slice] as SliceCodes;
    if (code > 127 && !(codes instanceof Int32Array)) {
      if (codes instanceof Int8Array) codes = widen(codes, Int16Array);
      if (code > 32767) codes = widen(codes, Int32Array);
      this.slices[slice] = codes;
    }
    codes[this.row] = code;
  }

  commitRow(): void {
    this.pending += 1;
    if (this.pending === PENDING_ROWS) this.pairPending();
  }

  protected growSlices(capacity: number): void {
    this.baseRow = grow(this.baseRow, capacity);
    this.slices = this.slices.map((codes) => grow(codes, capacity));
  }

  /**
   * Looks the pending rows up in the baseline and keeps the paired ones, in order: first every
   * row's slot (no id read), then each row's id against the baseline id found there.
   */
  private pairPending(): void {
    const { baseline, pending, found, pendingHashes, pendingEnds, pendingBytes } = this;
    const index = baseline.index;
    const ids = baseline.ids;
    const { storedStarts, storedEnds } = this;
    // Each loop's reads are independent from row to row, so their cache misses overlap.
    for (let r = 0; r < pending; r += 1) found[r] = index.candidate(pendingHashes[r] as number);
    for (let r = 0; r < pending; r += 1) {
      const j = found[r] as number;
      if (j === -1) continue;
      storedStarts[r] = ids.startOf(j);
      storedEnds[r] = ids.endOf(j);
    }
    // The first byte of each id found, and whether its baseline row is taken, read ahead.
    const { ahead, pairedBaseline } = this;
    for (let r = 0; r < pending; r += 1) {
      const j = found[r] as number;
      if (j !== -1) ahead[r] = ids.byteAt(storedStarts[r] as number) + (pairedBaseline[j] as number);
    }
    for (let r = 0; r < pending; r += 1) {
      const j = found[r] as number;
      if (j === -1) continue;
      const start = pendingEnds[r] as number;
      const end = pendingEnds[r + 1] as number;
      if (!ids.equalsAt(storedStarts[r] as number, storedEnds[r] as number, pendingBytes, start, end)) {
        found[r] = index.findBytes(pendingBytes, start, end, pendingHashes[r] as number);
      }
    }
    let kept = this.n;
    for (let r = 0; r < pending; r += 1) {
      const start = pendingEnds[r] as number;
      const end = pendingEnds[r + 1] as number;
      const j = found[r] as number;
      if (j === -1) {
        const id = utf8.decode(pendingBytes.subarray(start, end));
        if (this.candidateOnly.has(id)) throw new NeedsGeneralReader();
        this.candidateOnly.add(id);
        continue;
      }
      if (this.pairedBaseline[j] === 1) throw new NeedsGeneralReader();
      this.pairedBaseline[j] = 1;
      this.moveRow(this.n + r, kept);
      this.baseRow[kept] = j;
      kept += 1;
    }
    this.n = kept;
    this.pending = 0;
  }

  private moveRow(from: number, to: number): void {
    if (from === to) return;
    this.label[to] = this.label[from] as number;
    this.prediction[to] = this.prediction[from] as number;
    if (this.score !== null) this.score[to] = this.score[from] as number;
    for (const codes of this.slices) codes[to] = codes[from] as number;
  }

  /** Checks ground truth against the baseline, then builds the paired value. */
  finish(): PairedPredictions {
    this.pairPending();
    const { baseline, n } = this;
    if (n === 0) throw new NeedsGeneralReader();
    const baseRow = this.baseRow.subarray(0, n);
    const label = (this.label as Float64Array).subarray(0, n);
    const basePrediction = new Float64Array(n);
    const baseScore = baseline.score === null ? null : new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const j = baseRow[k] as number;
      if (baseline.label[j] !== label[k]) throw new NeedsGeneralReader();
      basePrediction[k] = baseline.prediction[j] as number;
      if (baseScore !== null) baseScore[k] = (baseline.score as Float64Array)[j] as number;
    }
    const slices = new Map<string, SliceColumn>();
    this.dictionaries.forEach((dictionary, s) => {
      if (dictionary.overflowed) return;
      slices.set(
        dictionary.column,
        sortedSliceColumn((this.slices[s] as SliceCodes).subarray(0, n), dictionary.values),
      );
    });
    const ids = baseline.ids;
    return {
      task: "binary-classification",
      n,
      ids: lazyIdList(n, (k) => ids.get(baseRow[k] as number)),
      label,
      classes: null,
      baseline: { prediction: basePrediction, score: baseScore },
      candidate: {
        prediction: (this.prediction as Float64Array).subarray(0, n),
        score: this.score === null ? null : this.score.subarray(0, n),
      },
      slices,
      unpaired: { baselineOnly: baseline.n - n, candidateOnly: this.candidateOnly.size },
    };
  }
}

/** A column of codes copied into a wider type, once its dictionary outgrows the narrower one. */
function widen(codes: SliceCodes, type: Int16ArrayConstructor | Int32ArrayConstructor): SliceCodes {
  const wider = new type(codes.length);
  wider.set(codes);
  return wider;
}

async function readSide(file: string, side: Side): Promise<void> {
  if (tableFormatFromPath(file) === "csv") await readCsvSide(file, side);
  else await readParquetSide(file, side);
}

async function readCsvSide(file: string, side: Side): Promise<void> {
  const { columns } = await readPlainCsvHeader(file);
  side.checkColumns(columns);
  const layout = layoutOf(
    columns,
    side.sliceDictionaries.map((dictionary) => dictionary.column),
  );
  if (layout.id === -1 || layout.label === -1) throw new NeedsGeneralReader();
  const { id, label, score, prediction, slices } = layout;
  const dictionaries = side.sliceDictionaries;
  const hasScore = score !== -1;
  const hasPrediction = prediction !== -1;
  await scanPlainCsv(file, columns, (bytes, bounds) => {
    side.reserve();
    side.acceptId(bytes, bounds[2 * id] as number, bounds[2 * id + 1] as number);
    side.setCells(
      binaryFromBytes(bytes, bounds[2 * label] as number, bounds[2 * label + 1] as number),
      hasScore ? numberFromBytes(bytes, bounds[2 * score] as number, bounds[2 * score + 1] as number) : 0,
      hasPrediction
        ? binaryFromBytes(bytes, bounds[2 * prediction] as number, bounds[2 * prediction + 1] as number)
        : 0,
      hasScore,
      hasPrediction,
    );
    for (let s = 0; s < slices.length; s += 1) {
      const at = slices[s] as number;
      const code =
        at === -1
          ? -1
          : (dictionaries[s] as ByteSliceDictionary).code(
              bytes,
              bounds[2 * at] as number,
              bounds[2 * at + 1] as number,
            );
      side.setSliceCode(s, code);
    }
    side.commitRow();
  });
}

/**
 * Reads the needed Parquet columns row group by row group. Text arrives as the raw bytes (the
 * `stringFromBytes` parser is the identity), so ids are copied, not decoded and re-encoded, and a
 * dictionary-encoded slice column repeats the same few byte arrays, coded once each.
 */
async function readParquetSide(file: string, side: Side): Promise<void> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  side.checkColumns(columns);
  const sliceNames = side.sliceDictionaries.map((dictionary) => dictionary.column);
  const wanted = [
    PREDICTION_COLUMNS.id,
    PREDICTION_COLUMNS.label,
    PREDICTION_COLUMNS.score,
    PREDICTION_COLUMNS.prediction,
    ...sliceNames,
  ].filter((name) => columns.includes(name));
  if (!wanted.includes(PREDICTION_COLUMNS.id) || !wanted.includes(PREDICTION_COLUMNS.label))
    throw new NeedsGeneralReader();
  const scan = await parquetScan({
    file: buffer,
    metadata,
    columns: wanted,
    parsers: { stringFromBytes: (bytes: Uint8Array) => bytes } as never,
  });
  const dictionaries = side.sliceDictionaries;
  for (const { rowStart, rowEnd } of scan.ranges) {
    const read = (name: string): Promise<ArrayLike<unknown> | undefined> =>
      columns.includes(name) ? scan.readColumn({ column: name, rowStart, rowEnd }) : Promise.resolve(undefined);
    const ids = (await read(PREDICTION_COLUMNS.id)) as ArrayLike<unknown>;
    const labels = (await read(PREDICTION_COLUMNS.label)) as ArrayLike<unknown>;
    const scores = await read(PREDICTION_COLUMNS.score);
    const predictions = await read(PREDICTION_COLUMNS.prediction);
    const sliceCells = await Promise.all(sliceNames.map(read));
    const sliceCodes = sliceCells.map((cells, s) =>
      cells === undefined ? undefined : codeCells(cells, dictionaries[s] as ByteSliceDictionary),
    );
    const m = rowEnd - rowStart;
    for (let r = 0; r < m; r += 1) {
      side.reserve();
      const idBytes = cellBytes(ids[r]);
      side.acceptId(idBytes, 0, idBytes.length);
      side.setCells(
        parquetBinary(labels[r]),
        scores === undefined ? 0 : cellNumber(scores[r]),
        predictions === undefined ? 0 : parquetBinary(predictions[r]),
        scores !== undefined,
        predictions !== undefined,
      );
      for (let s = 0; s < sliceCodes.length; s += 1) {
        const codes = sliceCodes[s];
        side.setSliceCode(s, codes === undefined ? -1 : (codes[r] as number));
      }
      side.commitRow();
    }
  }
}

function parquetBinary(cell: unknown): number {
  if (cell instanceof Uint8Array) return cellBinary(textOfBytes(cell));
  return cellBinary(cell);
}

/** A Parquet cell's id bytes: text as its UTF-8 bytes, other values as their text. */
function cellBytes(cell: unknown): Uint8Array {
  if (cell instanceof Uint8Array) {
    // hyparquet decodes text leniently (U+FFFD for a bad byte); ids must round-trip exactly.
    for (let i = 0; i < cell.length; i += 1) if ((cell[i] as number) >= 0x80) return validUtf8(cell);
    return cell;
  }
  const text = cellText(cell);
  if (text === undefined) throw new NeedsGeneralReader();
  return utf8Encoder.encode(text);
}

function validUtf8(bytes: Uint8Array): Uint8Array {
  if (!isUtf8Bytes(bytes)) throw new NeedsGeneralReader();
  return bytes;
}

function isUtf8Bytes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function textOfBytes(bytes: Uint8Array): string {
  if (!isUtf8Bytes(bytes)) throw new NeedsGeneralReader();
  return utf8.decode(bytes);
}

/** Codes one row group's slice cells; a repeated cell object (a dictionary entry) is coded once. */
function codeCells(cells: ArrayLike<unknown>, dictionary: ByteSliceDictionary): Int32Array {
  const codes = new Int32Array(cells.length);
  const seen = new Map<unknown, number>();
  for (let r = 0; r < cells.length; r += 1) {
    const cell = cells[r];
    let code = seen.get(cell);
    if (code === undefined) {
      let bytes: Uint8Array;
      if (cell instanceof Uint8Array) {
        if (!isUtf8Bytes(cell)) throw new NeedsGeneralReader();
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
    codes[r] = code;
  }
  return codes;
}

function grow<T extends Float64Array | Uint8Array | SliceCodes>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}
