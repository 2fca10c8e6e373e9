import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS_TOKEN, type FakeGitHub, startFakeGitHub } from "../fake-github/index.js";
import { nodeRuntimes, repoRoot, runAction, runCli } from "../harness/index.js";
import { pullRequestEvent } from "./pull-request-event.js";

const OWNER = "octo-org";
const REPO = "models";

/** A model repository as a workflow checks it out: the example's config and evaluations. */
async function workspaceWithExample(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "slipway-qg-"));
  await cp(join(repoRoot, "examples", ".slipway.yml"), join(dir, ".slipway.yml"));
  await cp(join(repoRoot, "examples", "eval"), join(dir, "eval"), { recursive: true });
  await cp(join(repoRoot, "examples", "model"), join(dir, "model"), { recursive: true });
  return dir;
}

function commentsOn(gh: FakeGitHub, number: number) {
  const repo = gh.state.requireRepo(OWNER, REPO);
  return [...repo.comments.values()].filter((c) => c.issueNumber === number);
}

describe.each(nodeRuntimes())("the quality-gate action on $name", ({ path: node }) => {
  let gh: FakeGitHub;
  let workspace: string;
  let event: ReturnType<typeof pullRequestEvent>;
  const run = (inputs: Record<string, string> = {}, extra: { event?: object; eventName?: string } = {}) =>
    runAction("quality-gate", {
      node,
      workspace,
      token: ACTIONS_TOKEN,
      inputs,
      event: extra.event ?? event,
      eventName: extra.eventName ?? "pull_request",
      env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: `${OWNER}/${REPO}` },
      runnerTemp: join(workspace, ".runner-temp"),
    });

  beforeAll(async () => {
    gh = await startFakeGitHub({
      users: [{ login: "octocat", token: "ghp_octocat" }],
      repos: [{ owner: OWNER, name: REPO, files: { "README.md": "# models\n" } }],
    });
    const baseSha = gh.state.requireRepo(OWNER, REPO).refs.get("refs/heads/main")!;
    const headSha = gh.commitFiles({ owner: OWNER, repo: REPO, branch: "candidate", files: { "model.txt": "v2\n" } });
    const pr = gh.createPullRequest({
      owner: OWNER,
      repo: REPO,
      head: "candidate",
      base: "main",
      title: "Candidate model",
    });
    event = pullRequestEvent({
      owner: OWNER,
      repo: REPO,
      number: pr.number,
      baseRef: "main",
      baseSha,
      headRef: "candidate",
      headSha,
    });
    workspace = await workspaceWithExample();
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
    await gh.stop();
  });

  it("blocks the example candidate on its region=apac regression and says why", async () => {
    const result = await run();
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe("fail");
    expect(result.outputs.baseline).toBe("eval/baseline/eval.json");
    expect(result.summary).toContain("Gate: FAILED");
    expect(result.summary).toMatch(/region=apac/);
    const report = JSON.parse(await readFile(result.outputs.report!, "utf8"));
    expect(report.schema).toBe("slipway/diff@1");
    expect(report.decision).toBe("fail");
    expect(result.annotations.some((a) => a.level === "error")).toBe(true);
  });

  it("never edits a marker comment written by someone else, and posts its own", async () => {
    const pr = gh.createPullRequest({ owner: OWNER, repo: REPO, head: "candidate", base: "main", title: "Another PR" });
    const foreignBody = "<!-- slipway:model-diff:churn -->\nlooks official, is not";
    const created = await fetch(`${gh.url}/repos/${OWNER}/${REPO}/issues/${pr.number}/comments`, {
      method: "POST",
      headers: { authorization: "token ghp_octocat", "content-type": "application/json" },
      body: JSON.stringify({ body: foreignBody }),
    });
    expect(created.status).toBe(201);
    const result = await run(
      {},
      { event: { ...event, number: pr.number, pull_request: { ...event.pull_request, number: pr.number } } },
    );
    expect(result.exitCode).toBe(1);
    const comments = commentsOn(gh, pr.number);
    expect(comments).toHaveLength(2);
    expect(comments.find((c) => c.user.login === "octocat")?.body).toBe(foreignBody);
    expect(comments.find((c) => c.user.login === "github-actions[bot]")?.body).toContain("Gate: FAILED");
  });

  it("recovers from a 502 and a secondary rate limit while commenting", async () => {
    gh.inject({
      method: "GET",
      path: `/repos/${OWNER}/${REPO}/issues/${event.number}/comments`,
      times: 1,
      status: 502,
    });
    gh.inject({
      method: "POST",
      path: `/repos/${OWNER}/${REPO}/issues/${event.number}/comments`,
      times: 1,
      status: 403,
      retryAfter: 1,
    });
    const result = await run({ "comment-key": "flaky" });
    expect(result.exitCode).toBe(1);
    expect(result.outputs["comment-url"]).toMatch(/#issuecomment-\d+$/);
    const again = await run({ "comment-key": "flaky" });
    expect(again.outputs["comment-url"]).toBe(result.outputs["comment-url"]);
    expect(commentsOn(gh, event.number).filter((c) => c.body.includes("slipway:model-diff:flaky"))).toHaveLength(1);
  });

  it("fails with one located error line on bad input and posts nothing", async () => {
    const before = gh.requests.length;
    const bad = join(workspace, "bad-eval.json");
    await writeFile(bad, '{"schema": "slipway/eval@1", "metrics": {"accuracy": "high"}}\n');
    const result = await run({ candidate: "bad-eval.json", baseline: "eval/baseline/eval.json" });
    expect(result.exitCode).toBe(1);
    const errors = result.stdout.split("\n").filter((l) => l.startsWith("::error"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/bad-eval\.json:1:\d+/);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
    expect(gh.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("in fork-safe mode computes without writing, and the privileged job posts the payload", async () => {
    const payloadPath = join(workspace, "payload", "payload.json");
    const before = gh.requests.length;
    const result = await run({ comment: "artifact", "payload-path": payloadPath, "comment-key": "forked" });
    expect(result.exitCode).toBe(1);
    expect(result.outputs["comment-url"]).toBe("");
    expect(gh.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
    const payload = JSON.parse(await readFile(payloadPath, "utf8"));
    expect(payload).toMatchObject({ schema: "slipway/comment-payload@1", issueNumber: event.number, key: "forked" });

    const workflowRun = join(workspace, "workflow-run.json");
    await writeFile(
      workflowRun,
      JSON.stringify({
        workflow_run: {
          head_sha: event.pull_request.head.sha,
          head_branch: event.pull_request.head.ref,
          repository: { full_name: `${OWNER}/${REPO}` },
          pull_requests: [{ number: event.number, head: { sha: event.pull_request.head.sha } }],
        },
      }),
    );
    const env = {
      GITHUB_TOKEN: ACTIONS_TOKEN,
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_EVENT_NAME: "workflow_run",
      GITHUB_EVENT_PATH: workflowRun,
    };
    const posted = await runCli(["comment", "post", "--payload", payloadPath], { cwd: workspace, env });
    expect(posted.stderr).toBe("");
    expect(posted.exitCode).toBe(0);
    const ours = commentsOn(gh, event.number).filter((c) => c.body.includes("slipway:model-diff:forked"));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body).toContain("Gate: FAILED");

    // A payload steered at another pull request by the untrusted run is refused, and nothing is written.
    gh.commitFiles({ owner: OWNER, repo: REPO, branch: "victim", files: { "other.txt": "x\n" } });
    const other = gh.createPullRequest({ owner: OWNER, repo: REPO, head: "victim", base: "main", title: "Victim" });
    await writeFile(payloadPath, JSON.stringify({ ...payload, issueNumber: other.number }));
    const writes = gh.requests.filter((r) => r.method !== "GET").length;
    const refused = await runCli(["comment", "post", "--payload", payloadPath], { cwd: workspace, env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method !== "GET").length).toBe(writes);
  });

  it("adds the data-drift section from validate-data's report to the comment", async () => {
    const report = join(workspace, "validation.json");
    const validated = await runCli(
      [
        "validate",
        join(repoRoot, "examples", "data", "production-drifted.csv"),
        "--contract",
        join(repoRoot, "examples", "contracts", "churn.contract.yml"),
        "--reference",
        join(repoRoot, "examples", "contracts", "churn.profile.json"),
        "--json",
      ],
      { cwd: workspace },
    );
    expect(validated.exitCode).toBe(1);
    await writeFile(report, validated.stdout);
    const result = await run({ "data-report": "validation.json", comment: "off" });
    expect(result.exitCode).toBe(1);
    expect(result.summary).toMatch(/drift/i);
    expect(result.summary).toContain("monthly\\_spend");
  });

  it("reads the baseline at the pull request's base through the API when the clone lacks it", async () => {
    // The base branch holds the production model's evaluation at the candidate's own path.
    const baseFiles = {
      "eval/candidate/eval.json": await readFile(join(repoRoot, "examples", "eval", "baseline", "eval.json"), "utf8"),
      "eval/candidate/predictions.csv": await readFile(
        join(repoRoot, "examples", "eval", "baseline", "predictions.csv"),
        "utf8",
      ),
    };
    const baseSha = gh.commitFiles({ owner: OWNER, repo: REPO, branch: "main", files: baseFiles });
    const config = join(workspace, "at-base.yml");
    await writeFile(
      config,
      "version: 1\nmodels:\n  - name: churn\n    candidate: eval/candidate/eval.json\ngates:\n  - metric: roc_auc\n    max_drop: 0.01\n    confidence: 0.95\n",
    );
    const atBase = {
      ...event,
      pull_request: { ...event.pull_request, base: { ...event.pull_request.base, sha: baseSha } },
    };
    const result = await run({ config: "at-base.yml", comment: "off" }, { event: atBase });
    expect(result.outputs.baseline).toBe(`git:${baseSha}:eval/candidate/eval.json`);
    expect(result.outputs.decision).toBe("pass");
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(await readFile(result.outputs.report!, "utf8"));
    expect(
      report.metrics.find((m: { metric: string; slice: null }) => m.metric === "roc_auc" && m.slice === null).n,
    ).toBe(4000);
  });

  it("updates the existing comment instead of posting a second one", async () => {
    const first = await run();
    const second = await run();
    expect(first.outputs["comment-url"]).toBeTruthy();
    expect(second.outputs["comment-url"]).toBe(first.outputs["comment-url"]);
    const ours = commentsOn(gh, event.number).filter((c) => c.body.includes("<!-- slipway:model-diff:churn -->"));
    expect(ours).toHaveLength(1);
  });
});
