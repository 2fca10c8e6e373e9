import type { ValidationDriftRow, ValidationReport, ValidationResult } from "../contract/validation-report.js";
import type { ViolationExample } from "../contract/violation.js";
import { renderTable, type TableColumn, tableRow } from "./markdown-table.js";
import { codeSpan, escapeMarkdownText, escapeTableCell } from "./markdown-text.js";
import { formatCount, formatMetricValue, formatPValue } from "./number-format.js";
import { type BudgetedSection, fitToBudget, type Truncation } from "./size-budget.js";

/** Fits a PR comment (65,536 characters) with room to spare; a job summary may pass more. */
export const DEFAULT_VALIDATION_BUDGET = 65_000;

/** Below this the result line, the headline counts and the truncation note may not fit. */
export const MIN_VALIDATION_BUDGET = 3_000;

export interface RenderValidationOptions {
  /** Longest result in characters (UTF-16 code units); default {@link DEFAULT_VALIDATION_BUDGET}. */
  readonly budget?: number;
  /** Examples shown per violation; default 3. */
  readonly maxExamples?: number;
  /** Where the untruncated report is, named in the truncation note (plain text). */
  readonly fullReport?: string;
}

const ALERT: Record<ValidationResult, string> = { fail: "CAUTION", warn: "WARNING", pass: "NOTE" };
const RESULT_TEXT: Record<ValidationResult, string> = {
  fail: "FAILED",
  warn: "passed with warnings",
  pass: "passed",
};

const VIOLATION_COLUMNS: readonly TableColumn[] = [
  { header: "Rule", align: "left" },
  { header: "Column", align: "left" },
  { header: "Severity", align: "left" },
  { header: "Rows", align: "right" },
  { header: "What failed", align: "left" },
  { header: "Examples", align: "left" },
];

const DRIFT_COLUMNS: readonly TableColumn[] = [
  { header: "Column", align: "left" },
  { header: "Method", align: "left" },
  { header: "Value", align: "right" },
  { header: "Drifts when", align: "left" },
  { header: "Drifted", align: "left" },
];

const CHANGE_COLUMNS: readonly TableColumn[] = [
  { header: "Change", align: "left" },
  { header: "Rule", align: "left" },
  { header: "Column", align: "left" },
  { header: "Detail", align: "left" },
];

const FILE_COLUMNS: readonly TableColumn[] = [
  { header: "File", align: "left" },
  { header: "Rows", align: "right" },
  { header: "Bytes", align: "right" },
  { header: "SHA-256", align: "left" },
];

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function isPValue(method: string): boolean {
  return method === "ks" || method === "chi2";
}

/** A p-value as a p-value (`<0.001`), a distance with the number formatting of model diffs. */
function driftValue(row: ValidationDriftRow): string {
  if (row.value === null) return "— (no values on one side)";
  return isPValue(row.method) ? formatPValue(row.value) : formatMetricValue(row.value);
}

/** Thresholds and shares as the contract writes them (`0.1`, not `0.1000`). */
function settingText(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function driftRule(row: ValidationDriftRow): string {
  return isPValue(row.method) ? `p &lt; ${settingText(row.threshold)}` : `value ≥ ${settingText(row.threshold)}`;
}

function headline(report: ValidationReport): string {
  const failed = report.violations.filter((v) => v.severity === "fail").length;
  const warned = report.violations.length - failed;
  const parts: string[] = [];
  if (failed > 0) parts.push(`${plural(failed, "rule")} failed`);
  if (warned > 0) parts.push(`${plural(warned, "rule")} warned`);
  const drift = report.drift_summary;
  if (drift?.drifted) {
    parts.push(`the data drifted (${formatCount(drift.drifted_columns)} of ${plural(drift.compared, "column")})`);
  } else if (drift !== null && drift.drifted_columns > 0) {
    parts.push(`${plural(drift.drifted_columns, "column")} drifted, under the dataset's drift share`);
  }
  if (parts.length === 0) parts.push(drift === null ? "every rule held" : "every rule held and no column drifted");
  return `**Data validation: ${RESULT_TEXT[report.result]}** — ${parts.join("; ")}`;
}

function contextLine(report: ValidationReport): string {
  const files = report.files;
  const what = files.length === 1 && files[0] ? codeSpan(files[0].file, 120) : plural(files.length, "file");
  const parts = [`${what} · ${plural(report.rows, "row")}`, `contract ${codeSpan(report.contract, 120)}`];
  if (report.drift_summary !== null) parts.push(`reference ${codeSpan(report.drift_summary.reference, 120)}`);
  return parts.join(" · ");
}

function exampleText(example: ViolationExample, manyFiles: boolean): string {
  const where = `${manyFiles ? `${escapeMarkdownText(example.file, 60)} ` : ""}row ${formatCount(example.row)}`;
  const value = example.value === null ? "*(missing)*" : codeSpan(String(example.value), 40);
  return `${where}: ${value}`;
}

function violationRows(report: ValidationReport, maxExamples: number): string[] {
  const manyFiles = report.files.length > 1;
  return report.violations.map((violation) => {
    const examples = violation.examples.slice(0, maxExamples).map((e) => exampleText(e, manyFiles));
    const files = violation.examples.length === 0 && violation.files ? violation.files.slice(0, maxExamples) : [];
    const shown = [...examples, ...files.map((f) => escapeMarkdownText(f, 60))];
    if (violation.count > shown.length && shown.length > 0) shown.push("…");
    return tableRow([
      codeSpan(violation.rule, 40),
      violation.column === null ? "—" : codeSpan(violation.column, 60),
      violation.severity === "fail" ? "**fail**" : "warn",
      formatCount(violation.count),
      escapeTableCell(violation.message, 160),
      shown.length === 0 ? "—" : shown.join("; "),
    ]);
  });
}

function violationsSection(report: ValidationReport, maxExamples: number): BudgetedSection {
  const rows = violationRows(report, maxExamples);
  return {
    id: "violations",
    label: "violation rows",
    items: rows.length,
    render(shown) {
      if (rows.length === 0) return "";
      const parts = ["#### Violations", renderTable(VIOLATION_COLUMNS, rows.slice(0, shown))];
      if (shown < rows.length) parts.push(`*… and ${plural(rows.length - shown, "more violation")}.*`);
      return parts.join("\n\n");
    },
  };
}

/** Drifted columns first; otherwise the reference's column order. */
function sortedDrift(rows: readonly ValidationDriftRow[]): ValidationDriftRow[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => Number(b.row.drifted) - Number(a.row.drifted) || a.index - b.index)
    .map(({ row }) => row);
}

function driftSection(report: ValidationReport): BudgetedSection {
  const summary = report.drift_summary;
  const rows = sortedDrift(report.drift).map((row) =>
    tableRow([
      codeSpan(row.column, 60),
      codeSpan(row.method, 20),
      driftValue(row),
      driftRule(row),
      row.drifted ? "**yes**" : "no",
    ]),
  );
  return {
    id: "drift",
    label: "drift rows",
    items: rows.length,
    render(shown) {
      if (summary === null) return "";
      const verdict = summary.drifted ? "**the dataset drifted**" : "the dataset did not drift";
      const parts = [
        "#### Drift",
        `${formatCount(summary.drifted_columns)} of ${plural(summary.compared, "column")} drifted from ${codeSpan(summary.reference, 120)} (share ${settingText(Number(summary.share.toFixed(4)))}; the dataset drifts at ${settingText(summary.share_threshold)}): ${verdict}.`,
      ];
      if (shown > 0) parts.push(renderTable(DRIFT_COLUMNS, rows.slice(0, shown)));
      if (shown < rows.length) parts.push(`*… and ${plural(rows.length - shown, "more column")}.*`);
      return parts.join("\n\n");
    },
  };
}

function changesSection(report: ValidationReport): BudgetedSection {
  const changes = report.contract_changes;
  const rows = (changes?.changes ?? []).map((change) =>
    tableRow([
      // Loosened and removed rules let through data that failed before: those need a reviewer's eye.
      change.kind === "loosened" || change.kind === "removed" ? `**${change.kind}**` : change.kind,
      codeSpan(change.rule, 40),
      change.column === null ? "—" : codeSpan(change.column, 60),
      escapeTableCell(change.description, 200),
    ]),
  );
  return {
    id: "changes",
    label: "contract changes",
    items: rows.length,
    render(shown) {
      if (changes === null) return "";
      const title = `#### Contract changes since ${codeSpan(changes.base, 120)}`;
      if (rows.length === 0) return [title, "No rule changed."].join("\n\n");
      const parts = [title, renderTable(CHANGE_COLUMNS, rows.slice(0, shown))];
      if (shown < rows.length) parts.push(`*… and ${plural(rows.length - shown, "more change")}.*`);
      return parts.join("\n\n");
    },
  };
}

function notesSection(report: ValidationReport): BudgetedSection {
  return {
    id: "notes",
    label: "notes",
    items: report.notes.length,
    render(shown) {
      if (shown === 0) return "";
      return [
        "**Notes**",
        report.notes
          .slice(0, shown)
          .map((n) => `- ${escapeMarkdownText(n, 300)}`)
          .join("\n"),
      ].join("\n\n");
    },
  };
}

function digestsSection(report: ValidationReport): BudgetedSection {
  const rows = report.files.map((file) =>
    tableRow([codeSpan(file.file, 120), formatCount(file.rows), formatCount(file.bytes), `\`${file.sha256}\``]),
  );
  return {
    id: "digests",
    label: "file digests",
    items: rows.length,
    render(shown) {
      const parts = [
        `<details><summary>Digests</summary>`,
        `Dataset digest: \`${report.digest}\` (SHA-256 of each file's path and SHA-256, see docs/drift.md).`,
      ];
      if (shown > 0) parts.push(renderTable(FILE_COLUMNS, rows.slice(0, shown)));
      if (shown < rows.length) parts.push(`*… and ${plural(rows.length - shown, "more file")}.*`);
      parts.push("</details>");
      return parts.join("\n\n");
    },
  };
}

function fixed(id: string, text: string): BudgetedSection {
  return { id, label: id, items: 0, render: () => text };
}

function truncationNote(truncations: readonly Truncation[], options: RenderValidationOptions): string {
  const items = truncations.map((t) =>
    t.shown === 0 ? `${t.label} (left out)` : `${t.label} (${formatCount(t.shown)} of ${formatCount(t.total)} shown)`,
  );
  const where = escapeMarkdownText(options.fullReport ?? "the slipway/validation@1 JSON report", 200);
  return `> **Shortened to fit the size limit.** Cut: ${items.join("; ")}.\n> The full report is in ${where}.`;
}

/**
 * The GitHub-flavoured Markdown of a validation report, for the job summary and PR comments: the
 * result first, then the violations with escaped examples, the drift table (every compared
 * column, its value always shown), the contract's rule changes, notes and the digests. Every
 * string from a file is escaped. The result never exceeds `budget` characters: digests, notes,
 * contract changes, drift rows and violation rows give up rows in that order, and a note says so.
 */
export function renderValidationReport(report: ValidationReport, options: RenderValidationOptions = {}): string {
  const budget = options.budget ?? DEFAULT_VALIDATION_BUDGET;
  if (!(budget >= MIN_VALIDATION_BUDGET)) {
    throw new RangeError(
      `a validation report budget must be at least ${MIN_VALIDATION_BUDGET} characters, got ${budget}`,
    );
  }
  const sections: BudgetedSection[] = [
    fixed("title", `### Data validation: ${codeSpan(report.dataset, 120)}`),
    fixed("result", `> [!${ALERT[report.result]}]\n> ${headline(report)}`),
    fixed("context", contextLine(report)),
    violationsSection(report, options.maxExamples ?? 3),
    driftSection(report),
    changesSection(report),
    notesSection(report),
    digestsSection(report),
  ];
  return fitToBudget(sections, {
    budget,
    shrinkOrder: ["digests", "notes", "changes", "drift", "violations"],
    noteAfter: "context",
    note: (truncations) => truncationNote(truncations, options),
  }).markdown;
}
