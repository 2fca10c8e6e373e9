import { describe, expect, it } from "vitest";
import { sampleBinomial } from "../../src/stats/binomial-sampler.js";
import { logFactorial } from "../../src/stats/log-gamma.js";
import { drawIndexResample, drawMultinomial, drawPoissonResample } from "../../src/stats/resample-counts.js";
import { Xoshiro128 } from "../../src/stats/xoshiro128.js";
import { loadStatsFixture } from "./load-fixture.js";

interface PrngVectors {
  fromState: { state: [number, number, number, number]; outputs: number[] };
  seeded: { seed: number; outputs: number[] }[];
}

const vectors = loadStatsFixture<PrngVectors>("prng.json");

/** Upper 0.1% points of chi-square, for goodness-of-fit checks that fail by chance 1 time in 1,000. */
const CHI_SQUARE_999: Record<number, number> = { 9: 27.877, 19: 43.82 };

function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let x = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i] as number;
    x += ((observed[i] as number) - e) ** 2 / e;
  }
  return x;
}

describe("seeded generator", () => {
  it("produces the published xoshiro128** outputs from state (1, 2, 3, 4)", () => {
    const rng = Xoshiro128.fromState(vectors.fromState.state);
    expect(vectors.fromState.outputs.map(() => rng.nextUint32())).toEqual(vectors.fromState.outputs);
  });

  it("gives the same stream for the same seed, bit for bit, as the reference seeding", () => {
    for (const { seed, outputs } of vectors.seeded) {
      const rng = new Xoshiro128(seed);
      expect(outputs.map(() => rng.nextUint32())).toEqual(outputs);
    }
  });

  it("draws bounded integers uniformly", () => {
    const rng = new Xoshiro128(7);
    const bins = new Float64Array(10);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      const bin = rng.nextBelow(10);
      bins[bin] = (bins[bin] ?? 0) + 1;
    }
    expect(chiSquare(bins, new Float64Array(10).fill(draws / 10))).toBeLessThan(CHI_SQUARE_999[9] as number);
  });

  it("draws floats in [0, 1) with mean ½ and variance 1/12", () => {
    const rng = new Xoshiro128(8);
    let sum = 0;
    let sumSq = 0;
    const draws = 200_000;
    let outOfRange = 0;
    for (let i = 0; i < draws; i++) {
      const u = rng.nextFloat();
      if (!(u >= 0 && u < 1)) outOfRange++;
      sum += u;
      sumSq += u * u;
    }
    expect(outOfRange).toBe(0);
    const mean = sum / draws;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / draws));
    expect(Math.abs(sumSq / draws - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });
});

describe("binomial sampler", () => {
  const binomialPmf = (n: number, p: number, k: number): number =>
    Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));

  it.each([
    [20, 0.3],
    [40, 0.5],
    [60, 0.85],
    [2_000, 0.01],
  ])("fits Binomial(%i, %f) by a chi-square test over its central values", (n, p) => {
    const rng = new Xoshiro128(n);
    const draws = 100_000;
    const mean = n * p;
    // 20 bins: 18 single values around the mean plus the two tails
    const first = Math.max(0, Math.round(mean - 9));
    const observed = new Float64Array(20);
    let outOfRange = 0;
    for (let i = 0; i < draws; i++) {
      const k = sampleBinomial(rng, n, p);
      if (!(Number.isInteger(k) && k >= 0 && k <= n)) outOfRange++;
      const bin = Math.min(19, Math.max(0, k - first + 1));
      observed[bin] = (observed[bin] ?? 0) + 1;
    }
    expect(outOfRange).toBe(0);
    const expected = new Float64Array(20);
    for (let k = 0; k <= n; k++) {
      const bin = Math.min(19, Math.max(0, k - first + 1));
      expected[bin] = (expected[bin] ?? 0) + draws * binomialPmf(n, p, k);
    }
    const kept = [...expected.keys()].filter((i) => (expected[i] as number) >= 5);
    const statistic = chiSquare(
      kept.map((i) => observed[i] as number),
      kept.map((i) => expected[i] as number),
    );
    expect(statistic).toBeLessThan(CHI_SQUARE_999[19] as number);
  });

  it.each([
    [1_000, 0.3],
    [1_000_000, 0.4],
    [10_000_000, 0.999],
  ])("has the right mean and variance for Binomial(%i, %f) (transformed rejection)", (n, p) => {
    const rng = new Xoshiro128(3);
    const draws = 50_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < draws; i++) {
      const k = sampleBinomial(rng, n, p);
      sum += k;
      sumSq += k * k;
    }
    const mean = sum / draws;
    const variance = sumSq / draws - mean * mean;
    const trueVariance = n * p * (1 - p);
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt(trueVariance / draws));
    // the sample variance's relative standard error is about √(2/draws) ≈ 0.6%
    expect(Math.abs(variance / trueVariance - 1)).toBeLessThan(0.03);
  });

  it("handles the degenerate probabilities exactly", () => {
    const rng = new Xoshiro128(1);
    expect(sampleBinomial(rng, 10, 0)).toBe(0);
    expect(sampleBinomial(rng, 10, 1)).toBe(10);
    expect(sampleBinomial(rng, 0, 0.5)).toBe(0);
  });
});

describe("resample counts", () => {
  it("an index resample of n examples has counts summing to n", () => {
    const rng = new Xoshiro128(5);
    const counts = new Uint32Array(1234);
    drawIndexResample(rng, counts);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1234);
  });

  it("a multinomial draw keeps the total and skips empty cells", () => {
    const rng = new Xoshiro128(6);
    const weights = [500, 0, 300, 150, 0, 40, 9, 1];
    const out = new Uint32Array(8);
    const sums = new Float64Array(8);
    const draws = 20_000;
    for (let r = 0; r < draws; r++) {
      drawMultinomial(rng, 1000, weights, out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(1000);
      expect(out[1]).toBe(0);
      expect(out[4]).toBe(0);
      for (let k = 0; k < 8; k++) sums[k] = (sums[k] ?? 0) + (out[k] as number);
    }
    weights.forEach((w, k) => {
      const p = w / 1000;
      const se = Math.sqrt((1000 * p * (1 - p)) / draws);
      expect(Math.abs((sums[k] as number) / draws - w)).toBeLessThanOrEqual(4 * se + 1e-12);
    });
  });

  it("Poisson(1) resample counts have mean 1 and variance 1", () => {
    const rng = new Xoshiro128(9);
    const counts = new Uint32Array(200_000);
    drawPoissonResample(rng, counts);
    let sum = 0;
    let sumSq = 0;
    for (const c of counts) {
      sum += c;
      sumSq += c * c;
    }
    const mean = sum / counts.length;
    expect(Math.abs(mean - 1)).toBeLessThan(4 * Math.sqrt(1 / counts.length));
    expect(Math.abs(sumSq / counts.length - mean * mean - 1)).toBeLessThan(0.02);
  });
});
