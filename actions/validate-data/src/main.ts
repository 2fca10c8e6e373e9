import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError, worstResult } from "@slipway/core";
import { type DataValidation, gitRefReader, validateConfiguredData, validateData } from "@slipway/flows";
import type { ActionIO } from "@slipway/runner";

/** A job summary may hold 1 MiB per step; the reports of several datasets share it. */
const SUMMARY_BUDGET = 900_000;

/** `workerScript`: this action's bundle, started again as worker threads for large datasets. */
export async function run(io: ActionIO, workerScript?: URL): Promise<void> {
  const threads = { count: "auto" as const, ...(workerScript ? { script: workerScript } : {}) };
  const failOn = io.choiceInput("fail-on", ["fail", "warn"]);
  // Several paths of one dataset may be given one per line.
  const data = io
    .input("data")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const contract = io.input("contract");
  const reference = io.input("reference-profile");
  if (data.length > 0 && !contract) throw new InputError('input "contract" is required when "data" is set');
  if (data.length === 0 && (contract || reference)) {
    throw new InputError(`input "data" is required when "${contract ? "contract" : "reference-profile"}" is set`);
  }
  const workspace = io.env.workspace;
  // The contract as it was at the pull request's base, from the local clone when it has that commit.
  const git = gitRefReader(workspace);
  const base = pullRequestBase(io.event);
  const baseRef = base && (await git.hasRef(base)) ? base : undefined;
  const refReaders = baseRef ? [git] : [];
  const baseContract = baseRef ? { baseContract: { ref: baseRef, refReaders } } : {};

  let validations: { name: string; validation: DataValidation }[];
  if (data.length > 0) {
    const validation = await validateData({
      workspace,
      data,
      contract,
      ...(reference ? { reference } : {}),
      ...baseContract,
      markdownBudget: SUMMARY_BUDGET,
      threads,
    });
    validations = [{ name: validation.report.dataset, validation }];
  } else {
    const config = io.input("config") || ".slipway.yml";
    validations = await validateConfiguredData({
      workspace,
      config: { path: config, required: config !== ".slipway.yml" },
      ...(baseRef ? { baseRef, refReaders } : {}),
      markdownBudget: Math.floor(SUMMARY_BUDGET / 4),
      threads,
    });
  }

  const reports = validations.map((v) => v.validation.report);
  const scratchDir = join(io.env.runnerTemp ?? tmpdir(), "slipway-validate-data");
  await mkdir(scratchDir, { recursive: true });
  const reportPath = join(scratchDir, "validation.json");
  const document = reports.length === 1 ? reports[0] : { schema: "slipway/validation-set@1", reports };
  await writeFile(reportPath, `${JSON.stringify(document, null, 2)}\n`);

  for (const { name, validation } of validations) {
    const { report } = validation;
    const drift = report.drift_summary;
    io.info(
      `${name}: ${report.result} — ${report.rows} rows, ${report.violations.length} violated rules` +
        `${drift ? `, ${drift.drifted_columns} of ${drift.compared} columns drifted` : ""}, ${report.digest}`,
    );
    await io.appendSummary(validation.markdown);
    for (const annotation of validation.annotations) io.annotate(annotation);
  }
  const result = worstResult(reports.map((r) => r.result));
  io.setOutput("result", result);
  io.setOutput("report", reportPath);
  io.setOutput(
    "digests",
    JSON.stringify(Object.fromEntries(validations.map((v) => [v.name, v.validation.report.digest]))),
  );
  if (result === "fail" || (result === "warn" && failOn === "warn")) {
    const failing = validations.filter((v) => v.validation.report.result === result).map((v) => v.name);
    io.fail(`data validation: ${result} (${failing.join(", ")})`);
  }
}

/** The base commit of a pull request event, or undefined for any other event. */
function pullRequestBase(event: Readonly<Record<string, unknown>>): string | undefined {
  const pullRequest = event.pull_request as { base?: { sha?: unknown; ref?: unknown } } | undefined;
  const sha = pullRequest?.base?.sha ?? pullRequest?.base?.ref;
  return typeof sha === "string" && sha !== "" ? sha : undefined;
}
