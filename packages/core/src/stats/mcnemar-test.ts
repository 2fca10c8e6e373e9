import { logFactorial } from "./log-gamma.js";
import { erfc } from "./normal-distribution.js";
import type { PairedOutcomeTable } from "./paired-outcome-table.js";

/**
 * Up to this many discordant pairs the p-value is the exact conditional test, a sum of at most
 * 5,001 binomial terms; beyond it the continuity-corrected chi-square, whose difference from the
 * exact value is then far below anything a gate could act on.
 */
export const MCNEMAR_EXACT_MAX_DISCORDANT = 10_000;

export interface McNemarTest {
  readonly pValue: number;
  /** `exact`: conditional binomial test; `chi-square-cc`: chi-square with continuity correction. */
  readonly variant: "exact" | "chi-square-cc";
}

/**
 * McNemar's test of equal marginal proportions (McNemar, Psychometrika 12, 1947), two-sided.
 *
 * Given the s = b + c discordant pairs, b ~ Binomial(s, ½) under the null. For s ≤
 * {@link MCNEMAR_EXACT_MAX_DISCORDANT} the exact conditional p-value is
 * p = min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(s, ½) (equal to scipy's `binomtest(b, s, 0.5)`,
 * since the null distribution is symmetric); for larger s,
 * p = P(χ²₁ ≥ (|b − c| − 1)²/s) = erfc(√(χ²/2)) (Edwards 1948). The exact test is conservative
 * (Fagerland, Lydersen & Laake, BMC Med Res Methodol 13:91, 2013); for a release gate that errs on
 * the side of not blocking. No discordant pairs gives p = 1.
 */
export function mcnemarTest(table: PairedOutcomeTable): McNemarTest {
  const b = table.candidateOnly;
  const c = table.baselineOnly;
  const s = b + c;
  if (s === 0) return { pValue: 1, variant: "exact" };
  if (s <= MCNEMAR_EXACT_MAX_DISCORDANT) {
    const k = Math.min(b, c);
    const logNorm = logFactorial(s) - s * Math.LN2;
    let tail = 0;
    for (let x = 0; x <= k; x++) tail += Math.exp(logNorm - logFactorial(x) - logFactorial(s - x));
    return { pValue: Math.min(1, 2 * tail), variant: "exact" };
  }
  const corrected = Math.max(0, Math.abs(b - c) - 1);
  const chiSquare = (corrected * corrected) / s;
  return { pValue: erfc(Math.sqrt(chiSquare / 2)), variant: "chi-square-cc" };
}
