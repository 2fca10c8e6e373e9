import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinctCount } from "../../src/profile/column-profile.js";
import { mergeProfiles } from "../../src/profile/dataset-profile.js";
import { addToHyperLogLog, emptyHyperLogLog, estimateHyperLogLog } from "../../src/profile/hyperloglog.js";
import { murmur3Hash32 } from "../../src/profile/murmur3-hash.js";
import { histogramCounts, referenceBins } from "../../src/profile/numeric-histogram.js";
import {
  bucketKey,
  QUANTILE_RELATIVE_ACCURACY,
  QuantileSketchBuilder,
  sketchQuantile,
} from "../../src/profile/quantile-sketch.js";
import { HEAVY_HITTER_COUNTERS, valueCountErrorBound } from "../../src/profile/value-counts.js";
import { Xoshiro128 } from "../../src/stats/xoshiro128.js";
import { profileOf } from "./batch-of.js";

function sketchOf(values: readonly number[]) {
  const builder = new QuantileSketchBuilder();
  for (const value of values) builder.add(value);
  return builder.freeze();
}

describe("quantile sketch", () => {
  it("reads every quantile within 1% of the true sample quantile", () => {
    const value = fc.oneof(
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.double({ min: 1e-6, max: 10, noNaN: true }),
      fc.constant(0),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), (values) => {
        const sorted = [...values].map((v) => v + 0).sort((a, b) => a - b);
        const sketch = sketchOf(values);
        for (const q of [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1]) {
          const truth = sorted[Math.floor(q * (sorted.length - 1))]!;
          const estimate = sketchQuantile(sketch, q);
          // 1e-12 of slack for the rounding of log and pow at a bucket's edge.
          expect(Math.abs(estimate - truth)).toBeLessThanOrEqual(
            (QUANTILE_RELATIVE_ACCURACY + 1e-12) * Math.abs(truth),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it("draws decile bins on bucket edges, each holding part of the reference", () => {
    const values = Array.from({ length: 100 }, (_, k) => k + 1);
    const sketch = sketchOf(values);
    const bins = referenceBins(sketch);
    expect(bins.edges).toHaveLength(9);
    bins.edges.forEach((edge, j) => {
      // The bin closes at the upper edge of the bucket holding the decile: at most 2% above it.
      expect(edge).toBeGreaterThanOrEqual(10 * (j + 1));
      expect(edge).toBeLessThan(10 * (j + 1) * 1.0203);
    });
    // Positive values: bin j holds (edge_{j−1}, edge_j]. A bucket near 100 is 2 wide, so a bin can
    // take in the integer after its decile; the counts stay within one of 10.
    const bounds = [Number.NEGATIVE_INFINITY, ...bins.edges, Number.POSITIVE_INFINITY];
    const direct = bounds.slice(1).map((upper, j) => values.filter((x) => x > bounds[j]! && x <= upper).length);
    const counts = histogramCounts(sketch, bins);
    expect(counts).toEqual(direct);
    for (const count of counts) expect(Math.abs(count - 10)).toBeLessThanOrEqual(1);
  });

  it("counts any dataset in the reference's bins exactly, as bucketing each value would", () => {
    const value = fc.oneof(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.integer({ min: -5, max: 5 }));
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 300 }),
        fc.array(value, { maxLength: 300 }),
        (ref, cur) => {
          const bins = referenceBins(sketchOf(ref));
          const referenceCounts = histogramCounts(sketchOf(ref), bins);
          expect(referenceCounts.length).toBeLessThanOrEqual(10);
          expect(referenceCounts.every((count) => count > 0)).toBe(true);
          const direct = new Array<number>(bins.edgeKeys.length + 1).fill(0);
          for (const x of cur) {
            const bin = bins.edgeKeys.findIndex((edge) => bucketKey(x) <= edge);
            direct[bin === -1 ? bins.edgeKeys.length : bin]!++;
          }
          expect(histogramCounts(sketchOf(cur), bins)).toEqual(direct);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives a 0/1 column one bin per value", () => {
    const sketch = sketchOf([0, 1, 1, 0, 1, 1, 1, 0]);
    const bins = referenceBins(sketch);
    expect(histogramCounts(sketch, bins)).toEqual([3, 5]);
    expect(histogramCounts(sketchOf([1, 1, 1, 2, 5]), bins)).toEqual([0, 5]);
  });
});

describe("distinct count", () => {
  it("hashes with MurmurHash3 x86_32 as published", () => {
    const hash = (text: string, seed: number): number => {
      const bytes = new TextEncoder().encode(text);
      return murmur3Hash32(bytes, bytes.length, seed);
    };
    expect(hash("", 0)).toBe(0);
    expect(hash("", 1)).toBe(0x514e28b7);
    expect(hash("", 0xffffffff)).toBe(0x81f16f39);
    expect(hash("\0\0\0\0", 0)).toBe(0x2362f9de);
    expect(hash("aaaa", 0x9747b28c)).toBe(0x5a97808a);
    expect(hash("Hello, world!", 0x9747b28c)).toBe(0x24884cba);
    expect(hash("The quick brown fox jumps over the lazy dog", 0x9747b28c)).toBe(0x2fa826cd);
  });

  it("estimates within 3 standard errors (2.4%) from 1,000 to 300,000 distinct values", () => {
    const standardError = 1.04 / Math.sqrt(2 ** 14);
    for (const n of [1_000, 5_000, 20_000, 100_000, 300_000]) {
      for (const seed of [1, 2, 3]) {
        const registers = emptyHyperLogLog();
        for (let k = 0; k < n; k++) addToHyperLogLog(registers, `value ${seed}-${k}`);
        const estimate = estimateHyperLogLog(registers);
        expect(Math.abs(estimate - n) / n, `n = ${n}, seed ${seed}: ${estimate}`).toBeLessThanOrEqual(
          3 * standardError,
        );
      }
    }
  });

  it("stays close for a handful of values", () => {
    for (const n of [0, 1, 2, 10, 50, 200]) {
      const registers = emptyHyperLogLog();
      for (let k = 0; k < n; k++) addToHyperLogLog(registers, String(k));
      expect(Math.abs(estimateHyperLogLog(registers) - n)).toBeLessThanOrEqual(Math.max(1, 0.02 * n));
    }
  });

  it("counts distinct values exactly up to 1,000 and ignores repeats beyond", () => {
    const repeated = Array.from({ length: 5_000 }, (_, k) => `v${k % 1_000}`);
    expect(distinctCount(profileOf({ x: repeated }).columns[0]!)).toEqual({ value: 1_000, exact: true });
    const many = Array.from({ length: 20_000 }, (_, k) => `v${k % 7_000}`);
    const estimate = distinctCount(profileOf({ x: many }).columns[0]!);
    expect(estimate.exact).toBe(false);
    expect(Math.abs(estimate.value - 7_000) / 7_000).toBeLessThan(0.025);
  });
});

describe("heavy hitters beyond the exact limit", () => {
  /** A skewed stream: value k with probability ∝ 1/(k + 1)^1.1 over 20,000 values. */
  function zipfStream(seed: number, length: number): string[] {
    const random = new Xoshiro128(seed);
    const weights = Array.from({ length: 20_000 }, (_, k) => 1 / (k + 1) ** 1.1);
    const cumulative: number[] = [];
    let total = 0;
    for (const w of weights) {
      total += w;
      cumulative.push(total);
    }
    return Array.from({ length }, () => {
      const u = random.nextFloat() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      return `item-${lo}`;
    });
  }

  it("never over-counts, under-counts by at most the Misra–Gries bound, and keeps every frequent value", () => {
    for (const seed of [11, 12]) {
      const stream = zipfStream(seed, 60_000);
      const truth = new Map<string, number>();
      for (const value of stream) truth.set(value, (truth.get(value) ?? 0) + 1);
      const halves = [profileOf({ x: stream.slice(0, 25_000) }), profileOf({ x: stream.slice(25_000) })];
      for (const profile of [profileOf({ x: stream }), mergeProfiles(halves[0]!, halves[1]!)]) {
        const values = profile.columns[0]!.values;
        expect(values.exact).toBe(false);
        expect(values.counts.size).toBeLessThanOrEqual(HEAVY_HITTER_COUNTERS);
        const bound = valueCountErrorBound(values);
        expect(bound).toBeLessThanOrEqual(stream.length / (HEAVY_HITTER_COUNTERS + 1));
        for (const [value, count] of values.counts) {
          expect(count).toBeLessThanOrEqual(truth.get(value)!);
          expect(count).toBeGreaterThanOrEqual(truth.get(value)! - bound);
        }
        for (const [value, count] of truth) {
          if (count > stream.length / (HEAVY_HITTER_COUNTERS + 1)) expect(values.counts.has(value)).toBe(true);
        }
      }
    }
  });
});
