/**
 * How gate reasons print numbers: measured values with 4 significant digits, rule thresholds as
 * written, negative numbers with a true minus sign (U+2212) so they read as numbers, not dashes.
 */
export function formatMeasured(value: number): string {
  return withMinus(Number(value.toPrecision(4)).toString());
}

export function formatThreshold(value: number): string {
  return withMinus(String(value));
}

/** A confidence level as a percentage: 0.95 → "95%", 0.975 → "97.5%". */
export function formatLevel(level: number): string {
  return `${Number((level * 100).toPrecision(6))}%`;
}

/** A share as a percentage with 3 significant digits: 0.02391 → "2.39%". */
export function formatPercent(share: number): string {
  return `${withMinus(Number((share * 100).toPrecision(3)).toString())}%`;
}

function withMinus(text: string): string {
  return text.startsWith("-") ? `\u2212${text.slice(1)}` : text;
}

/**
 * Comparisons with a threshold forgive differences below 1e-9 of its scale, so binary floating
 * point cannot turn an exact boundary into a violation: 0.80 − 0.81 is −0.010000000000000009, yet a
 * drop of 0.01 with `max_drop: 0.01` is within tolerance (docs/gates.md, "Equality and rounding").
 */
export function slack(limit: number): number {
  return 1e-9 * Math.max(1, Math.abs(limit));
}
