import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { ValidationReport } from "@slipway/core";
import { validateData } from "@slipway/flows";
import type { CliIO } from "../cli-io.js";

/** The example datasets and what the demo expects of each (see examples/data/README.md). */
const DATASETS = [
  { name: "train", file: "data/train.csv", expected: "pass" },
  { name: "production", file: "data/production.csv", expected: "pass" },
  { name: "production-drifted", file: "data/production-drifted.csv", expected: "fail" },
] as const;

/**
 * Data validation on the example repository: the training data and a production month pass the
 * reviewed contract and its reference profile; the drifted month (prices up 18%, APAC's share
 * doubled) fails on drift. Writes each `slipway/validation@1` report and its Markdown under
 * `outDir/validate/`, and prints one line per dataset.
 */
export async function runValidateStage(
  examplesDir: string,
  outDir: string,
  io: CliIO,
): Promise<readonly ValidationReport[]> {
  const dir = join(outDir, "validate");
  await mkdir(dir, { recursive: true });
  const reports: ValidationReport[] = [];
  for (const dataset of DATASETS) {
    const { report, markdown } = await validateData({
      workspace: examplesDir,
      data: dataset.file,
      contract: "contracts/churn.contract.yml",
      reference: "contracts/churn.profile.json",
      name: dataset.name,
    });
    const path = join(dir, `${dataset.name}.json`);
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(dir, `${dataset.name}.md`), markdown);
    reports.push(report);
    const drift = report.drift_summary;
    const drifted = drift ? report.drift.filter((row) => row.drifted).map((row) => row.column) : [];
    const driftText = drift
      ? `${drift.drifted_columns} of ${drift.compared} columns drifted${drifted.length > 0 ? ` (${drifted.join(", ")})` : ""}`
      : "no reference";
    const surprise = report.result === dataset.expected ? "" : ` — expected ${dataset.expected.toUpperCase()}`;
    io.stdout(
      `validate ${dataset.file}: ${report.result.toUpperCase()}${surprise} · ${report.rows.toLocaleString("en-US")} rows · ${report.violations.length} violated rules · ${driftText} → ${relative(io.cwd, path)}\n`,
    );
  }
  return reports;
}
