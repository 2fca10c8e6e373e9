import { midranks } from "./midranks.js";
import { normalCriticalValue, normalTwoSidedPValue } from "./normal-distribution.js";

export interface DeLongComparison {
  readonly baselineAuc: number;
  readonly candidateAuc: number;
  /** candidateAuc − baselineAuc. */
  readonly delta: number;
  /** DeLong's estimate of Var(AUC_baseline), Var(AUC_candidate) and their covariance. */
  readonly baselineVariance: number;
  readonly candidateVariance: number;
  readonly covariance: number;
  /** Var(delta) = Var_b + Var_c − 2·Cov. */
  readonly deltaVariance: number;
  readonly ci: readonly [number, number] | null;
  readonly pValue: number | null;
  readonly positives: number;
  readonly negatives: number;
}

/**
 * Paired comparison of two correlated ROC-AUCs on the same examples: E. R. DeLong, D. M. DeLong &
 * D. L. Clarke-Pearson, "Comparing the areas under two or more correlated receiver operating
 * characteristic curves: a nonparametric approach", Biometrics 44 (1988) 837–845.
 *
 * The AUC is the Mann–Whitney statistic θ = (1/mn)·Σᵢ Σⱼ ψ(Xᵢ, Yⱼ), ψ = 1 if X > Y, ½ if X = Y,
 * 0 otherwise, over m positives X and n negatives Y. Its structural components are
 * V₁₀(Xᵢ) = (1/n)·Σⱼ ψ(Xᵢ, Yⱼ) and V₀₁(Yⱼ) = (1/m)·Σᵢ ψ(Xᵢ, Yⱼ), and
 * Cov(θ⁽ʳ⁾, θ⁽ˢ⁾) = S₁₀ʳˢ/m + S₀₁ʳˢ/n with S the sample covariances (denominators m − 1, n − 1)
 * of the components across positives and across negatives.
 *
 * The components come from midranks in O(N log N) instead of O(mn) (X. Sun & W. Xu, "Fast
 * implementation of DeLong's algorithm for comparing the areas under correlated receiver operating
 * characteristic curves", IEEE Signal Processing Letters 21 (2014) 1389–1393):
 * V₁₀(Xᵢ) = (T_Z(Xᵢ) − T_X(Xᵢ))/n and V₀₁(Yⱼ) = 1 − (T_Z(Yⱼ) − T_Y(Yⱼ))/m, where T_Z, T_X, T_Y are
 * midranks among all scores, among positives and among negatives. Midranks count ties as ½.
 *
 * The interval is delta ± z·√Var(delta) (clipped to [−1, 1]) and the p-value is the two-sided
 * normal one for delta/√Var(delta). Both need at least two positives and two negatives; with a
 * zero variance (for example two perfect rankers) the interval collapses to the point and the
 * p-value is 1 for equal AUCs and 0 otherwise.
 */
export function deLongPairedAuc(
  label: ArrayLike<number>,
  baselineScore: Float64Array,
  candidateScore: Float64Array,
  confidence: number,
): DeLongComparison {
  const total = label.length;
  if (baselineScore.length !== total || candidateScore.length !== total) {
    throw new RangeError("labels and scores differ in length");
  }
  let m = 0;
  for (let i = 0; i < total; i++) {
    const y = label[i] as number;
    if (y === 1) m++;
    else if (y !== 0) throw new RangeError(`label at row ${i} is not 0 or 1: ${y}`);
  }
  const n = total - m;
  const baseline = structuralComponents(label, baselineScore, m, n);
  const candidate = structuralComponents(label, candidateScore, m, n);
  const delta = candidate.auc - baseline.auc;
  const empty = {
    baselineAuc: baseline.auc,
    candidateAuc: candidate.auc,
    delta,
    baselineVariance: Number.NaN,
    candidateVariance: Number.NaN,
    covariance: Number.NaN,
    deltaVariance: Number.NaN,
    ci: null,
    pValue: null,
    positives: m,
    negatives: n,
  };
  if (m < 2 || n < 2) return empty;

  const s10 = covariance2(baseline.v10, candidate.v10);
  const s01 = covariance2(baseline.v01, candidate.v01);
  const baselineVariance = s10.xx / m + s01.xx / n;
  const candidateVariance = s10.yy / m + s01.yy / n;
  const cov = s10.xy / m + s01.xy / n;
  const deltaVariance = Math.max(0, baselineVariance + candidateVariance - 2 * cov);
  const se = Math.sqrt(deltaVariance);
  const z = normalCriticalValue(confidence);
  const ci: readonly [number, number] = [Math.max(-1, delta - z * se), Math.min(1, delta + z * se)];
  const pValue = se > 0 ? normalTwoSidedPValue(delta / se) : delta === 0 ? 1 : 0;
  return { ...empty, baselineVariance, candidateVariance, covariance: cov, deltaVariance, ci, pValue };
}

interface Components {
  readonly auc: number;
  readonly v10: Float64Array;
  readonly v01: Float64Array;
}

function structuralComponents(label: ArrayLike<number>, score: Float64Array, m: number, n: number): Components {
  const positives = new Float64Array(m);
  const negatives = new Float64Array(n);
  let ip = 0;
  let ineg = 0;
  for (let i = 0; i < label.length; i++) {
    if (label[i] === 1) positives[ip++] = score[i] as number;
    else negatives[ineg++] = score[i] as number;
  }
  const all = new Float64Array(m + n);
  all.set(positives, 0);
  all.set(negatives, m);
  const tz = midranks(all);
  const tx = midranks(positives);
  const ty = midranks(negatives);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let rankSum = 0;
  for (let i = 0; i < m; i++) {
    const z = tz[i] as number;
    rankSum += z;
    v10[i] = (z - (tx[i] as number)) / n;
  }
  for (let j = 0; j < n; j++) v01[j] = 1 - ((tz[m + j] as number) - (ty[j] as number)) / m;
  const auc = m > 0 && n > 0 ? (rankSum - (m * (m + 1)) / 2) / (m * n) : Number.NaN;
  return { auc, v10, v01 };
}

/** Sample variances and covariance (denominator k − 1) of two equally long series. */
function covariance2(x: Float64Array, y: Float64Array): { xx: number; yy: number; xy: number } {
  const k = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < k; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= k;
  my /= k;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let i = 0; i < k; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    xx += dx * dx;
    yy += dy * dy;
    xy += dx * dy;
  }
  return { xx: xx / (k - 1), yy: yy / (k - 1), xy: xy / (k - 1) };
}
