import { studentTCriticalValue, studentTTwoSidedPValue } from "./student-t-distribution.js";

export interface PairedMeanComparison {
  readonly baseline: number;
  readonly candidate: number;
  readonly delta: number;
  readonly ci: readonly [number, number] | null;
  readonly pValue: number | null;
  /** Standard error of the mean paired difference. */
  readonly standardError: number;
}

/**
 * Paired comparison of a mean-decomposable metric (log loss, Brier score, MAE, mean score: the
 * mean over examples of a per-example value): the per-example differences dᵢ = cᵢ − bᵢ give
 * Δ = mean(d), SE = s_d/√n, the paired t interval Δ ± t_(n−1, (1+c)/2)·SE and the two-sided paired
 * t-test p-value (Student 1908; the same as scipy's `ttest_rel`). By the CLT this is valid for any
 * bounded per-example value at the sample sizes a gate sees, and exact for normal differences.
 *
 * Needs n ≥ 2. When every difference is equal the interval collapses to the point and the
 * p-value is 1 for Δ = 0, else 0.
 */
export function pairedMeanComparison(
  baseline: ArrayLike<number>,
  candidate: ArrayLike<number>,
  confidence: number,
): PairedMeanComparison {
  const n = baseline.length;
  if (candidate.length !== n) throw new RangeError("paired values differ in length");
  let sumB = 0;
  let sumC = 0;
  let sumD = 0;
  for (let i = 0; i < n; i++) {
    const b = baseline[i] as number;
    const c = candidate[i] as number;
    sumB += b;
    sumC += c;
    sumD += c - b;
  }
  const delta = sumD / n;
  let ss = Number.NaN;
  if (n >= 2 && Number.isFinite(delta)) {
    ss = 0;
    for (let i = 0; i < n; i++) {
      const e = (candidate[i] as number) - (baseline[i] as number) - delta;
      ss += e * e;
    }
  }
  return pairedMeanFromSums(
    { n, baseline: sumB, candidate: sumC, difference: sumD, squaredDeviations: ss },
    confidence,
  );
}

/** The sums a paired mean comparison needs, so that callers holding them skip the per-example passes. */
export interface PairedMeanSums {
  readonly n: number;
  /** Σ bᵢ, Σ cᵢ and Σ (cᵢ − bᵢ). */
  readonly baseline: number;
  readonly candidate: number;
  readonly difference: number;
  /** Σ (dᵢ − Δ)², with Δ = difference / n; only read when n ≥ 2 and Δ is finite. */
  readonly squaredDeviations: number;
}

/** {@link pairedMeanComparison} from the sums of the values and of the squared deviations of their differences. */
export function pairedMeanFromSums(sums: PairedMeanSums, confidence: number): PairedMeanComparison {
  const { n } = sums;
  const meanB = sums.baseline / n;
  const meanC = sums.candidate / n;
  const delta = sums.difference / n;
  if (n < 2 || !Number.isFinite(delta)) {
    return { baseline: meanB, candidate: meanC, delta, ci: null, pValue: null, standardError: Number.NaN };
  }
  const se = Math.sqrt(sums.squaredDeviations / (n - 1) / n);
  const df = n - 1;
  if (!(se > 0)) {
    return {
      baseline: meanB,
      candidate: meanC,
      delta,
      ci: [delta, delta],
      pValue: delta === 0 ? 1 : 0,
      standardError: 0,
    };
  }
  const t = studentTCriticalValue(confidence, df);
  return {
    baseline: meanB,
    candidate: meanC,
    delta,
    ci: [delta - t * se, delta + t * se],
    pValue: studentTTwoSidedPValue(delta / se, df),
    standardError: se,
  };
}
