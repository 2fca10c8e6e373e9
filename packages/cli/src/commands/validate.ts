import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError, TABLE_FORMATS, type TableFormat, type ValidationReport } from "@slipway/core";
import { type DatasetProgress, validateData } from "@slipway/flows";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-code.js";
import { parseOptions } from "../parse-options.js";
import { ProgressBar } from "../progress-bar.js";
import { UsageError } from "../usage-error.js";

export const validateCommand: Command = {
  path: ["validate"],
  summary: "check a dataset against a data contract, and for drift against a reference profile",
  usage:
    "validate <data…> --contract FILE [--reference FILE] [--base-contract FILE] [--format F] [--markdown FILE] [--threads N|auto] [--json]",
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      contract: { type: "string" },
      reference: { type: "string" },
      "base-contract": { type: "string" },
      format: { type: "string" },
      markdown: { type: "string" },
      threads: { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length === 0) throw new UsageError("expected <data>: a file, a glob or a directory of shards");
    if (!values.contract) throw new UsageError("--contract FILE is required");
    const format = tableFormatOption(values.format);
    const threads = threadsOption(values.threads);
    const bar = new ProgressBar(io, "validating");
    let validation: Awaited<ReturnType<typeof validateData>>;
    try {
      validation = await validateData({
        workspace: io.cwd,
        data: positionals,
        contract: values.contract,
        ...(values.reference ? { reference: values.reference } : {}),
        ...(values["base-contract"] ? { baseContract: { file: values["base-contract"] } } : {}),
        ...(format ? { format } : {}),
        threads: { count: threads, ...(io.workerScript ? { script: io.workerScript } : {}) },
        onProgress: (p: DatasetProgress) => bar.update(p.bytes, p.totalBytes, `${p.rows.toLocaleString("en-US")} rows`),
      });
    } finally {
      bar.finish();
    }
    const { report, markdown } = validation;
    if (values.markdown) {
      try {
        await writeFile(resolve(io.cwd, values.markdown), markdown);
      } catch {
        throw new InputError("cannot write the Markdown report", { file: values.markdown });
      }
    }
    io.stdout(values.json ? `${JSON.stringify(report)}\n` : renderValidationText(report));
    return report.result === "fail" ? ExitCode.failed : ExitCode.ok;
  },
};

/** The `--format` option: one of the table formats, or undefined to go by each file's extension. */
export function tableFormatOption(value: string | undefined): TableFormat | undefined {
  if (value === undefined) return undefined;
  const format = TABLE_FORMATS.find((f) => f === value);
  if (format === undefined) throw new UsageError(`--format must be one of ${TABLE_FORMATS.join(", ")}; got "${value}"`);
  return format;
}

/** `--threads`: a count of column groups, each checked on its own thread, or "auto" (the default). */
export function threadsOption(value: string | undefined): number | "auto" {
  if (value === undefined || value === "auto") return "auto";
  const count = Number(value);
  if (!/^[0-9]+$/.test(value) || count < 1 || count > 64) {
    throw new UsageError(`--threads must be "auto" or a whole number from 1 to 64; got "${value}"`);
  }
  return count;
}

const MARK = { fail: "✗", warn: "!" } as const;

/** The report for a terminal: the result line, then each violation and the drift table. */
export function renderValidationText(report: ValidationReport): string {
  const lines: string[] = [];
  const files = report.files.length === 1 ? "1 file" : `${report.files.length} files`;
  lines.push(
    `${report.dataset}: ${report.result.toUpperCase()} — ${report.rows.toLocaleString("en-US")} rows in ${files}, contract ${report.contract}`,
  );
  if (report.violations.length === 0) lines.push("  every contract rule held");
  for (const v of report.violations) {
    const rows = v.examples.map((e) => `${report.files.length > 1 ? `${e.file} ` : ""}row ${e.row}`);
    const where = rows.length > 0 ? ` (${rows.join(", ")}${v.count > rows.length ? ", …" : ""})` : "";
    lines.push(`  ${MARK[v.severity]} ${v.message}${where}  [${report.contract}:${v.contract_line}]`);
  }
  const drift = report.drift_summary;
  if (drift !== null) {
    lines.push(
      `  drift from ${drift.reference}: ${drift.drifted_columns} of ${drift.compared} columns drifted (share ${round(drift.share)}; the dataset drifts at ${drift.share_threshold})${drift.drifted ? ": DRIFTED" : ""}`,
    );
    const width = Math.max(0, ...report.drift.map((row) => row.column.length));
    for (const row of report.drift) {
      const p = row.method === "ks" || row.method === "chi2";
      const value = row.value === null ? "—" : round(row.value);
      const rule = `${p ? "p <" : "≥"} ${row.threshold}`;
      lines.push(
        `    ${row.drifted ? "✗" : " "} ${row.column.padEnd(width)}  ${row.method.padEnd(14)} ${value.padStart(10)}  ${rule}`,
      );
    }
  }
  if (report.contract_changes !== null) {
    const { base, changes } = report.contract_changes;
    lines.push(`  contract changes since ${base}: ${changes.length === 0 ? "none" : ""}`);
    for (const change of changes) lines.push(`    ${change.kind}: ${change.description}`);
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  lines.push(`  digest ${report.digest}`);
  return `${lines.join("\n")}\n`;
}

function round(value: number): string {
  return Math.abs(value) >= 0.001 || value === 0 ? String(Number(value.toPrecision(4))) : value.toExponential(2);
}
