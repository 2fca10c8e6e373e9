import type { ComparisonMethod, FlipExample, MetricComparison, ModelDiff, Verdict } from "../compare/model-diff.js";
import { DRIFT_COLUMNS, type DriftTable, driftTableRows } from "./drift-table.js";
import { renderTable, type TableColumn, tableRow } from "./markdown-table.js";
import { codeSpan, escapeMarkdownText, escapeTableCell } from "./markdown-text.js";
import { buildDeltaChart } from "./mermaid-chart.js";
import {
  decimalsForValues,
  formatConfidence,
  formatCount,
  formatInterval,
  formatMetricValue,
  formatPValue,
  formatSignedCount,
  formatSignedDelta,
} from "./number-format.js";
import { type BudgetedSection, fitToBudget, type Truncation } from "./size-budget.js";
import { sliceRegressions } from "./slice-severity.js";

/** GitHub rejects a comment body over 65,536 characters; the rest leaves room for the sticky marker. */
export const DEFAULT_MARKDOWN_BUDGET = 65_000;

/** Below this the decision, its first reasons and the truncation note may not fit. */
export const MIN_MARKDOWN_BUDGET = 4_000;

export interface RenderModelDiffOptions {
  /** Longest result in characters (UTF-16 code units); default {@link DEFAULT_MARKDOWN_BUDGET}. */
  readonly budget?: number;
  /** Data drift from `validate-data`, shown as its own table. */
  readonly drift?: DriftTable;
  /** Where the untruncated report is, named in the truncation note (plain text). */
  readonly fullReport?: string;
  /** A link to it (https only), e.g. the workflow run's summary. */
  readonly fullReportUrl?: string;
  /** Slice regressions shown outside the folded full slice table; default 15. */
  readonly maxSliceRegressions?: number;
  /** Examples per flip table; default 10. */
  readonly maxExamples?: number;
  /**
   * Reasons (and notes) listed; default 20. A diff that fails on thousands of slices has as many
   * reasons, and the metrics tables matter more than the 21st of them.
   */
  readonly maxReasons?: number;
}

const DEFAULT_FULL_REPORT = "the job summary of this workflow run and its report artifact";

const VERDICT_CELL: Record<Verdict, string> = {
  fail: "**fail**",
  warn: "warn",
  pass: "pass",
  "not-gated": "not gated",
};

const METHOD_DESCRIPTION: Record<ComparisonMethod, string> = {
  "mcnemar-newcombe": "Newcombe's hybrid score interval for paired proportions, McNemar's test",
  delong: "DeLong's paired test for ROC AUC (normal interval)",
  bootstrap: "Paired percentile bootstrap",
  "paired-mean": "Paired t interval and test on per-example differences",
  point: "Point estimate only (no per-example predictions)",
};

const ALERT: Record<ModelDiff["decision"], string> = { fail: "CAUTION", warn: "WARNING", pass: "NOTE" };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function quote(lines: readonly string[]): string {
  return lines.map((line) => (line === "" ? ">" : `> ${line}`)).join("\n");
}

function statusLine(diff: ModelDiff): string {
  const failed = diff.metrics.filter((r) => r.verdict === "fail").length;
  const warned = diff.metrics.filter((r) => r.verdict === "warn").length;
  const gated = diff.metrics.filter((r) => r.verdict !== "not-gated").length;
  const warnedText = warned > 0 ? `, ${formatCount(warned)} warned` : "";
  switch (diff.decision) {
    case "fail":
      return failed > 0
        ? `**Gate: FAILED** — ${plural(failed, "check")} failed${warnedText}`
        : `**Gate: FAILED** — ${plural(diff.reasons.length, "reason")}`;
    case "warn":
      return `**Gate: PASSED WITH WARNINGS** — ${plural(warned, "check")} warned`;
    case "pass":
      return gated > 0
        ? `**Gate: PASSED** — all ${plural(gated, "gated check")} passed`
        : "**Gate: PASSED** — no gate rule applied";
  }
}

function decisionSection(diff: ModelDiff, limit: number): BudgetedSection {
  const reasons = diff.reasons.slice(0, limit).map((r) => `- ${escapeMarkdownText(r, 300)}`);
  const total = diff.reasons.length;
  return {
    id: "decision",
    label: "reasons",
    items: reasons.length,
    render(shown) {
      const lines = [`[!${ALERT[diff.decision]}]`, statusLine(diff)];
      if (total > 0) lines.push("", ...reasons.slice(0, shown));
      if (shown < total) lines.push(`- … and ${plural(total - shown, "more reason")}`);
      return quote(lines);
    },
  };
}

function fixedSection(id: string, text: string): BudgetedSection {
  return { id, label: id, items: 0, render: () => text };
}

/** A section shown whole or not at all. */
function optionalSection(id: string, label: string, text: string): BudgetedSection {
  return { id, label, items: text === "" ? 0 : 1, render: (shown) => (shown > 0 ? text : "") };
}

function contextLine(diff: ModelDiff): string {
  const parts = [
    `Candidate ${codeSpan(diff.candidate_source, 120)} vs baseline ${codeSpan(diff.baseline_source, 120)}`,
  ];
  if (diff.task !== null) parts.push(diff.task.replace(/-/g, " "));
  const stats = diff.statistics;
  if (stats !== null) {
    let paired = plural(stats.paired, "paired example");
    const { baseline_only, candidate_only } = stats.unpaired;
    if (baseline_only + candidate_only > 0) {
      paired += ` (unpaired: ${formatCount(baseline_only)} baseline-only, ${formatCount(candidate_only)} candidate-only)`;
    }
    parts.push(paired);
  } else {
    parts.push("point estimates only");
  }
  return parts.join(" · ");
}

/** Table columns that exist for this diff: intervals and p-values only when some row has them. */
interface Layout {
  readonly intervals: boolean;
  readonly ciHeader: string;
  readonly sizes: boolean;
  readonly holm: boolean;
}

function layoutOf(diff: ModelDiff): Layout {
  const confidence = diff.statistics?.confidence ?? 0.95;
  return {
    intervals: diff.metrics.some((r) => r.ci !== null || r.p_value !== null),
    ciHeader: `${formatConfidence(confidence)} CI`,
    sizes: diff.metrics.some((r) => r.slice !== null && r.n !== null),
    holm: diff.statistics?.correction === "holm" && diff.metrics.some((r) => r.p_adjusted !== null),
  };
}

function verdictCell(row: MetricComparison): string {
  const cell = VERDICT_CELL[row.verdict];
  const why = row.reasons[0];
  return row.verdict === "not-gated" && row.slice !== null && why !== undefined
    ? `${cell} (${escapeTableCell(why, 80)})`
    : cell;
}

function valueCells(row: MetricComparison, layout: Layout, adjusted: boolean): string[] {
  const decimals = decimalsForValues(row.baseline, row.candidate);
  const cells = [
    formatMetricValue(row.baseline, decimals),
    formatMetricValue(row.candidate, decimals),
    formatSignedDelta(row.delta, decimals),
  ];
  if (layout.intervals) {
    cells.push(
      formatInterval(row.ci, decimals),
      formatPValue(adjusted ? (row.p_adjusted ?? row.p_value) : row.p_value),
    );
  }
  cells.push(verdictCell(row));
  return cells;
}

function valueColumns(layout: Layout, adjusted: boolean): TableColumn[] {
  const columns: TableColumn[] = [
    { header: "Baseline", align: "right" },
    { header: "Candidate", align: "right" },
    { header: "Δ", align: "right" },
  ];
  if (layout.intervals) {
    columns.push(
      { header: layout.ciHeader, align: "left" },
      { header: adjusted && layout.holm ? "p (Holm)" : "p", align: "right" },
    );
  }
  columns.push({ header: "Verdict", align: "left" });
  return columns;
}

function overallSection(diff: ModelDiff, layout: Layout): BudgetedSection {
  const rows = diff.metrics.filter((r) => r.slice === null);
  const columns: TableColumn[] = [{ header: "Metric", align: "left" }, ...valueColumns(layout, false)];
  const lines = rows.map((r) => tableRow([codeSpan(r.metric, 60), ...valueCells(r, layout, false)]));
  return {
    id: "overall",
    label: "overall metrics",
    items: lines.length,
    render(shown) {
      if (lines.length === 0) return "";
      const parts = ["#### Metrics", renderTable(columns, lines.slice(0, shown))];
      if (shown < lines.length) parts.push(`*… and ${plural(lines.length - shown, "more metric")}.*`);
      return parts.join("\n\n");
    },
  };
}

function notesSection(diff: ModelDiff, limit: number): BudgetedSection {
  const notes = diff.notes.slice(0, limit).map((n) => `- ${escapeMarkdownText(n, 300)}`);
  const total = diff.notes.length;
  return {
    id: "notes",
    label: "notes",
    items: notes.length,
    render(shown) {
      if (total === 0) return "";
      const lines = ["**Notes**", "", ...notes.slice(0, shown)];
      if (shown < total) lines.push(`- … and ${plural(total - shown, "more note")}`);
      return lines.join("\n");
    },
  };
}

function sliceColumns(layout: Layout): TableColumn[] {
  const columns: TableColumn[] = [
    { header: "Slice", align: "left" },
    { header: "Metric", align: "left" },
  ];
  if (layout.sizes) columns.push({ header: "n", align: "right" });
  return [...columns, ...valueColumns(layout, true)];
}

function sliceRow(row: MetricComparison, layout: Layout): string {
  const cells = [codeSpan(row.slice ?? "", 80), codeSpan(row.metric, 60)];
  if (layout.sizes) cells.push(row.n === null ? "—" : formatCount(row.n));
  return tableRow([...cells, ...valueCells(row, layout, true)]);
}

function sliceRegressionSection(diff: ModelDiff, layout: Layout, limit: number): BudgetedSection {
  const sliceRows = diff.metrics.filter((r) => r.slice !== null);
  const regressions = sliceRegressions(diff.metrics);
  const visible = regressions.slice(0, limit).map((r) => sliceRow(r, layout));
  const failed = regressions.filter((r) => r.verdict === "fail").length;
  const warned = regressions.filter((r) => r.verdict === "warn").length;
  return {
    id: "slices",
    label: "slice regressions",
    items: visible.length,
    render(shown) {
      if (sliceRows.length === 0) return "";
      if (regressions.length === 0) {
        return `#### Slices\n\nNo slice regressed across ${plural(sliceRows.length, "slice row")}.`;
      }
      const tally = [
        failed > 0 ? `${formatCount(failed)} failed` : "",
        warned > 0 ? `${formatCount(warned)} warned` : "",
      ]
        .filter((t) => t !== "")
        .join(", ");
      const rule = layout.intervals
        ? "a rule failed or warned on it, or its whole interval lies on the worse side of zero"
        : "a rule failed or warned on it, or it got worse";
      const summary = `**${formatCount(regressions.length)}** of ${plural(sliceRows.length, "slice row")} regressed${tally === "" ? "" : ` (${tally})`}, most severe first. A row is listed when ${rule}.`;
      const parts = ["#### Slice regressions", summary];
      if (shown > 0) parts.push(renderTable(sliceColumns(layout), visible.slice(0, shown)));
      if (shown < regressions.length) {
        parts.push(`*… and ${plural(regressions.length - shown, "more slice regression")}.*`);
      }
      return parts.join("\n\n");
    },
  };
}

function allSlicesSection(diff: ModelDiff, layout: Layout): BudgetedSection {
  const lines = diff.metrics.filter((r) => r.slice !== null).map((r) => sliceRow(r, layout));
  return {
    id: "all-slices",
    label: "the full slice table",
    items: lines.length,
    render(shown) {
      if (shown === 0) return "";
      const parts = [
        `<details><summary>All slice rows (${formatCount(lines.length)})</summary>`,
        renderTable(sliceColumns(layout), lines.slice(0, shown)),
      ];
      if (shown < lines.length) parts.push(`*… and ${plural(lines.length - shown, "more row")}.*`);
      parts.push("</details>");
      return parts.join("\n\n");
    },
  };
}

function exampleTable(examples: readonly FlipExample[]): string {
  const scores = examples.some((e) => e.baseline_score !== null || e.candidate_score !== null);
  const columns: TableColumn[] = [
    { header: "Example", align: "left" },
    { header: "Label", align: "left" },
    { header: "Baseline", align: "left" },
    { header: "Candidate", align: "left" },
  ];
  if (scores) columns.push({ header: "Score (baseline → candidate)", align: "right" });
  const rows = examples.map((e) => {
    const cells = [
      codeSpan(e.id, 64),
      escapeTableCell(e.label, 40),
      escapeTableCell(e.baseline_prediction, 40),
      escapeTableCell(e.candidate_prediction, 40),
    ];
    if (scores) cells.push(`${formatMetricValue(e.baseline_score)} → ${formatMetricValue(e.candidate_score)}`);
    return tableRow(cells);
  });
  return renderTable(columns, rows);
}

function flipsSummary(diff: ModelDiff): string {
  const flips = diff.flips;
  if (flips === undefined) return "";
  const net = flips.improved - flips.regressed;
  return [
    "#### Per-example flips",
    `**${formatCount(flips.regressed)} newly wrong**, ${formatCount(flips.improved)} newly right, ${formatCount(flips.unchanged)} unchanged (net ${formatSignedCount(net)} correct).`,
  ].join("\n\n");
}

function regressedExamplesSection(diff: ModelDiff, limit: number): BudgetedSection {
  const examples = (diff.flips?.examples.regressed ?? []).slice(0, limit);
  return {
    id: "regressed-examples",
    label: "newly wrong examples",
    items: examples.length,
    render(shown) {
      if (shown === 0) return "";
      return [
        `Newly wrong, most confidently wrong first (${formatCount(shown)} of ${formatCount(diff.flips?.regressed ?? shown)}):`,
        exampleTable(examples.slice(0, shown)),
      ].join("\n\n");
    },
  };
}

function improvedExamplesSection(diff: ModelDiff, limit: number): BudgetedSection {
  const examples = (diff.flips?.examples.improved ?? []).slice(0, limit);
  return {
    id: "improved-examples",
    label: "newly right examples",
    items: examples.length,
    render(shown) {
      if (shown === 0) return "";
      return [
        `<details><summary>Newly right examples (${formatCount(shown)} of ${formatCount(diff.flips?.improved ?? shown)})</summary>`,
        exampleTable(examples.slice(0, shown)),
        "</details>",
      ].join("\n\n");
    },
  };
}

function driftSection(drift: DriftTable | undefined): BudgetedSection {
  const lines = drift === undefined ? [] : driftTableRows(drift.rows);
  const drifted = drift?.rows.filter((r) => r.drifted).length ?? 0;
  return {
    id: "drift",
    label: "data drift rows",
    items: lines.length,
    render(shown) {
      if (drift === undefined) return "";
      const result = { pass: "passed", warn: "passed with warnings", fail: "FAILED" }[drift.result];
      const parts = [
        "#### Data drift",
        `Data validation **${result}**: ${plural(drifted, "column")} drifted of ${formatCount(drift.rows.length)} checked.`,
      ];
      if (shown > 0) parts.push(renderTable(DRIFT_COLUMNS, lines.slice(0, shown)));
      if (shown < lines.length) parts.push(`*… and ${plural(lines.length - shown, "more column")}.*`);
      return parts.join("\n\n");
    },
  };
}

function chartText(diff: ModelDiff): string {
  const chart = buildDeltaChart(diff.metrics);
  if (chart === null || chart.values.length < 2) return "";
  const caption =
    chart.scale === "points"
      ? "Overall change in percentage points, signed so that up is better (lower-is-better metrics are negated)."
      : "Overall change relative to the baseline, in percent, signed so that up is better.";
  const zero = chart.values.some((v) => v < 0)
    ? " Bars rise from the bottom of the axis: read each top against the zero line."
    : "";
  return ["#### Overall change", caption + zero, `\`\`\`mermaid\n${chart.source}\n\`\`\``].join("\n\n");
}

function methodText(diff: ModelDiff): string {
  const lines = [
    `- Baseline: ${codeSpan(diff.baseline_source, 200)}`,
    `- Candidate: ${codeSpan(diff.candidate_source, 200)}`,
  ];
  if (diff.model !== null) lines.push(`- Model: ${codeSpan(diff.model, 120)}`);
  const stats = diff.statistics;
  if (stats === null) {
    lines.push(
      "- No per-example predictions on both sides: deltas are point estimates, without intervals or p-values.",
    );
  } else {
    lines.push(
      `- Intervals: two-sided ${formatConfidence(stats.confidence)} intervals of the paired delta (candidate − baseline) over ${plural(stats.paired, "paired example")}.`,
    );
    const byMethod = new Map<ComparisonMethod, string[]>();
    for (const row of diff.metrics) {
      const names = byMethod.get(row.method) ?? [];
      if (!names.includes(row.metric)) names.push(row.metric);
      byMethod.set(row.method, names);
    }
    for (const [method, names] of byMethod) {
      const shown = names.slice(0, 8).map((n) => codeSpan(n, 60));
      const more = names.length > shown.length ? ` and ${formatCount(names.length - shown.length)} more` : "";
      const detail = method === "bootstrap" ? ` (${formatCount(stats.resamples)} resamples, seed ${stats.seed})` : "";
      lines.push(`- ${METHOD_DESCRIPTION[method]}${detail}: ${shown.join(", ")}${more}.`);
    }
    if (stats.correction === "holm") lines.push("- Slice p-values are Holm-adjusted across the slices of each metric.");
  }
  return ["<details><summary>How this was computed</summary>", lines.join("\n"), "</details>"].join("\n\n");
}

function truncationNote(truncations: readonly Truncation[], options: RenderModelDiffOptions): string {
  const items = truncations.map((t) =>
    t.shown === 0 ? `${t.label} (left out)` : `${t.label} (${formatCount(t.shown)} of ${formatCount(t.total)} shown)`,
  );
  const where = escapeMarkdownText(options.fullReport ?? DEFAULT_FULL_REPORT, 200);
  const url = options.fullReportUrl;
  const link = url !== undefined && /^https:\/\/[^\s()<>[\]"'`]+$/.test(url) ? ` ([open](${url}))` : "";
  return quote([
    `**Shortened to fit GitHub's comment size limit.** Cut: ${items.join("; ")}.`,
    `The full report is in ${where}${link}.`,
  ]);
}

/**
 * The GitHub-flavoured Markdown of a model diff, for the sticky PR comment and the job summary: the
 * gate decision and its reasons first, then the overall metrics, slice regressions, per-example
 * flips, data drift and a chart of the changes, with the full slice table and the method folded
 * away. Every string that came from a file is escaped. The result never exceeds `budget`
 * characters: the least important parts give up rows first (the full slice table, then the example
 * tables, then the chart, …), and a note says what was cut and where the full report is.
 */
export function renderModelDiff(diff: ModelDiff, options: RenderModelDiffOptions = {}): string {
  const budget = options.budget ?? DEFAULT_MARKDOWN_BUDGET;
  if (!(budget >= MIN_MARKDOWN_BUDGET)) {
    throw new RangeError(`a model-diff budget must be at least ${MIN_MARKDOWN_BUDGET} characters, got ${budget}`);
  }
  const layout = layoutOf(diff);
  const maxExamples = options.maxExamples ?? 10;
  const maxReasons = options.maxReasons ?? 20;
  const title = diff.model === null ? "### Model diff" : `### Model diff: ${codeSpan(diff.model, 100)}`;
  const sections: BudgetedSection[] = [
    fixedSection("title", title),
    decisionSection(diff, maxReasons),
    fixedSection("context", contextLine(diff)),
    overallSection(diff, layout),
    notesSection(diff, maxReasons),
    sliceRegressionSection(diff, layout, options.maxSliceRegressions ?? 15),
    fixedSection("flips", flipsSummary(diff)),
    regressedExamplesSection(diff, maxExamples),
    driftSection(options.drift),
    optionalSection("chart", "the chart", chartText(diff)),
    allSlicesSection(diff, layout),
    improvedExamplesSection(diff, maxExamples),
    optionalSection("method", "how this was computed", methodText(diff)),
  ];
  return fitToBudget(sections, {
    budget,
    shrinkOrder: [
      "all-slices",
      "improved-examples",
      "regressed-examples",
      "chart",
      "method",
      "drift",
      "slices",
      "notes",
      "overall",
      "decision",
    ],
    noteAfter: "context",
    note: (truncations) => truncationNote(truncations, options),
  }).markdown;
}
