import type { BinarySideColumns } from "./binary-side-read.js";
import { lazyIdList } from "./example-id-list.js";
import { ExampleIds, IdIndex } from "./example-ids.js";
import type { PairedPredictions, SliceCodes, SliceColumn } from "./paired-predictions.js";
import { sharedArray } from "./shared-array.js";
import { sharedCodesLike, sortedValues } from "./slice-dictionary.js";

/**
 * Candidate rows are looked up a batch at a time: each lookup is a few cache misses (the index's
 * slot, then the id's bytes) at random places in hundreds of megabytes, and a batch lets the
 * misses of many rows overlap where one row at a time waits for each in turn (three times faster
 * at 10M rows).
 */
const LOOKUP_ROWS = 1024;

const utf8 = new TextDecoder();

/**
 * What looking candidate rows up reads of the baseline: its ids, their index and its columns
 * (see `readBinarySide`; in shared memory, for any thread).
 */
export type IndexedSide = Pick<
  BinarySideColumns,
  "n" | "idBytes" | "idEnds" | "indexSlots" | "label" | "prediction" | "score"
>;

/** Candidate rows' ids and their hashes. */
export type HashedIds = Pick<BinarySideColumns, "n" | "idBytes" | "idEnds" | "idHashes">;

/**
 * The baseline's row for each candidate row, and that row's label, prediction and score, in
 * candidate row order (rows without one hold −1 and meaningless values). In shared memory, so
 * that two threads fill it.
 */
export interface BaselineRows {
  readonly found: Int32Array;
  readonly label: Uint8Array;
  readonly prediction: Float64Array;
  readonly score: Float64Array | null;
}

/**
 * Looks every candidate row up in the baseline (see {@link lookUpBaselineRows}). A caller with a
 * worker thread looks part of the rows up there (see {@link hashedIdRange}).
 */
export type BaselineRowFinder = (baseline: IndexedSide, candidate: HashedIds) => Promise<BaselineRows>;

/** Every candidate row looked up on this thread. */
export const findBaselineRowsHere: BaselineRowFinder = async (baseline, candidate) => {
  const rows = baselineRowsFor(candidate.n, baseline.score !== null);
  lookUpBaselineRows(baseline, candidate, 0, candidate.n, rows, 0);
  return rows;
};

/** Room for the baseline rows of `n` candidate rows, in shared memory. */
export function baselineRowsFor(n: number, scored: boolean): BaselineRows {
  return {
    found: sharedArray(Int32Array, n),
    label: sharedArray(Uint8Array, n),
    prediction: sharedArray(Float64Array, n),
    score: scored ? sharedArray(Float64Array, n) : null,
  };
}

/**
 * Looks candidate rows [from, to) up in the baseline and writes what it finds to `into` from
 * `at` on. The gathers read the baseline at random, in loops without a branch so that their cache
 * misses overlap (a row without a baseline row reads row 0).
 */
export function lookUpBaselineRows(
  baseline: IndexedSide,
  candidate: HashedIds,
  from: number,
  to: number,
  into: BaselineRows,
  at: number,
): void {
  const rows = to - from;
  const found = findBaselineRows(baseline, candidate, from, to, into.found.subarray(at, at + rows));
  const { label, prediction, score } = into;
  for (let r = 0; r < rows; r++) {
    const j = found[r] as number;
    label[at + r] = baseline.label[j & ~(j >> 31)] as number;
  }
  for (let r = 0; r < rows; r++) {
    const j = found[r] as number;
    prediction[at + r] = baseline.prediction[j & ~(j >> 31)] as number;
  }
  if (score === null || baseline.score === null) return;
  const from_ = baseline.score;
  for (let r = 0; r < rows; r++) {
    const j = found[r] as number;
    score[at + r] = from_[j & ~(j >> 31)] as number;
  }
}

/**
 * Pairs a baseline read with its ids indexed and a candidate read with its ids hashed (see
 * `readBinarySide`): the PairedPredictions of the general path, in candidate order (its columns in
 * shared memory, for statistics threads to read), or undefined
 * when that path must report something — an id repeated in the candidate, a label that differs
 * between the two files, or no id in both. It consumes the sides: their arrays that the result
 * does not keep are released.
 */
export async function pairBinarySides(
  baseline: BinarySideColumns,
  candidate: BinarySideColumns,
  findRows: BaselineRowFinder = findBaselineRowsHere,
): Promise<PairedPredictions | undefined> {
  // The candidate's label and prediction are read as the paired columns' doubles, in its order.
  const { label: candidateLabel, prediction: candidatePredictions } = candidate;
  if (
    baseline.indexSlots === null ||
    candidate.idHashes === null ||
    !(candidateLabel instanceof Float64Array && candidatePredictions instanceof Float64Array)
  ) {
    throw new RangeError("sides read for another role");
  }
  const baseIds = ExampleIds.fromParts(baseline.idBytes, baseline.idEnds);
  const rows = await findRows(baseline, candidate);
  const matches = matchRows(rows.found, baseline.n, candidate);
  if (matches === undefined) return undefined;
  const { n, baseRow, kept, candidateOnly } = matches;
  // No example in both: the general path says so.
  if (n === 0) return undefined;
  const candidateScore = candidate.score;
  const basePrediction = rows.prediction;
  const baseScore = rows.score;
  // Rows are kept in candidate order, so each kept row moves down (or stays): in place is safe.
  if (kept !== null) {
    for (const column of [
      candidateLabel,
      candidatePredictions,
      candidateScore,
      rows.label,
      basePrediction,
      baseScore,
    ]) {
      if (column !== null) compact(column, kept, n);
    }
  }
  const label = candidateLabel.subarray(0, n);
  const candidatePrediction = candidatePredictions.subarray(0, n);
  const baseLabel = rows.label;
  let mismatched = 0;
  for (let k = 0; k < n; k++) mismatched |= (baseLabel[k] as number) ^ (label[k] as number);
  if (mismatched !== 0) return undefined;
  // The baseline's index and columns are shared (a lookup thread read them): they go at a collection.
  release(candidate.idBytes, candidate.idEnds, candidate.idHashes);
  const slices = new Map<string, SliceColumn>();
  for (const { column, codes, values } of candidate.slices) {
    if (codes !== null) slices.set(column, pairedSliceColumn(codes, values, kept, n));
  }
  return {
    task: "binary-classification",
    n,
    ids: lazyIdList(n, (k) => baseIds.get(baseRow[k] as number)),
    label,
    classes: null,
    baseline: {
      prediction: basePrediction.subarray(0, n),
      score: baseScore === null ? null : baseScore.subarray(0, n),
    },
    candidate: {
      prediction: candidatePrediction,
      score: candidateScore === null ? null : candidateScore.subarray(0, n),
    },
    slices,
    unpaired: { baselineOnly: baseline.n - n, candidateOnly },
  };
}

interface RowMatches {
  /** Paired rows. */
  readonly n: number;
  /** For each paired row, its baseline row. */
  readonly baseRow: Int32Array;
  /** For each paired row, its candidate row; null when every candidate row is paired. */
  readonly kept: Int32Array | null;
  readonly candidateOnly: number;
}

/**
 * Finds the baseline row of each candidate row in [from, to) (−1: none), into `found` at the
 * row's index less `from`: for a batch, first every row's slot (no id read), then each row's id
 * against the baseline id found there. Reads its arrays only, so any thread can run it on shared
 * ones.
 */
export function findBaselineRows(
  baseline: Pick<IndexedSide, "idBytes" | "idEnds" | "indexSlots">,
  candidate: HashedIds,
  from = 0,
  to = candidate.n,
  found: Int32Array = new Int32Array(to - from),
): Int32Array {
  if (baseline.indexSlots === null || candidate.idHashes === null) throw new RangeError("ids read for another role");
  const baseIds = ExampleIds.fromParts(baseline.idBytes, baseline.idEnds);
  const index = IdIndex.fromSlots(baseIds, baseline.indexSlots);
  const hashes = candidate.idHashes;
  const { idBytes, idEnds } = candidate;
  const storedStarts = new Int32Array(LOOKUP_ROWS);
  const storedEnds = new Int32Array(LOOKUP_ROWS);
  const ahead = new Int32Array(LOOKUP_ROWS);
  for (let first = from; first < to; first += LOOKUP_ROWS) {
    const rows = Math.min(LOOKUP_ROWS, to - first);
    const at = first - from;
    // Each loop's reads are independent from row to row, so their cache misses overlap.
    for (let r = 0; r < rows; r += 1) found[at + r] = index.candidate(hashes[first + r] as number);
    for (let r = 0; r < rows; r += 1) {
      const j = found[at + r] as number;
      if (j === -1) continue;
      storedStarts[r] = baseIds.startOf(j);
      storedEnds[r] = baseIds.endOf(j);
    }
    // The first byte of each id found, read ahead: the comparisons below then find it in cache
    // (a third of the time this step took without).
    for (let r = 0; r < rows; r += 1) {
      if ((found[at + r] as number) !== -1) ahead[r] = baseIds.byteAt(storedStarts[r] as number);
    }
    for (let r = 0; r < rows; r += 1) {
      if ((found[at + r] as number) === -1) continue;
      const row = first + r;
      const start = row === 0 ? 0 : (idEnds[row - 1] as number);
      const end = idEnds[row] as number;
      if (!baseIds.equalsAt(storedStarts[r] as number, storedEnds[r] as number, idBytes, start, end)) {
        found[at + r] = index.findBytes(idBytes, start, end, hashes[row] as number);
      }
    }
  }
  return found;
}

/**
 * Candidate rows [from, to) as ids of their own (row `from` becomes row 0), copied: a worker
 * thread given them to look up owns them, and they go with it.
 */
export function hashedIdRange(candidate: HashedIds, from: number, to: number): HashedIds {
  if (candidate.idHashes === null) throw new RangeError("ids read for another role");
  const first = from === 0 ? 0 : (candidate.idEnds[from - 1] as number);
  const idEnds = candidate.idEnds.slice(from, to);
  for (let r = 0; r < idEnds.length; r += 1) idEnds[r] = (idEnds[r] as number) - first;
  return {
    n: to - from,
    idBytes: candidate.idBytes.slice(first, to === 0 ? 0 : (candidate.idEnds[to - 1] as number)),
    idEnds,
    idHashes: candidate.idHashes.slice(from, to),
  };
}

/**
 * Pairs the candidate rows, in order, with the baseline rows found for them: undefined when two
 * candidate rows have the same id (the same baseline row, or both on the candidate's side only).
 */
function matchRows(found: Int32Array, baselineRows: number, candidate: HashedIds): RowMatches | undefined {
  const { idBytes, idEnds } = candidate;
  // One bit per baseline row: 1.25 MB at 10M rows stays in cache, where a byte each would not.
  const paired = new Int32Array((baselineRows + 31) >>> 5);
  const baseRow = new Int32Array(Math.min(candidate.n, baselineRows));
  let kept: Int32Array | null = null;
  const candidateOnly = new Set<string>();
  let n = 0;
  for (let row = 0; row < candidate.n; row += 1) {
    const j = found[row] as number;
    if (j === -1) {
      const start = row === 0 ? 0 : (idEnds[row - 1] as number);
      const id = utf8.decode(idBytes.subarray(start, idEnds[row] as number));
      if (candidateOnly.has(id)) return undefined;
      candidateOnly.add(id);
      if (kept === null) {
        kept = new Int32Array(baseRow.length);
        for (let k = 0; k < n; k++) kept[k] = k;
      }
      continue;
    }
    const word = paired[j >>> 5] as number;
    const bit = 1 << (j & 31);
    if ((word & bit) !== 0) return undefined;
    paired[j >>> 5] = word | bit;
    baseRow[n] = j;
    if (kept !== null) kept[n] = row;
    n += 1;
  }
  return { n, baseRow, kept, candidateOnly: candidateOnly.size };
}

/**
 * A candidate slice column on the paired rows (the first n, or those `kept`), its values sorted
 * (see `sortedSliceColumn`), in shared memory for statistics threads: one pass for all three.
 */
function pairedSliceColumn(
  codes: SliceCodes,
  values: readonly string[],
  kept: Int32Array | null,
  n: number,
): SliceColumn {
  const { recode, sorted } = sortedValues(values);
  const out = sharedCodesLike(codes, n);
  for (let k = 0; k < n; k++) {
    const code = codes[kept === null ? k : (kept[k] as number)] as number;
    out[k] = code < 0 ? code : (recode[code] as number);
  }
  return { codes: out, values: sorted };
}

/** Moves each kept row's value to its paired position (kept rows ascend, so none is overwritten early). */
function compact(values: SliceCodes | Float64Array | Uint8Array, kept: Int32Array, n: number): void {
  for (let k = 0; k < n; k++) values[k] = values[kept[k] as number] as number;
}

/**
 * Frees the memory of arrays no longer needed now rather than at a later garbage collection: at
 * 10M rows the candidate's ids and their hashes are about 200 MB, which the statistics would
 * otherwise allocate on top of. Shared arrays, and runtimes without `ArrayBuffer.transfer`,
 * leave them to the collector.
 */
function release(...arrays: readonly (ArrayBufferView | null)[]): void {
  for (const array of arrays) {
    const buffer = array?.buffer as
      | (ArrayBuffer & { transfer?: (length: number) => ArrayBuffer; detached?: boolean })
      | undefined;
    if (buffer instanceof ArrayBuffer && typeof buffer.transfer === "function" && !buffer.detached) buffer.transfer(0);
  }
}
