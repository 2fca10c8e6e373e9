import { normalCriticalValue } from "./normal-distribution.js";
import { type PairedOutcomeTable, pairedTableSize } from "./paired-outcome-table.js";

/**
 * Wilson's score interval for one proportion (Wilson, JASA 22, 1927):
 * (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n).
 */
export function wilsonInterval(successes: number, n: number, z: number): readonly [number, number] {
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return [Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth)];
}

/**
 * Confidence interval for the difference of two paired proportions, candidate − baseline =
 * (candidateOnly − baselineOnly)/n, by Newcombe's hybrid score ("square-and-add") method:
 * R. G. Newcombe, "Improved confidence intervals for the difference between binomial proportions
 * based on paired data", Statistics in Medicine 17 (1998) 2635–2650, method 10. It is the interval
 * recommended by Fagerland, Lydersen & Laake, "Recommended tests and confidence intervals for
 * paired binomial proportions", Statistics in Medicine 33 (2014) 2850–2875; unlike Wald it keeps
 * near-nominal coverage when a proportion is close to 0 or 1, and it never leaves [−1, 1].
 *
 * With Wilson intervals (l₁, u₁) for the candidate's proportion p₁ and (l₂, u₂) for the baseline's
 * p₂, and the 2×2 table with cells A (both right), B (candidate only), C (baseline only), D (both
 * wrong) and margins E = A+B, F = C+D, G = A+C, H = B+D:
 *   L = (p₁ − p₂) − √((p₁ − l₁)² − 2φ(p₁ − l₁)(u₂ − p₂) + (u₂ − p₂)²)
 *   U = (p₁ − p₂) + √((u₁ − p₁)² − 2φ(u₁ − p₁)(p₂ − l₂) + (p₂ − l₂)²)
 * where φ estimates the correlation of the two outcomes: with Δ = AD − BC,
 * φ = (Δ − n/2)/√(EFGH) if Δ > n/2, 0 if 0 ≤ Δ ≤ n/2, Δ/√(EFGH) if Δ < 0, and 0 when a margin is 0
 * (Newcombe's correction of φ towards 0, as in Fagerland, Lydersen & Laake, "Statistical Analysis
 * of Contingency Tables", 2017, §8.5.4).
 *
 * The interval is symmetric under swapping the models: B and C exchange, Δ and φ stay, and the
 * interval is mirrored. An empty table has no interval.
 */
export function newcombePairedInterval(
  table: PairedOutcomeTable,
  confidence: number,
): readonly [number, number] | null {
  const n = pairedTableSize(table);
  if (n === 0) return null;
  const z = normalCriticalValue(confidence);
  const { bothCorrect: a, candidateOnly: b, baselineOnly: c, neither: d } = table;
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const [l1, u1] = wilsonInterval(a + b, n, z);
  const [l2, u2] = wilsonInterval(a + c, n, z);
  const phi = correlationEstimate(a, b, c, d, n);
  const delta = p1 - p2;
  const lowerSpread = squareAndAdd(p1 - l1, u2 - p2, phi);
  const upperSpread = squareAndAdd(u1 - p1, p2 - l2, phi);
  return [Math.max(-1, delta - lowerSpread), Math.min(1, delta + upperSpread)];
}

function squareAndAdd(x: number, y: number, phi: number): number {
  return Math.sqrt(Math.max(0, x * x - 2 * phi * x * y + y * y));
}

function correlationEstimate(a: number, b: number, c: number, d: number, n: number): number {
  const e = a + b;
  const f = c + d;
  const g = a + c;
  const h = b + d;
  if (e === 0 || f === 0 || g === 0 || h === 0) return 0;
  const root = Math.sqrt(e * f) * Math.sqrt(g * h);
  const cross = a * d - b * c;
  if (cross > n / 2) return (cross - n / 2) / root;
  if (cross >= 0) return 0;
  return cross / root;
}
