import {
  classRecallFromConfusion,
  type MulticlassConfusion,
  macroF1FromConfusion,
} from "../metrics/multiclass-metrics.js";
import { checkResamples } from "../stats/paired-bootstrap.js";
import { drawMultinomial } from "../stats/resample-counts.js";
import { Xoshiro128 } from "../stats/xoshiro128.js";
import type { ResamplingOptions } from "./paired-weighted-metrics.js";
import { type RowStatistics, replicateStatistics } from "./row-statistics.js";

/**
 * The paired bootstrap of macro F1 and every per-class recall of a multiclass task, drawn on the
 * paired cells (true class, baseline's class, candidate's class) instead of the n examples.
 *
 * Both metrics depend on the examples only through those cells, and the examples in one cell are
 * interchangeable, so an index resample of n examples changes the table by a
 * Multinomial(n, cells/n) draw: the same distribution as the index bootstrap, at O(nonzero cells)
 * per replicate (at most k³, typically a few k² for k classes) instead of O(n). This is the
 * multiclass form of `stats/paired-confusion-bootstrap.ts`. One draw serves every metric.
 *
 * Returns the statistics of macro F1 followed by recall of class 0 … k − 1.
 */
export function multiclassCellsBootstrap(
  label: Float64Array,
  baselinePrediction: Float64Array,
  candidatePrediction: Float64Array,
  classCount: number,
  options: ResamplingOptions,
): RowStatistics[] {
  const resamples = checkResamples(options.resamples);
  const k = classCount;
  const n = label.length;
  const tally = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = ((label[i] as number) * k + (baselinePrediction[i] as number)) * k + (candidatePrediction[i] as number);
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  const keys = [...tally.keys()].sort((a, b) => a - b);
  const cellLabel = new Int32Array(keys.length);
  const cellBaseline = new Int32Array(keys.length);
  const cellCandidate = new Int32Array(keys.length);
  const counts = new Float64Array(keys.length);
  keys.forEach((key, c) => {
    cellCandidate[c] = key % k;
    cellBaseline[c] = Math.floor(key / k) % k;
    cellLabel[c] = Math.floor(key / (k * k));
    counts[c] = tally.get(key) as number;
  });

  const sides = [emptyConfusion(k), emptyConfusion(k)] as const;
  const evaluate = (cellCounts: ArrayLike<number>, out: Float64Array): void => {
    fillConfusion(sides[0], cellCounts, cellLabel, cellBaseline);
    fillConfusion(sides[1], cellCounts, cellLabel, cellCandidate);
    out[0] = macroF1FromConfusion(sides[1]) - macroF1FromConfusion(sides[0]);
    out[1] = macroF1FromConfusion(sides[0]);
    out[2] = macroF1FromConfusion(sides[1]);
    for (let c = 0; c < k; c++) {
      const b = classRecallFromConfusion(sides[0], c);
      const v = classRecallFromConfusion(sides[1], c);
      out[3 + 3 * c] = v - b;
      out[4 + 3 * c] = b;
      out[5 + 3 * c] = v;
    }
  };
  const metricCount = 1 + k;
  const observed = new Float64Array(3 * metricCount);
  evaluate(counts, observed);
  const points = Array.from({ length: metricCount }, (_, m) => ({
    baseline: observed[3 * m + 1] as number,
    candidate: observed[3 * m + 2] as number,
  }));
  const deltas = points.map(() => new Float64Array(resamples));
  const valid = new Int32Array(metricCount);
  if (n > 0) {
    const rng = new Xoshiro128(options.seed);
    const drawn = new Uint32Array(keys.length);
    const replicate = new Float64Array(3 * metricCount);
    for (let r = 0; r < resamples; r++) {
      drawMultinomial(rng, n, counts, drawn);
      evaluate(drawn, replicate);
      for (let m = 0; m < metricCount; m++) {
        const d = replicate[3 * m] as number;
        if (!Number.isFinite(d)) continue;
        const v = valid[m] as number;
        (deltas[m] as Float64Array)[v] = d;
        valid[m] = v + 1;
      }
    }
  }
  return points.map((point, m) =>
    replicateStatistics(point, deltas[m] as Float64Array, valid[m] as number, resamples, options.levels),
  );
}

interface MutableConfusion extends MulticlassConfusion {
  total: number;
}

function emptyConfusion(k: number): MutableConfusion {
  return { correct: new Float64Array(k), actual: new Float64Array(k), predicted: new Float64Array(k), total: 0 };
}

function fillConfusion(
  confusion: MutableConfusion,
  cellCounts: ArrayLike<number>,
  cellLabel: Int32Array,
  cellPrediction: Int32Array,
): void {
  const { correct, actual, predicted } = confusion;
  correct.fill(0);
  actual.fill(0);
  predicted.fill(0);
  let total = 0;
  for (let c = 0; c < cellLabel.length; c++) {
    const w = cellCounts[c] as number;
    if (w === 0) continue;
    const y = cellLabel[c] as number;
    const p = cellPrediction[c] as number;
    actual[y] = (actual[y] as number) + w;
    predicted[p] = (predicted[p] as number) + w;
    if (y === p) correct[y] = (correct[y] as number) + w;
    total += w;
  }
  confusion.total = total;
}
