import type { ScoreRanking } from "../metrics/score-ranking.js";
import { normalCriticalValue, normalTwoSidedPValue } from "../stats/normal-distribution.js";
import type { RowStatistics } from "./row-statistics.js";

/**
 * DeLong's paired ROC-AUC comparison (DeLong, DeLong & Clarke-Pearson, Biometrics 44, 1988), the
 * same statistic as `deLongPairedAuc` in `stats/delong-test.ts`, computed from each model's
 * {@link ScoreRanking} instead of three midrank sorts per model. The ranking is made once per
 * model and set of examples and also serves the ROC-AUC and average-precision point estimates.
 *
 * In one ascending pass over the runs of tied scores, with P and N the numbers of positives and
 * negatives, the structural components are
 *   V₁₀(xᵢ) = (negatives below xᵢ + ½·negatives tied with xᵢ) / N   for each positive,
 *   V₀₁(yⱼ) = (positives above yⱼ + ½·positives tied with yⱼ) / P   for each negative,
 * which is what the midrank identities of Sun & Xu (2014) reduce to; AUC = mean of V₁₀.
 * Var(Δ) = S₁₀(b,b)/P + S₀₁(b,b)/N + S₁₀(c,c)/P + S₀₁(c,c)/N − 2·(S₁₀(b,c)/P + S₀₁(b,c)/N), with S
 * the sample (co)variances of the components; interval Δ ± z·√Var(Δ) clipped to [−1, 1], normal
 * two-sided p-value. At least two positives and two negatives are needed for an interval.
 */
export function rankedDeLong(
  label: Float64Array,
  baseline: ScoreRanking,
  candidate: ScoreRanking,
  levels: readonly number[],
): RowStatistics {
  const n = label.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (label[i] === 1) positives++;
  const negatives = n - positives;
  const b = structuralComponents(label, baseline, positives, negatives);
  const c = structuralComponents(label, candidate, positives, negatives);
  if (positives < 2 || negatives < 2) {
    return deLongFromSums({ baseline: b.auc, candidate: c.auc, positives, negatives, ...NO_SPREAD }, levels);
  }

  // Sample variances and covariance (denominators P − 1 and N − 1) of the components, per class.
  let posB = 0;
  let posC = 0;
  let negB = 0;
  let negC = 0;
  for (let i = 0; i < n; i++) {
    if (label[i] === 1) {
      posB += b.components[i] as number;
      posC += c.components[i] as number;
    } else {
      negB += b.components[i] as number;
      negC += c.components[i] as number;
    }
  }
  const meanB10 = posB / positives;
  const meanC10 = posC / positives;
  const meanB01 = negB / negatives;
  const meanC01 = negC / negatives;
  let s10bb = 0;
  let s10cc = 0;
  let s10bc = 0;
  let s01bb = 0;
  let s01cc = 0;
  let s01bc = 0;
  for (let i = 0; i < n; i++) {
    if (label[i] === 1) {
      const x = (b.components[i] as number) - meanB10;
      const y = (c.components[i] as number) - meanC10;
      s10bb += x * x;
      s10cc += y * y;
      s10bc += x * y;
    } else {
      const x = (b.components[i] as number) - meanB01;
      const y = (c.components[i] as number) - meanC01;
      s01bb += x * x;
      s01cc += y * y;
      s01bc += x * y;
    }
  }
  return deLongFromSums(
    { baseline: b.auc, candidate: c.auc, positives, negatives, s10bb, s10cc, s10bc, s01bb, s01cc, s01bc },
    levels,
  );
}

/**
 * What DeLong's comparison needs of a set of examples: each model's AUC, the class sizes, and the
 * centred sums of squares and cross-products of the structural components, V₁₀ over the positives
 * (`s10…`) and V₀₁ over the negatives (`s01…`), `b` the baseline's and `c` the candidate's.
 */
export interface DeLongSums {
  readonly baseline: number;
  readonly candidate: number;
  readonly positives: number;
  readonly negatives: number;
  readonly s10bb: number;
  readonly s10cc: number;
  readonly s10bc: number;
  readonly s01bb: number;
  readonly s01cc: number;
  readonly s01bc: number;
}

const NO_SPREAD = { s10bb: 0, s10cc: 0, s10bc: 0, s01bb: 0, s01cc: 0, s01bc: 0 };

/** DeLong's interval and p-value from {@link DeLongSums}; no interval below two positives and two negatives. */
export function deLongFromSums(sums: DeLongSums, levels: readonly number[]): RowStatistics {
  const { positives, negatives } = sums;
  const delta = sums.candidate - sums.baseline;
  const none = {
    baseline: sums.baseline,
    candidate: sums.candidate,
    delta,
    pValue: null,
    method: "delong" as const,
  };
  if (positives < 2 || negatives < 2) return { ...none, intervals: levels.map(() => null) };
  const p1 = positives - 1;
  const n1 = negatives - 1;
  const variance = Math.max(
    0,
    (sums.s10bb / p1 + sums.s10cc / p1 - 2 * (sums.s10bc / p1)) / positives +
      (sums.s01bb / n1 + sums.s01cc / n1 - 2 * (sums.s01bc / n1)) / negatives,
  );
  const se = Math.sqrt(variance);
  const intervals = levels.map((level): readonly [number, number] => {
    const z = normalCriticalValue(level);
    return [Math.max(-1, delta - z * se), Math.min(1, delta + z * se)];
  });
  const pValue = se > 0 ? normalTwoSidedPValue(delta / se) : delta === 0 ? 1 : 0;
  return { ...none, intervals, pValue };
}

interface Components {
  readonly auc: number;
  /** V₁₀ at each positive example, V₀₁ at each negative one, by example index. */
  readonly components: Float64Array;
}

function structuralComponents(
  label: Float64Array,
  ranking: ScoreRanking,
  positives: number,
  negatives: number,
): Components {
  const { order, groupEnds } = ranking;
  const components = new Float64Array(label.length);
  let positivesBelow = 0;
  let negativesBelow = 0;
  let sum10 = 0;
  let start = 0;
  for (let g = 0; g < groupEnds.length; g++) {
    const end = groupEnds[g] as number;
    let groupPositives = 0;
    let groupNegatives = 0;
    for (let k = start; k < end; k++) {
      if (label[order[k] as number] === 1) groupPositives++;
      else groupNegatives++;
    }
    const v10 = (negativesBelow + 0.5 * groupNegatives) / negatives;
    const v01 = (positives - positivesBelow - groupPositives + 0.5 * groupPositives) / positives;
    for (let k = start; k < end; k++) {
      const i = order[k] as number;
      components[i] = label[i] === 1 ? v10 : v01;
    }
    sum10 += groupPositives * v10;
    positivesBelow += groupPositives;
    negativesBelow += groupNegatives;
    start = end;
  }
  return { components, auc: positives > 0 && negatives > 0 ? sum10 / positives : Number.NaN };
}
