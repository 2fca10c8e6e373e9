import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Decision, InputError, isTask, renderModelDiff, worstDecision } from "@slipway/core";
import { gitRefReader, readValidationDrift, runQualityGate } from "@slipway/flows";
import { apiRefReader, createOctokit, deliverComment, pullRequestFromEvent } from "@slipway/github";
import type { ActionIO } from "@slipway/runner";
import { workflowRunUrl } from "@slipway/runner";

/** Job summaries may hold 1 MiB per step; comments 65,536 characters. */
const SUMMARY_BUDGET = 900_000;

export async function run(io: ActionIO, workerScript?: URL): Promise<void> {
  const failOn = io.choiceInput("fail-on", ["fail", "warn"]);
  const mode = io.choiceInput("comment", ["auto", "off", "artifact"]);
  const task = io.input("task");
  if (task && !isTask(task)) throw new InputError(`input "task" must be a task name, got "${task}"`);
  const token = io.input("github-token");
  if (token) io.setSecret(token);

  const pullRequest = pullRequestFromEvent(io.event, io.env.eventName);
  const [owner, repo] = (io.env.repository ?? "/").split("/");
  const octokit = token
    ? createOctokit({ token, baseUrl: io.env.apiUrl, userAgent: "slipway-quality-gate", logger: io })
    : undefined;
  const scratchDir = join(io.env.runnerTemp ?? tmpdir(), "slipway-quality-gate");
  const refReaders = [
    // Outside a clone, or without the base commit, a read simply misses and the API reader answers.
    ...(pullRequest ? [gitRefReader(io.env.workspace)] : []),
    ...(octokit && owner && repo ? [apiRefReader(octokit, owner, repo)] : []),
  ];

  const configPath = io.input("config") || ".slipway.yml";
  const gated = await runQualityGate({
    workspace: io.env.workspace,
    // The default config is optional (inputs alone can name the evaluations); one named explicitly must exist.
    config: { path: configPath, required: configPath !== ".slipway.yml" },
    scratchDir,
    refReaders,
    ...(workerScript ? { workerScript } : {}),
    ...(io.input("model") ? { model: io.input("model") } : {}),
    ...(io.input("candidate") ? { candidate: io.input("candidate") } : {}),
    ...(io.input("baseline") ? { baseline: io.input("baseline") } : {}),
    ...(io.input("policy") ? { policy: io.input("policy") } : {}),
    ...(task && isTask(task) ? { task } : {}),
    ...(pullRequest?.baseSha
      ? { baseRef: pullRequest.baseSha }
      : pullRequest?.baseRef
        ? { baseRef: pullRequest.baseRef }
        : {}),
  });

  const payloadPath =
    io.input("payload-path") || join(io.env.runnerTemp ?? tmpdir(), "slipway-comment", "payload.json");
  const dataReport = io.input("data-report");
  const drift = dataReport ? await readValidationDrift(resolve(io.env.workspace, dataReport)) : undefined;
  const runUrl = workflowRunUrl(io.env);
  const urls: string[] = [];
  for (const { model, commentKey, diff, annotations } of gated) {
    io.info(`${model}: ${diff.decision} (baseline ${diff.baseline_source})`);
    const reportOptions = {
      fullReport: "the job summary of this workflow run",
      ...(runUrl ? { fullReportUrl: runUrl } : {}),
      ...(drift ? { drift } : {}),
    };
    await io.appendSummary(renderModelDiff(diff, { ...reportOptions, budget: SUMMARY_BUDGET }));
    for (const annotation of annotations) io.annotate(annotation);
    const key = io.input("comment-key")
      ? `${io.input("comment-key")}${gated.length > 1 ? `-${model}` : ""}`
      : commentKey;
    const delivery = await deliverComment({
      mode,
      pullRequest,
      key,
      body: renderModelDiff(diff, reportOptions),
      ...(octokit ? { octokit } : {}),
      payloadPath: payloadPathFor(payloadPath, model, gated.length > 1),
      logger: io,
    });
    if (delivery.kind === "posted") urls.push(delivery.url);
    else if (delivery.kind === "payload") io.info(`comment payload written to ${delivery.path}`);
    else io.info(`no comment: ${delivery.reason}`);
  }

  const decision: Decision = worstDecision(gated.map((g) => g.diff.decision));
  const reportPath = join(scratchDir, "report.json");
  await mkdir(scratchDir, { recursive: true });
  const diffs = gated.map((g) => g.diff);
  await writeFile(
    reportPath,
    `${JSON.stringify(diffs.length === 1 ? diffs[0] : { schema: "slipway/diff-set@1", diffs }, null, 2)}\n`,
  );
  io.setOutput("decision", decision);
  io.setOutput("report", reportPath);
  io.setOutput("comment-url", urls.join(" "));
  io.setOutput("baseline", gated.map((g) => g.diff.baseline_source).join(" "));
  if (decision === "fail" || (decision === "warn" && failOn === "warn")) {
    io.fail(`quality gate: ${decision}${gated.length > 1 ? "" : ` — ${gated[0]?.diff.reasons[0] ?? ""}`}`);
  }
}

/** One payload file per model when several are gated: `payload.json` → `payload.churn.json`. */
function payloadPathFor(path: string, model: string, several: boolean): string {
  if (!several) return path;
  const dot = path.lastIndexOf(".");
  const safe = model.replace(/[^A-Za-z0-9._-]/g, "_");
  return dot > path.lastIndexOf("/") ? `${path.slice(0, dot)}.${safe}${path.slice(dot)}` : `${path}.${safe}`;
}
