// The privileged half of the model PR flow, run as the runner runs it: the "Post the comments"
// script of model-pr-comment.yml under bash, with the step's env resolved from the template, the
// committed CLI bundle at the path the Slipway checkout step gives it, and the fake GitHub server.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serializeCommentPayload } from "@slipway/github";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTIONS_TOKEN, type FakeGitHub, startFakeGitHub } from "../fake-github/index.js";
import { repoRoot } from "../harness/index.js";
import { resolveEnv, resolveExpressions } from "./expression-context.js";
import { callInputDefaults, findStep, loadTemplate } from "./workflow-template.js";

const OWNER = "octo-org";
const REPO = "models";
const template = loadTemplate("model-pr-comment.yml");
const postStep = findStep(template, "comment", (s) => s.name === "Post the comments");
const downloadStep = findStep(template, "comment", (s) => s.uses?.startsWith("actions/download-artifact@") === true);
const cliCheckout = findStep(template, "comment", (s) => s.with?.repository === "slipway-ml/slipway");

interface ScriptRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

let gh: FakeGitHub;
let work: string;
let headSha: string;
let pullNumber: number;

beforeEach(async () => {
  gh = await startFakeGitHub({ repos: [{ owner: OWNER, name: REPO, files: { "README.md": "# models\n" } }] });
  headSha = gh.commitFiles({ owner: OWNER, repo: REPO, branch: "better-model", files: { "eval.json": "{}\n" } });
  pullNumber = gh.createPullRequest({ owner: OWNER, repo: REPO, head: "better-model", title: "Retrain churn" }).number;
  work = await mkdtemp(join(tmpdir(), "slipway-comment-workflow-"));
  await mkdir(join(work, "workspace"));
  await mkdir(join(work, "temp"));
  // The Slipway checkout step puts the repository at `with.path` in the workspace.
  await symlink(repoRoot, join(work, "workspace", String(cliCheckout.with?.path)));
});

afterEach(async () => {
  await gh.stop();
  await rm(work, { recursive: true, force: true });
});

/** Where download-artifact unpacks an artifact of this name (one directory per artifact). */
function artifactDir(name: string): string {
  const path = resolveExpressions(String(downloadStep.with?.path), { runner: { temp: join(work, "temp") } });
  return join(path, name);
}

async function leavePayload(artifact: string, file: string, text: string): Promise<void> {
  await mkdir(artifactDir(artifact), { recursive: true });
  await writeFile(join(artifactDir(artifact), file), text);
}

function payload(key: string, body: string, sha = headSha, issueNumber = pullNumber): string {
  return serializeCommentPayload({ repository: `${OWNER}/${REPO}`, issueNumber, key, body, headSha: sha });
}

async function runPostStep(inputs: Record<string, string | number> = {}): Promise<ScriptRun> {
  const event = {
    action: "completed",
    workflow_run: {
      id: 4242,
      event: "pull_request",
      conclusion: "failure",
      head_sha: headSha,
      head_branch: "better-model",
      repository: { full_name: `${OWNER}/${REPO}`, url: `${gh.url}/repos/${OWNER}/${REPO}` },
      head_repository: { full_name: `contributor/${REPO}` },
      pull_requests: [],
    },
  };
  const eventPath = join(work, "event.json");
  await writeFile(eventPath, JSON.stringify(event));
  const context = {
    github: { token: ACTIONS_TOKEN },
    runner: { temp: join(work, "temp") },
    inputs: { ...callInputDefaults(template), ...inputs },
  };
  const scriptPath = join(work, "post.sh");
  await writeFile(scriptPath, String(postStep.run));
  expect(postStep.shell).toBe("bash");
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", scriptPath], {
      cwd: join(work, "workspace"),
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        GITHUB_EVENT_NAME: "workflow_run",
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
        GITHUB_API_URL: gh.url,
        ...resolveEnv(postStep.env, context),
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

function commentsOnPull(): string[] {
  const repo = gh.state.requireRepo(OWNER, REPO);
  return [...repo.comments.values()].filter((c) => c.issueNumber === pullNumber).map((c) => c.body);
}

describe("model-pr-comment.yml posting step", () => {
  it("posts the model-diff comment the pull request's run left as an artifact", async () => {
    await leavePayload("slipway-comment-churn", "payload.json", payload("churn", "## churn: **fail**\nroc_auc −0.03"));
    const run = await runPostStep();
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const comments = commentsOnPull();
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain("roc_auc −0.03");
    gh.assertNoViolations();
  });

  it("posts one comment per model, whatever the artifact's file names", async () => {
    await leavePayload("slipway-comment-churn", "payload.json", payload("churn", "churn diff"));
    await leavePayload("slipway-comment-ranker", "pay load $(touch pwned).json", payload("ranker", "ranker diff"));
    const run = await runPostStep();
    expect(run.exitCode).toBe(0);
    expect(commentsOnPull().sort()).toEqual([
      expect.stringContaining("churn diff"),
      expect.stringContaining("ranker diff"),
    ]);
    expect(existsSync(join(work, "workspace", "pwned"))).toBe(false);
  });

  it("updates the comment in place when the pull request's next run leaves a new payload", async () => {
    await leavePayload("slipway-comment-churn", "payload.json", payload("churn", "first diff"));
    expect((await runPostStep()).exitCode).toBe(0);
    await leavePayload("slipway-comment-churn", "payload.json", payload("churn", "second diff"));
    expect((await runPostStep()).exitCode).toBe(0);
    const comments = commentsOnPull();
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain("second diff");
  });

  it("succeeds without posting when the pull request's run left no payload", async () => {
    const run = await runPostStep();
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("nothing to post");
    expect(commentsOnPull()).toEqual([]);
  });

  it("refuses a payload that targets another commit than the run built", async () => {
    const otherSha = gh.commitFiles({ owner: OWNER, repo: REPO, branch: "elsewhere", files: { "x.txt": "x\n" } });
    await leavePayload("slipway-comment-churn", "payload.json", payload("churn", "steered", otherSha));
    const run = await runPostStep();
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain(otherSha);
    expect(commentsOnPull()).toEqual([]);
  });

  it("refuses a payload that is not a valid comment payload, and still posts the valid ones", async () => {
    await leavePayload("slipway-comment-churn", "payload.json", payload("churn", "churn diff"));
    await leavePayload("slipway-comment-evil", "payload.json", '{"schema":"slipway/comment-payload@1","body":"x"}');
    const run = await runPostStep();
    expect(run.exitCode).not.toBe(0);
    expect(commentsOnPull()).toEqual([expect.stringContaining("churn diff")]);
  });

  it("refuses a run that left more payloads than max-comments, posting none", async () => {
    for (const key of ["a", "b", "c"]) await leavePayload(`slipway-comment-${key}`, "payload.json", payload(key, key));
    const run = await runPostStep({ "max-comments": 2 });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("3 comment payloads, more than max-comments (2)");
    expect(commentsOnPull()).toEqual([]);
  });
});
