import type { PairedPredictions, PredictionSide } from "../eval/paired-predictions.js";

/** The paired columns of some examples (all of them, or one slice), contiguous for fast passes. */
export interface ExampleSet {
  readonly n: number;
  readonly label: Float64Array;
  readonly baseline: PredictionSide;
  readonly candidate: PredictionSide;
}

/** Every paired example, without copying. */
export function allExamples(paired: PairedPredictions): ExampleSet {
  return { n: paired.n, label: paired.label, baseline: paired.baseline, candidate: paired.candidate };
}

/**
 * The examples at `indices` (ascending) copied into their own columns. `scoreWidth` is the number
 * of score entries per example (the class count for multiclass scores, 1 otherwise).
 */
export function gatherExamples(set: ExampleSet, indices: Uint32Array, scoreWidth: number): ExampleSet {
  const gatherSide = (side: PredictionSide): PredictionSide => ({
    prediction: gather(side.prediction, indices, 1),
    score: side.score === null ? null : gather(side.score, indices, scoreWidth),
  });
  return {
    n: indices.length,
    label: gather(set.label, indices, 1),
    baseline: gatherSide(set.baseline),
    candidate: gatherSide(set.candidate),
  };
}

/** Rows `indices` of a row-major column with `width` entries per row. */
export function gather(values: Float64Array, indices: Uint32Array, width: number): Float64Array {
  const out = new Float64Array(indices.length * width);
  if (width === 1) {
    for (let k = 0; k < indices.length; k++) out[k] = values[indices[k] as number] as number;
  } else {
    for (let k = 0; k < indices.length; k++) {
      const from = (indices[k] as number) * width;
      out.set(values.subarray(from, from + width), k * width);
    }
  }
  return out;
}

/** One slice of the evaluation set: `column=value` and the row indices it holds, ascending. */
export interface SliceMembers {
  readonly column: string;
  readonly value: string;
  readonly name: string;
  readonly indices: Uint32Array;
}

/**
 * Every non-empty slice of every slice column, in column order then the column's value order.
 * Rows whose slice value is missing (code −1) belong to no slice of that column; a value with no
 * paired row gives no slice (see "Empty slice" in docs/gates.md).
 */
export function sliceMembers(paired: PairedPredictions): SliceMembers[] {
  const slices: SliceMembers[] = [];
  for (const [column, { codes, values }] of paired.slices) {
    const counts = new Uint32Array(values.length);
    for (let i = 0; i < paired.n; i++) {
      const code = codes[i] as number;
      if (code >= 0) counts[code] = (counts[code] as number) + 1;
    }
    const members = Array.from(counts, (count) => new Uint32Array(count));
    const filled = new Uint32Array(values.length);
    for (let i = 0; i < paired.n; i++) {
      const code = codes[i] as number;
      if (code < 0) continue;
      const at = filled[code] as number;
      (members[code] as Uint32Array)[at] = i;
      filled[code] = at + 1;
    }
    values.forEach((value, code) => {
      const indices = members[code] as Uint32Array;
      if (indices.length > 0) slices.push({ column, value, name: `${column}=${value}`, indices });
    });
  }
  return slices;
}
