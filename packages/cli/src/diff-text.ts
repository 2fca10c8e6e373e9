import { formatInterval, formatMetricValue, formatPValue, formatSignedDelta, type ModelDiff } from "@slipway/core";

/** A terminal's view of a model diff: the decision and reasons first, then the overall metrics. */
export function renderDiffText(diff: ModelDiff): string {
  const lines = [`${diff.model ?? "model"}: ${diff.decision.toUpperCase()}  (baseline ${diff.baseline_source})`];
  for (const reason of diff.reasons) lines.push(`  - ${reason}`);
  const rows = diff.metrics.filter((m) => m.slice === null);
  const level = diff.statistics ? `${Math.round(diff.statistics.confidence * 100)}% CI` : "CI";
  const table = [
    ["metric", "baseline", "candidate", "delta", level, "p", "verdict"],
    ...rows.map((m) => [
      m.metric,
      formatMetricValue(m.baseline),
      formatMetricValue(m.candidate),
      formatSignedDelta(m.delta),
      formatInterval(m.ci),
      formatPValue(m.p_value),
      m.verdict,
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => (r[i] ?? "").length)));
  lines.push(
    "",
    ...table.map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    ),
  );
  const slices = diff.metrics.filter((m) => m.slice !== null && (m.verdict === "fail" || m.verdict === "warn"));
  if (slices.length > 0) {
    lines.push("", "Slices that failed or warned:");
    for (const m of slices) {
      lines.push(
        `  ${m.verdict.padEnd(4)}  ${m.metric} [${m.slice}]  ${formatSignedDelta(m.delta)}  ${formatInterval(m.ci)}  n=${m.n ?? "?"}`,
      );
    }
  }
  if (diff.flips) {
    lines.push(
      "",
      `Flips: ${diff.flips.improved} newly right, ${diff.flips.regressed} newly wrong, ${diff.flips.unchanged} unchanged`,
    );
  }
  for (const note of diff.notes) lines.push(`Note: ${note}`);
  return `${lines.join("\n")}\n`;
}
