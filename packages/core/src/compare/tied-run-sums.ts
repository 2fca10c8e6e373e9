import type { GroupRankMetrics } from "./grouped-rank-statistics.js";

/**
 * One model's rank sums for every group, added one run of tied scores at a time in ascending
 * score order, as `rankedDeLong` and `rocAucAndAveragePrecisionRanked` sum them run by run: the
 * ROC-AUC and average precision of each group, and its DeLong component sums. Both ways of walking
 * the scores (counted per distinct score, or through the sorted examples) add their runs here.
 */
export class TiedRunSums {
  readonly positivesBelow: Float64Array;
  readonly negativesBelow: Float64Array;
  /** Σ over runs of positives × (negatives below + ½ negatives tied): the AUC's numerator. */
  readonly pairs: Float64Array;
  /** Σ over runs with positives of positives × precision at the run. */
  readonly precisions: Float64Array;
  /** Σ V₁₀ over positives and Σ V₀₁ over negatives. */
  readonly sum10: Float64Array;
  readonly sum01: Float64Array;

  constructor(
    readonly positives: Float64Array,
    readonly negatives: Float64Array,
  ) {
    const count = positives.length;
    this.positivesBelow = new Float64Array(count);
    this.negativesBelow = new Float64Array(count);
    this.pairs = new Float64Array(count);
    this.precisions = new Float64Array(count);
    this.sum10 = new Float64Array(count);
    this.sum01 = new Float64Array(count);
  }

  /** Adds group g's run of `gp` positives and `gn` negatives tied at the next score up. */
  addRun(g: number, gp: number, gn: number): void {
    const p = this.positives[g] as number;
    const q = this.negatives[g] as number;
    const below = this.negativesBelow[g] as number;
    const above = this.positivesBelow[g] as number;
    this.pairs[g] = (this.pairs[g] as number) + gp * (below + 0.5 * gn);
    if (gp > 0) {
      const truePositives = p - above;
      const falsePositives = q - below;
      this.precisions[g] = (this.precisions[g] as number) + (gp * truePositives) / (truePositives + falsePositives);
    }
    this.sum10[g] = (this.sum10[g] as number) + gp * ((below + 0.5 * gn) / q);
    this.sum01[g] = (this.sum01[g] as number) + gn * ((p - above - gp + 0.5 * gp) / p);
    this.positivesBelow[g] = above + gp;
    this.negativesBelow[g] = below + gn;
  }

  /** The AUC as `rankedDeLong` computes it: the mean of V₁₀ over the positives. */
  structuralAuc(g: number): number {
    const p = this.positives[g] as number;
    return p > 0 && (this.negatives[g] as number) > 0 ? (this.sum10[g] as number) / p : Number.NaN;
  }

  metrics(): GroupRankMetrics {
    const count = this.pairs.length;
    const rocAuc = new Float64Array(count);
    const averagePrecision = new Float64Array(count);
    for (let g = 0; g < count; g++) {
      const p = this.positives[g] as number;
      const q = this.negatives[g] as number;
      rocAuc[g] = p === 0 || q === 0 ? Number.NaN : (this.pairs[g] as number) / (p * q);
      averagePrecision[g] = p === 0 ? Number.NaN : (this.precisions[g] as number) / p;
    }
    return { rocAuc, averagePrecision };
  }
}
