import type { DeLongSums } from "./ranked-delong.js";

/**
 * Per group, the sums of the components' deviations from a centre (the candidate's mean) and of
 * their squares and products, V₁₀ over the positives and V₀₁ over the negatives.
 */
export class SpreadSums {
  readonly centre10: Float64Array;
  readonly centre01: Float64Array;
  /** [b, b², c, c², b·c] of group g at [5g, 5g + 5). */
  readonly sums10: Float64Array;
  readonly sums01: Float64Array;

  constructor(count: number) {
    this.centre10 = new Float64Array(count);
    this.centre01 = new Float64Array(count);
    this.sums10 = new Float64Array(count * 5);
    this.sums01 = new Float64Array(count * 5);
  }

  /** Centres groups [first, last) on the means Σ V₁₀ / P and Σ V₀₁ / N of one model. */
  centreOn(
    sum10: Float64Array,
    sum01: Float64Array,
    positives: Float64Array,
    negatives: Float64Array,
    first: number,
    last: number,
  ): void {
    for (let g = first; g < last; g++) {
      this.centre10[g] = (sum10[g] as number) / (positives[g] as number);
      this.centre01[g] = (sum01[g] as number) / (negatives[g] as number);
    }
  }

  /** The DeLong sums of groups [0, count): both models' AUCs, the group's class counts and its centred sums. */
  deLongSums(
    count: number,
    baselineAuc: (g: number) => number,
    candidateAuc: (g: number) => number,
    positives: Float64Array,
    negatives: Float64Array,
  ): DeLongSums[] {
    const sums: DeLongSums[] = [];
    for (let g = 0; g < count; g++) {
      const p = positives[g] as number;
      const q = negatives[g] as number;
      sums.push({
        baseline: baselineAuc(g),
        candidate: candidateAuc(g),
        positives: p,
        negatives: q,
        ...this.centred(g, p, q),
      });
    }
    return sums;
  }

  /** The centred sums of `DeLongSums`: Σ (x − x̄)(y − ȳ) = Σ x′y′ − (Σ x′)(Σ y′)/m for shifted x′, y′. */
  centred(g: number, positives: number, negatives: number) {
    const s = g * 5;
    const [b10, bb10, c10, cc10, bc10] = this.sums10.subarray(s, s + 5) as unknown as number[];
    const [b01, bb01, c01, cc01, bc01] = this.sums01.subarray(s, s + 5) as unknown as number[];
    return {
      s10bb: (bb10 as number) - ((b10 as number) * (b10 as number)) / positives,
      s10cc: (cc10 as number) - ((c10 as number) * (c10 as number)) / positives,
      s10bc: (bc10 as number) - ((b10 as number) * (c10 as number)) / positives,
      s01bb: (bb01 as number) - ((b01 as number) * (b01 as number)) / negatives,
      s01cc: (cc01 as number) - ((c01 as number) * (c01 as number)) / negatives,
      s01bc: (bc01 as number) - ((b01 as number) * (c01 as number)) / negatives,
    };
  }
}

export function addSpread(sums: Float64Array, g: number, b: number, c: number): void {
  const s = g * 5;
  sums[s] = (sums[s] as number) + b;
  sums[s + 1] = (sums[s + 1] as number) + b * b;
  sums[s + 2] = (sums[s + 2] as number) + c;
  sums[s + 3] = (sums[s + 3] as number) + c * c;
  sums[s + 4] = (sums[s + 4] as number) + b * c;
}
