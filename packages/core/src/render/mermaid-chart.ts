import type { MetricComparison } from "../compare/model-diff.js";
import { plainLine } from "./markdown-text.js";
import { orientedDelta } from "./slice-severity.js";

/** Most bars in one chart; more would make the category labels unreadable. */
export const MAX_CHART_BARS = 12;

const LABEL_LENGTH = 24;

/**
 * Makes a metric name safe as a quoted category label of a Mermaid `xychart-beta`. Inside `"…"`
 * Mermaid's lexer accepts anything but `"`, but the whole diagram text is scanned first for
 * `%%{…}%%` directives and `%%` comments and for `#name;` entity codes, labels may be drawn as HTML,
 * and a backtick could close the surrounding Markdown fence; so only letters, digits, spaces and
 * `_ . = + - / ( )` are kept, every other run of characters becomes one `_`.
 */
export function mermaidLabel(text: string, maxLength: number = LABEL_LENGTH): string {
  const safe = plainLine(text, Number.MAX_SAFE_INTEGER)
    .replace(/[^\p{L}\p{N} _.=+\-/()]+/gu, "_")
    .replace(/ {2,}/g, " ")
    .trim();
  const codePoints = Array.from(safe);
  const cut = codePoints.length > maxLength ? `${codePoints.slice(0, maxLength - 1).join("")}…` : safe;
  return cut === "" ? "_" : cut;
}

/**
 * Mermaid draws each category once per distinct label (the band scale merges equal names), so two
 * metrics whose sanitised labels collide would share one bar: later ones get " (2)", " (3)"…
 */
function uniqueLabels(labels: readonly string[]): string[] {
  const used = new Set<string>();
  return labels.map((label) => {
    let candidate = label;
    for (let k = 2; used.has(candidate); k++) candidate = `${label} (${k})`;
    used.add(candidate);
    return candidate;
  });
}

/** Mermaid's number token is `[+-]?(\d+(\.\d+)?|\.\d+)`: ASCII minus, no exponent. */
function mermaidNumber(value: number): string {
  const fixed = value.toFixed(2);
  return fixed === "-0.00" ? "0.00" : fixed;
}

/** A chart's scale: percentage points for metrics on a 0–1 scale, else relative change in percent. */
export type ChartScale = "points" | "percent";

export interface DeltaChart {
  readonly scale: ChartScale;
  readonly labels: readonly string[];
  /** Oriented so that a positive bar is an improvement. */
  readonly values: readonly number[];
  /** The Mermaid source, without the Markdown fence. */
  readonly source: string;
}

function onUnitScale(row: MetricComparison): boolean {
  return row.baseline !== null && row.candidate !== null && Math.abs(row.baseline) <= 1 && Math.abs(row.candidate) <= 1;
}

/**
 * A bar chart of the overall metrics' changes, oriented so that up is better (the delta of a
 * lower-is-better metric is negated). Deltas of metrics on a 0–1 scale are shown in percentage
 * points; when no metric is on that scale, relative changes (Δ / |baseline|, in percent) are shown
 * instead, for rows with a non-zero baseline, so that metrics of different units share one axis.
 *
 * Mermaid's bars rise from the bottom of the plot, not from zero, so when some change is negative
 * the y-axis is made symmetric about zero and a flat line is drawn at zero: a bar whose top is
 * below that line is a regression. Null when there is nothing to chart.
 */
export function buildDeltaChart(rows: readonly MetricComparison[]): DeltaChart | null {
  const candidates = rows.filter((row) => row.slice === null && orientedDelta(row) !== null);
  const unit = candidates.filter(onUnitScale);
  const scale: ChartScale = unit.length > 0 ? "points" : "percent";
  const charted = (
    scale === "points" ? unit : candidates.filter((row) => row.baseline !== null && row.baseline !== 0)
  ).slice(0, MAX_CHART_BARS);
  if (charted.length === 0) return null;
  const values = charted.map((row) => {
    const delta = orientedDelta(row) as number;
    const value = scale === "points" ? delta * 100 : (delta / Math.abs(row.baseline as number)) * 100;
    return Number.isFinite(value) ? value : 0;
  });
  const labels = uniqueLabels(charted.map((row) => mermaidLabel(row.metric)));
  const largest = Math.max(...values.map(Math.abs));
  const top = niceCeiling(largest);
  const hasDrop = values.some((v) => v < 0);
  const axisTitle = scale === "points" ? "Change in points, up = better" : "Change in %, up = better";
  const lines = [
    "xychart-beta",
    `  title "${scale === "points" ? "Overall change, percentage points" : "Overall change, percent of baseline"}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(", ")}]`,
    `  y-axis "${axisTitle}" ${mermaidNumber(hasDrop ? -top : 0)} --> ${mermaidNumber(top)}`,
    `  bar [${values.map(mermaidNumber).join(", ")}]`,
  ];
  if (hasDrop) lines.push(`  line [${values.map(() => "0.00").join(", ")}]`);
  return { scale, labels, values, source: lines.join("\n") };
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above `x` (a round axis end); 1 for zero. */
function niceCeiling(x: number): number {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= x) return Math.max(step * power, 0.01);
  }
  return 10 * power;
}
