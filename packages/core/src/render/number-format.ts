/**
 * Number formatting for the model-diff Markdown. One convention throughout: negative numbers carry
 * the Unicode minus sign U+2212 (it lines up with "+" in proportional fonts and cannot be mistaken
 * for a hyphen); deltas always carry a sign; metric values on a [−1, 1] scale get 4 decimals, larger
 * ones 5 significant digits; p-values 3 decimals, or "<0.001".
 */

export const MINUS_SIGN = "\u2212";

/** Shown for a value that one side did not report. */
export const MISSING_VALUE = "—";

/** Decimals that keep 5 significant digits above 1, and 4 decimals at or below 1. */
function decimalsFor(magnitude: number): number {
  if (!(magnitude > 1) || !Number.isFinite(magnitude)) return 4;
  return Math.max(0, 4 - Math.floor(Math.log10(magnitude)));
}

/**
 * The decimals for every number of one metric row (values, delta, interval), chosen by its largest
 * value so that the row's numbers line up: `31,205 → 29,877, −1,328`, not `−1327.5`. Counts such as
 * epochs (whole numbers above 1) get none.
 */
export function decimalsForValues(...values: readonly (number | null)[]): number {
  let largest = 0;
  let whole = true;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    largest = Math.max(largest, Math.abs(v));
    whole &&= Number.isInteger(v);
  }
  return whole && largest > 1 ? 0 : decimalsFor(largest);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ",");
}

function formatMagnitude(magnitude: number, decimals: number): string {
  if (magnitude === Number.POSITIVE_INFINITY) return "∞";
  if (magnitude >= 1e15) return magnitude.toExponential(3).replace("e+", "e");
  const [whole = "0", fraction] = magnitude.toFixed(decimals).split(".");
  return fraction === undefined ? groupThousands(whole) : `${groupThousands(whole)}.${fraction}`;
}

/** A metric value: `0.9123`, `12.346`, `31,205`, `−0.0412`, or "—" when missing. */
export function formatMetricValue(value: number | null, decimals?: number): string {
  if (value === null) return MISSING_VALUE;
  if (Number.isNaN(value)) return "NaN";
  const text = formatMagnitude(Math.abs(value), decimals ?? decimalsFor(Math.abs(value)));
  // −0.00001 shows as 0.0000, not as a negative zero.
  return value < 0 && /[1-9∞]/.test(text) ? `${MINUS_SIGN}${text}` : text;
}

/**
 * A signed difference: `+0.0123`, `−0.0123`, `0.0000` for no change, "—" when missing. A change too
 * small for the decimals keeps its sign (`−0.0000`), so the direction is never lost.
 */
export function formatSignedDelta(delta: number | null, decimals?: number): string {
  if (delta === null) return MISSING_VALUE;
  if (Number.isNaN(delta)) return "NaN";
  const text = formatMagnitude(Math.abs(delta), decimals ?? decimalsFor(Math.abs(delta)));
  if (delta === 0) return text;
  return `${delta > 0 ? "+" : MINUS_SIGN}${text}`;
}

/** A confidence interval of a delta: `[−0.0110, +0.0034]`, or "—" without one. */
export function formatInterval(ci: readonly [number, number] | null, decimals?: number): string {
  if (ci === null) return MISSING_VALUE;
  return `[${formatSignedDelta(ci[0], decimals)}, ${formatSignedDelta(ci[1], decimals)}]`;
}

/** A p-value: `0.042`, `<0.001`, or "—". */
export function formatPValue(p: number | null): string {
  if (p === null || Number.isNaN(p)) return MISSING_VALUE;
  if (p < 0.001) return "<0.001";
  return p.toFixed(3);
}

/** A count with thousands separators, independent of the machine's locale: `12,345`. */
export function formatCount(n: number): string {
  const sign = n < 0 ? MINUS_SIGN : "";
  return sign + groupThousands(String(Math.trunc(Math.abs(n))));
}

/** A signed count, for net changes: `+55`, `−12`, `0`. */
export function formatSignedCount(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}

/** A confidence level as a percentage: 0.95 → `95%`, 0.975 → `97.5%`. */
export function formatConfidence(confidence: number): string {
  const percent = Number((confidence * 100).toFixed(2));
  return `${percent}%`;
}
