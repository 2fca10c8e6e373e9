// The drift monitor's scripts as the runner runs them: each actions/github-script step of
// model-monitor.yml, with its env resolved from the template's wiring (step outputs → job outputs
// → needs), against the fake GitHub server.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTIONS_TOKEN, type FakeGitHub, startFakeGitHub } from "../fake-github/index.js";
import { resolveEnv, resolveExpressions } from "./expression-context.js";
import { runGitHubScript, type ScriptRecord } from "./github-script-host.js";
import { callInputDefaults, findStep, loadTemplate } from "./workflow-template.js";

const OWNER = "octo-org";
const REPO = "models";
const template = loadTemplate("model-monitor.yml");
const driftStep = findStep(template, "check", (s) => s.id === "drift");
const issueStep = findStep(template, "issue", (s) => s.id === "track");
const dispatchStep = findStep(template, "dispatch", (s) => s.uses?.startsWith("actions/github-script@") === true);

let gh: FakeGitHub;
let work: string;
let runId = 900;

beforeEach(async () => {
  gh = await startFakeGitHub({ repos: [{ owner: OWNER, name: REPO, files: { "README.md": "# models\n" } }] });
  work = await mkdtemp(join(tmpdir(), "slipway-monitor-workflow-"));
});

afterEach(async () => {
  gh.assertNoViolations();
  await gh.stop();
  await rm(work, { recursive: true, force: true });
});

interface DriftRow {
  column: string;
  method: string;
  value: number;
  threshold: number;
  drifted: boolean;
}

function validationReport(result: string, drift: DriftRow[]) {
  return {
    schema: "slipway/validation@1",
    result,
    rows: 5000,
    violations: [],
    drift,
    digest: `sha256:${"ab".repeat(32)}`,
  };
}

const DRIFTED: DriftRow[] = [
  { column: "tenure_months", method: "psi", value: 0.31234, threshold: 0.2, drifted: true },
  { column: "monthly_spend", method: "wasserstein", value: 0.04, threshold: 0.1, drifted: false },
  { column: "plan", method: "jensen_shannon", value: 0.27, threshold: 0.1, drifted: true },
];
const CALM: DriftRow[] = DRIFTED.map((row) => ({ ...row, value: row.threshold / 4, drifted: false }));

async function runScript(step: typeof driftStep, expressions: Record<string, unknown>): Promise<ScriptRecord> {
  runId += 1;
  return runGitHubScript({
    script: String(step.with?.script),
    env: resolveEnv(step.env, expressions),
    apiUrl: gh.url,
    token: ACTIONS_TOKEN,
    context: { repo: { owner: OWNER, repo: REPO }, serverUrl: "https://github.com", runId },
  });
}

/** One scheduled run of the monitor: the check job, then the issue and dispatch jobs it feeds. */
async function monitorRun(report: unknown, inputs: Record<string, unknown> = {}) {
  const reportPath = join(work, `validation-${runId}.json`);
  await writeFile(reportPath, JSON.stringify(report));
  const validate = { outputs: { result: (report as { result?: string }).result ?? "", report: reportPath } };
  const resolvedInputs = { ...callInputDefaults(template), model: "churn", ...inputs };
  const drift = await runScript(driftStep, { steps: { validate }, inputs: resolvedInputs });
  const jobOutputs = template.doc.jobs.check?.outputs as Record<string, string>;
  const check = {
    outputs: Object.fromEntries(
      Object.entries(jobOutputs).map(([name, value]) => [
        name,
        resolveExpressions(value, { steps: { validate, drift: { outputs: drift.outputs } } }),
      ]),
    ),
  };
  const expressions = { inputs: resolvedInputs, needs: { check } };
  return {
    drift,
    check,
    issue: () => runScript(issueStep, expressions),
    dispatch: () => runScript(dispatchStep, expressions),
  };
}

function issues() {
  return [...gh.state.requireRepo(OWNER, REPO).issues.values()].filter((i) => i.pull === undefined);
}

describe("model-monitor.yml", () => {
  it("reads the drifted columns and a drift table from the validation report", async () => {
    const run = await monitorRun(validationReport("warn", DRIFTED));
    expect(run.drift.failed).toBeUndefined();
    expect(run.check.outputs.drifted).toBe("true");
    expect(JSON.parse(run.check.outputs.columns ?? "")).toEqual(["tenure_months", "plan"]);
    expect(run.check.outputs.table).toContain("| tenure_months | psi | 0.3123 | 0.2 | **drifted** |");
    expect(run.check.outputs.table).toContain("| monthly_spend | wasserstein | 0.04 | 0.1 | ok |");
    expect(run.drift.summary).toContain("2 drifted column(s)");
  });

  it("opens one tracking issue with the drift table, and updates it on the next run instead of opening another", async () => {
    const first = await monitorRun(validationReport("warn", DRIFTED));
    const opened = await first.issue();
    expect(opened.outputs.url).toMatch(/\/issues\/\d+$/);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]?.title).toBe("Data drift: churn");
    expect(issues()[0]?.labels.map((l) => l.name)).toEqual(["slipway-drift"]);
    expect(issues()[0]?.body).toContain("| plan | jensen_shannon | 0.27 | 0.1 | **drifted** |");

    const worse = DRIFTED.map((row) => (row.column === "monthly_spend" ? { ...row, value: 0.5, drifted: true } : row));
    const second = await monitorRun(validationReport("fail", worse));
    const updated = await second.issue();
    expect(updated.outputs.url).toBe(opened.outputs.url);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]?.body).toContain("| monthly_spend | wasserstein | 0.5 | 0.1 | **drifted** |");
    expect(issues()[0]?.body).toContain("Validation result: **fail**");
  });

  it("keeps separate tracking issues for separate models", async () => {
    await (await monitorRun(validationReport("warn", DRIFTED), { model: "churn" })).issue();
    await (await monitorRun(validationReport("warn", DRIFTED), { model: "ranker" })).issue();
    expect(
      issues()
        .map((i) => i.title)
        .sort(),
    ).toEqual(["Data drift: churn", "Data drift: ranker"]);
  });

  it("closes the tracking issue with a comment once the drift is gone", async () => {
    await (await monitorRun(validationReport("warn", DRIFTED))).issue();
    const calm = await monitorRun(validationReport("pass", CALM));
    expect(calm.check.outputs.drifted).toBe("false");
    await calm.issue();
    const [issue] = issues();
    expect(issue?.state).toBe("closed");
    expect(issue?.stateReason).toBe("completed");
    const comments = [...gh.state.requireRepo(OWNER, REPO).comments.values()].filter(
      (c) => c.issueNumber === issue?.number,
    );
    expect(comments.map((c) => c.body)).toEqual([expect.stringContaining("No drift")]);
  });

  it("opens nothing when there is no drift and no open issue", async () => {
    const calm = await monitorRun(validationReport("pass", CALM));
    const tracked = await calm.issue();
    expect(tracked.outputs.url).toBe("");
    expect(issues()).toEqual([]);
  });

  it("leaves the issue open when close-issue-when-clear is off", async () => {
    await (await monitorRun(validationReport("warn", DRIFTED))).issue();
    await (await monitorRun(validationReport("pass", CALM), { "close-issue-when-clear": false })).issue();
    expect(issues()[0]?.state).toBe("open");
  });

  it("sends a slipway-drift repository_dispatch naming the model and the drifted columns", async () => {
    const run = await monitorRun(validationReport("warn", DRIFTED), { dispatch: true });
    await run.dispatch();
    const dispatches = gh.state.requireRepo(OWNER, REPO).dispatches;
    expect(dispatches).toHaveLength(1);
    expect(dispatches[0]?.eventType).toBe("slipway-drift");
    expect(dispatches[0]?.clientPayload).toMatchObject({
      model: "churn",
      columns: ["tenure_months", "plan"],
      result: "warn",
    });
  });

  it("fails the check, and so writes nothing, when validate-data left no report", async () => {
    const drift = await runScript(driftStep, {
      steps: { validate: { outputs: {} } },
      inputs: callInputDefaults(template),
    });
    expect(drift.failed).toContain("validate-data produced no report");
    expect(drift.outputs).toEqual({});
  });

  it("fails the check on a report that is not a slipway/validation@1 report", async () => {
    const run = await monitorRun({ schema: "slipway/diff@1", result: "pass", metrics: [] });
    expect(run.drift.failed).toContain("is not a slipway/validation@1 report");
    expect(run.check.outputs.drifted).toBe("");
  });

  it("runs the issue and dispatch jobs only on what the check job found", () => {
    const jobs = template.doc.jobs;
    expect(jobs.issue?.if).toContain("needs.check.outputs.drifted != ''");
    expect(jobs.dispatch?.if).toContain("needs.check.outputs.drifted == 'true'");
    expect(jobs.dispatch?.if).toContain("inputs.dispatch");
  });
});
