import { stat } from "node:fs/promises";
import { InputError } from "../errors/input-error.js";
import { NotPlainCsv, readPlainCsvHeader } from "../tabular/plain-csv-rows.js";
import { readTableHeader } from "../tabular/read-table.js";
import { tableFormatFromPath } from "../tabular/table-format.js";
import { checkHeaderNames } from "../tabular/table-header.js";
import { type BaselineRowFinder, findBaselineRowsHere, pairBinarySides } from "./binary-side-pairing.js";
import { type BinarySideColumns, type BinarySideRequest, readBinarySide } from "./binary-side-read.js";
import type { PairedPredictions } from "./paired-predictions.js";
import { PREDICTION_COLUMNS, type PredictionColumns, predictionColumns } from "./prediction-columns.js";
import { resolvePredictionFiles } from "./prediction-files.js";
import type { ReadPredictionsOptions } from "./prediction-stream.js";
import { DEFAULT_MAX_SLICE_VALUES } from "./slice-dictionary.js";

/**
 * Reads the two sides of a binary pairing, each as `readBinarySide` does; a caller with worker
 * threads reads them at the same time, one on each.
 */
export type BinarySidesReader = (
  baseline: BinarySideRequest,
  candidate: BinarySideRequest,
) => Promise<readonly [BinarySideColumns | undefined, BinarySideColumns | undefined]>;

/** Both sides on this thread, one after the other (the candidate only when the baseline could be read). */
export const readBinarySidesHere: BinarySidesReader = async (baseline, candidate) => {
  const base = await readBinarySide(baseline);
  return [base, base === undefined ? undefined : await readBinarySide(candidate)];
};

/** How the work of a binary pairing is spread over threads; by default all of it runs on this one. */
export interface BinaryPairingThreads {
  readonly readSides: BinarySidesReader;
  readonly findRows: BaselineRowFinder;
}

/** Everything on this thread. */
export const PAIRING_HERE: BinaryPairingThreads = { readSides: readBinarySidesHere, findRows: findBaselineRowsHere };

export interface PairBinaryOptions extends ReadPredictionsOptions {
  readonly threads?: BinaryPairingThreads;
}

/**
 * Pairs two binary-classification prediction files (plain CSV or Parquet, one file or shards per
 * side) straight into typed arrays: no row objects, no string per cell, ids kept as bytes. It
 * gives exactly the PairedPredictions of the general path, or undefined whenever that path is
 * needed — another task or format, a quoted CSV, or any invalid row (the general path then
 * reports the error with its file and row). Only complete, valid input takes this path, so
 * error handling stays in one place.
 *
 * Each side is read into columns of its own (see `readBinarySide`; the baseline's ids indexed as
 * they come, the candidate's hashed), then the candidate's rows are looked up in the baseline's
 * index and both sides gathered into candidate order (`pairBinarySides`). `options.threads` may
 * read the sides at the same time and split the lookups.
 */
export async function pairBinaryPredictionFiles(
  baselinePath: string,
  candidatePath: string,
  options: PairBinaryOptions = {},
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
  const maxSliceValues = options.maxSliceValues ?? DEFAULT_MAX_SLICE_VALUES;
  const threads = options.threads ?? PAIRING_HERE;
  const [baseline, candidate] = await threads.readSides(
    {
      files: baselineFiles.files,
      threshold,
      sliceNames: [],
      index: true,
      expectedRows: baselineFiles.expectedRows,
      maxSliceValues,
    },
    {
      files: candidateFiles.files,
      threshold,
      sliceNames,
      index: false,
      expectedRows: candidateFiles.expectedRows,
      maxSliceValues,
    },
  );
  if (baseline === undefined || candidate === undefined) return undefined;
  return pairBinarySides(baseline, candidate, threads.findRows);
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
