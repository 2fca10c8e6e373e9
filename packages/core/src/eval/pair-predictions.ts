import { InputError, type SourceLocation } from "../errors/input-error.js";
import { quoteName } from "../tabular/value-text.js";
import { type PairBinaryOptions, pairBinaryPredictionFiles } from "./binary-file-pairing.js";
import { remapClasses } from "./class-order.js";
import { lazyIdList } from "./example-id-list.js";
import { ExampleIds, IdIndex } from "./example-ids.js";
import type { PairedPredictions, SliceColumn } from "./paired-predictions.js";
import type { DecodedRows } from "./prediction-decoder.js";
import { readPredictionColumns, streamPredictions } from "./prediction-stream.js";
import { duplicateIdError, type PredictionTable, readPredictions } from "./prediction-table.js";
import { compareText, narrowestCodes, sortedSliceColumn } from "./slice-dictionary.js";
import type { Task } from "./task.js";

/**
 * Pairs two tables already in memory by `id`, in candidate row order. Slice columns are the
 * non-reserved columns both files have, with the candidate's values (the candidate describes the
 * examples being judged; the two files normally agree).
 */
export function pairPredictions(baseline: PredictionTable, candidate: PredictionTable): PairedPredictions {
  const baselineColumns = new Set(baseline.columns);
  const sliceNames = [...candidate.slices.keys()].filter((name) => baselineColumns.has(name));
  const pairer = new Pairer(baseline, candidate.source, candidate.task, sliceNames);
  const sliceCodes = sliceNames.map((name) => (candidate.slices.get(name) as SliceColumn).codes);
  const width = candidate.scoreWidth;
  const BATCH = 65_536;
  for (let start = 0; start < candidate.n; start += BATCH) {
    const end = Math.min(candidate.n, start + BATCH);
    const ids = new Array<string>(end - start);
    for (let i = start; i < end; i += 1) ids[i - start] = candidate.ids.get(i);
    pairer.accept(
      {
        task: candidate.task,
        classNames: candidate.classes ?? [],
        length: end - start,
        ids,
        label: candidate.label.subarray(start, end),
        prediction: candidate.prediction.subarray(start, end),
        score: candidate.score === null ? null : candidate.score.subarray(start * width, end * width),
        slices: sliceCodes.map((codes) => codes.subarray(start, end)),
        locate: (r) => candidate.locate(start + r),
      },
      start,
      (row) => candidate.locate(row),
    );
  }
  return pairer.finish(
    candidate.classes ?? [],
    width,
    sliceNames.map((name) => (candidate.slices.get(name) as SliceColumn).values),
    true,
  );
}

/**
 * Reads and pairs two predictions paths (files or globs). Binary classification from plain CSV or
 * Parquet takes the typed path of {@link pairBinaryPredictionFiles}; everything else, and any
 * input that path declines (including every invalid one, so errors come from one place), is read
 * here with bounded memory: the baseline is
 * read into typed arrays (without slice columns) and indexed by id; the candidate is streamed
 * batch by batch, each row looked up and written straight into the paired arrays.
 */
export async function loadPairedPredictions(
  baselinePath: string,
  candidatePath: string,
  options: PairBinaryOptions = {},
): Promise<PairedPredictions> {
  const fast = await pairBinaryPredictionFiles(baselinePath, candidatePath, options);
  if (fast !== undefined) return fast;
  const [baselineColumns, candidateColumns] = await Promise.all([
    readPredictionColumns(baselinePath),
    readPredictionColumns(candidatePath),
  ]);
  const sliceNames = candidateColumns.sliceCandidates.filter((name) => baselineColumns.sliceCandidates.includes(name));
  const baseline = await readPredictions(baselinePath, { ...options, sliceColumns: [] });
  let pairer: Pairer | undefined;
  const stream = await streamPredictions(
    candidatePath,
    { ...options, sliceColumns: sliceNames },
    (rows, rowStart, locateRow) => {
      pairer ??= new Pairer(baseline, candidatePath, rows.task, sliceNames);
      pairer.accept(rows, rowStart, locateRow);
    },
  );
  if (pairer === undefined)
    throw new InputError("has no data rows; expected at least one prediction", { file: candidatePath });
  return pairer.finish(
    stream.decoder.classNames,
    Math.max(stream.decoder.scoreWidth, 0),
    stream.decoder.slices.map((dictionary) => (dictionary.overflowed ? null : dictionary.values)),
    false,
  );
}

/** Pairs streamed candidate rows against an indexed baseline. */
class Pairer {
  private n = 0;
  private readonly baseRow: Int32Array;
  /** For each baseline row, the candidate row (over all shards) paired with it, or -1. */
  private readonly pairedWith: Int32Array;
  private readonly label: Float64Array;
  private readonly prediction: Float64Array;
  private score: Float64Array | null = null;
  private readonly slices: Int32Array[];
  private readonly candidateOnly = new ExampleIds();
  private readonly candidateOnlyIndex = new IdIndex(this.candidateOnly);
  private readonly candidateOnlyRows: number[] = [];

  constructor(
    private readonly baseline: PredictionTable,
    private readonly candidateSource: string,
    private readonly task: Task,
    sliceNames: readonly string[],
  ) {
    if (task !== baseline.task) {
      throw new InputError(
        `is ${task} but the baseline ${baseline.source} is ${baseline.task}; expected both to be the same task`,
        { file: candidateSource },
      );
    }
    const capacity = baseline.n;
    this.baseRow = new Int32Array(capacity);
    this.pairedWith = new Int32Array(capacity).fill(-1);
    this.label = new Float64Array(capacity);
    this.prediction = new Float64Array(capacity);
    this.slices = sliceNames.map(() => new Int32Array(capacity));
    this.sliceNames = sliceNames;
  }

  private readonly sliceNames: readonly string[];

  accept(rows: DecodedRows, rowStart: number, locateRow: (row: number) => SourceLocation): void {
    const { baseline } = this;
    const m = rows.length;
    const width = rows.score === null || m === 0 ? 0 : rows.score.length / m;
    if (rows.score !== null && this.score === null) this.score = new Float64Array(this.baseRow.length * width);
    const checkLabels = this.task === "binary-classification" || this.task === "multiclass-classification";
    for (let r = 0; r < m; r += 1) {
      const id = rows.ids[r] as string;
      const j = baseline.index.find(id);
      if (j === -1) {
        const row = this.candidateOnly.push(id);
        const earlier = this.candidateOnlyIndex.insert(row);
        if (earlier !== -1)
          throw duplicateIdError(id, locateRow(this.candidateOnlyRows[earlier] as number), rows.locate(r));
        this.candidateOnlyRows.push(rowStart + r);
        continue;
      }
      const earlier = this.pairedWith[j] as number;
      if (earlier !== -1) throw duplicateIdError(id, locateRow(earlier), rows.locate(r));
      this.pairedWith[j] = rowStart + r;
      if (checkLabels && !this.sameLabel(baseline.label[j] as number, rows.label[r] as number, rows.classNames)) {
        throw new InputError(
          `has a label for id ${quoteName(id)} that differs from the baseline's (${baselineLocation(baseline, j)}); expected the same ground truth in both files`,
          rows.locate(r),
        );
      }
      const k = this.n;
      this.baseRow[k] = j;
      this.label[k] = rows.label[r] as number;
      this.prediction[k] = rows.prediction[r] as number;
      if (this.score !== null && rows.score !== null) {
        for (let c = 0; c < width; c += 1) this.score[k * width + c] = rows.score[r * width + c] as number;
      }
      for (let s = 0; s < this.slices.length; s += 1) {
        (this.slices[s] as Int32Array)[k] = (rows.slices[s] as Int32Array)[r] as number;
      }
      this.n += 1;
    }
  }

  finish(
    candidateClasses: readonly string[],
    candidateWidth: number,
    sliceValues: readonly (readonly string[] | null)[],
    slicesSorted: boolean,
  ): PairedPredictions {
    const { baseline, n } = this;
    if (n === 0) {
      throw new InputError(
        `shares no id with the baseline ${baseline.source}; expected predictions on the same examples`,
        { file: this.candidateSource },
      );
    }
    const baseRow = this.baseRow.subarray(0, n);
    const label = this.label.subarray(0, n);
    const candidatePrediction = this.prediction.subarray(0, n);
    let candidateScore: Float64Array | null = this.score === null ? null : this.score.subarray(0, n * candidateWidth);
    const baseWidth = baseline.scoreWidth;
    const basePrediction = new Float64Array(n);
    let baseScore: Float64Array | null = baseline.score === null ? null : new Float64Array(n * baseWidth);
    for (let k = 0; k < n; k += 1) {
      const j = baseRow[k] as number;
      basePrediction[k] = baseline.prediction[j] as number;
      if (baseScore !== null) {
        for (let c = 0; c < baseWidth; c += 1) {
          baseScore[k * baseWidth + c] = (baseline.score as Float64Array)[j * baseWidth + c] as number;
        }
      }
    }
    let classes: string[] | null = null;
    if (this.task === "multiclass-classification") {
      classes = [...new Set([...(baseline.classes ?? []), ...candidateClasses])].sort(compareText);
      candidateScore = remapClasses(
        candidateClasses,
        classes,
        [label, candidatePrediction],
        candidateScore,
        candidateWidth,
      );
      baseScore = remapClasses(baseline.classes ?? [], classes, [basePrediction], baseScore, baseWidth);
    }
    const slices = new Map<string, SliceColumn>();
    this.sliceNames.forEach((name, s) => {
      const values = sliceValues[s];
      if (values === null || values === undefined) return;
      const codes = (this.slices[s] as Int32Array).subarray(0, n);
      const column = slicesSorted ? { codes, values } : sortedSliceColumn(codes, values);
      slices.set(name, { codes: narrowestCodes(column.codes, column.values.length), values: column.values });
    });
    return {
      task: this.task,
      n,
      ids: lazyIdList(n, (k) => baseline.ids.get(baseRow[k] as number)),
      label,
      classes,
      baseline: { prediction: basePrediction, score: baseScore },
      candidate: { prediction: candidatePrediction, score: candidateScore },
      slices,
      unpaired: { baselineOnly: baseline.n - n, candidateOnly: this.candidateOnly.length },
    };
  }

  private sameLabel(baselineLabel: number, candidateLabel: number, candidateClasses: readonly string[]): boolean {
    if (this.task === "multiclass-classification") {
      return (this.baseline.classes ?? [])[baselineLabel] === candidateClasses[candidateLabel];
    }
    return baselineLabel === candidateLabel;
  }
}

function baselineLocation(baseline: PredictionTable, row: number): string {
  const { file, row: dataRow } = baseline.locate(row);
  return `${file}: row ${dataRow}`;
}
