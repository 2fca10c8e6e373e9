import type { PairedPredictions, SliceColumn } from "../../src/eval/paired-predictions.js";
import { Xoshiro128 } from "../../src/stats/xoshiro128.js";

/** A seeded binary evaluation: scores with some separation, predictions at 0.5, one slice column. */
export function simulatedBinary(
  n: number,
  seed: number,
  options: { candidateShift?: number; regions?: readonly string[]; ties?: boolean } = {},
): PairedPredictions {
  const rng = new Xoshiro128(seed);
  const regions = options.regions ?? ["eu", "us", "apac"];
  const shift = options.candidateShift ?? 0.02;
  const label = new Float64Array(n);
  const sb = new Float64Array(n);
  const sc = new Float64Array(n);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.nextFloat() < 0.35 ? 1 : 0;
    label[i] = y;
    const round = (x: number) => (options.ties ? Math.round(x * 20) / 20 : x);
    sb[i] = round(Math.min(1, Math.max(0, 0.3 * y + 0.7 * rng.nextFloat())));
    sc[i] = round(Math.min(1, Math.max(0, (0.3 + shift) * y + (0.7 - shift) * rng.nextFloat())));
    codes[i] = i % 17 === 0 ? -1 : rng.nextBelow(regions.length);
  }
  const threshold = (s: Float64Array) => s.map((x) => (x >= 0.5 ? 1 : 0));
  const slices = new Map<string, SliceColumn>([["region", { codes, values: regions }]]);
  return {
    task: "binary-classification",
    n,
    ids: Array.from({ length: n }, (_, i) => `ex${i}`),
    label,
    classes: null,
    baseline: { prediction: threshold(sb), score: sb },
    candidate: { prediction: threshold(sc), score: sc },
    slices,
    unpaired: { baselineOnly: 0, candidateOnly: 0 },
  };
}

/** Paired binary outcomes with chosen cell probabilities (both right, baseline only, candidate only). */
export function pairedOutcomes(
  n: number,
  rng: Xoshiro128,
  cells: { bothRight: number; baselineOnly: number; candidateOnly: number },
): PairedPredictions {
  const label = new Float64Array(n);
  const pb = new Float64Array(n);
  const pc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.nextFloat() < 0.5 ? 1 : 0;
    const u = rng.nextFloat();
    const bRight = u < cells.bothRight + cells.baselineOnly;
    const cRight =
      u < cells.bothRight ||
      (u >= cells.bothRight + cells.baselineOnly && u < cells.bothRight + cells.baselineOnly + cells.candidateOnly);
    label[i] = y;
    pb[i] = bRight ? y : 1 - y;
    pc[i] = cRight ? y : 1 - y;
  }
  return {
    task: "binary-classification",
    n,
    ids: Array.from({ length: n }, (_, i) => String(i)),
    label,
    classes: null,
    baseline: { prediction: pb, score: null },
    candidate: { prediction: pc, score: null },
    slices: new Map(),
    unpaired: { baselineOnly: 0, candidateOnly: 0 },
  };
}
