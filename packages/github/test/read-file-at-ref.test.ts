import { InputError } from "@slipway/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../../../test/fake-github/index.js";
import { isGitHubApiError, readFileAtRef } from "../src/index.js";
import { OWNER, REPO, slipwayClient, startFake } from "./fake-github-client.js";

let gh: FakeGitHub;

beforeEach(async () => {
  gh = await startFake();
});

afterEach(async () => {
  await gh.stop();
});

const decode = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

describe("readFileAtRef", () => {
  it("reads the baseline as it is on the base branch, not the pull request's", async () => {
    gh.commitFiles({
      owner: OWNER,
      repo: REPO,
      branch: "retrain",
      files: { "models/churn/eval.json": '{"metrics":{"roc_auc":0.95}}\n' },
    });
    const octokit = slipwayClient(gh);
    const read = (ref: string) =>
      readFileAtRef({ octokit, owner: OWNER, repo: REPO, path: "models/churn/eval.json", ref });
    const base = await read("main");
    const head = await read("retrain");
    if (!base.found || !head.found) throw new Error("expected both files");
    expect(decode(base.bytes)).toBe('{"metrics":{"roc_auc":0.91}}\n');
    expect(decode(head.bytes)).toBe('{"metrics":{"roc_auc":0.95}}\n');
    expect(base.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(base.sha).not.toBe(head.sha);
  });

  it("answers not found for a model that has no baseline yet, and for a ref that does not exist", async () => {
    const octokit = slipwayClient(gh);
    const newModel = await readFileAtRef({
      octokit,
      owner: OWNER,
      repo: REPO,
      path: "models/fraud/eval.json",
      ref: "main",
    });
    const noRef = await readFileAtRef({ octokit, owner: OWNER, repo: REPO, path: "README.md", ref: "gone" });
    expect(newModel).toEqual({ found: false, path: "models/fraud/eval.json", ref: "main" });
    expect(noRef).toEqual({ found: false, path: "README.md", ref: "gone" });
  });

  it("returns binary files byte for byte", async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    gh.commitFiles({ owner: OWNER, repo: REPO, branch: "main", files: { "models/churn/preds.parquet": bytes } });
    const file = await readFileAtRef({
      octokit: slipwayClient(gh),
      owner: OWNER,
      repo: REPO,
      path: "models/churn/preds.parquet",
      ref: "main",
    });
    expect(file.found && Buffer.from(file.bytes).equals(bytes)).toBe(true);
  });

  it("reads a file over 1 MB through the git blobs API", async () => {
    const big = `${"0123456789abcdef".repeat(70_000)}\n`;
    gh.commitFiles({ owner: OWNER, repo: REPO, branch: "main", files: { "models/churn/preds.csv": big } });
    const octokit = slipwayClient(gh);
    // The fake inlines files of any size; GitHub sends files between 1 and 100 MB with
    // `encoding: "none"` and empty content, which this hook reproduces on the client side.
    octokit.hook.after("request", (response, options) => {
      if (options.url.includes("/contents/")) {
        Object.assign(response.data as object, { content: "", encoding: "none" });
      }
    });
    const file = await readFileAtRef({
      octokit,
      owner: OWNER,
      repo: REPO,
      path: "models/churn/preds.csv",
      ref: "main",
    });
    expect(file.found && decode(file.bytes)).toBe(big);
    expect(gh.requests.map((r) => r.operationId)).toEqual(["repos/get-content", "git/get-blob"]);
  });

  it("refuses a directory where a file was expected", async () => {
    const attempt = readFileAtRef({
      octokit: slipwayClient(gh),
      owner: OWNER,
      repo: REPO,
      path: "models/churn",
      ref: "main",
    });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow("models/churn at main in octo-org/models is a dir, not a file");
  });

  it("passes on failures other than not found as GitHubApiError", async () => {
    gh.inject({ method: "GET", path: "/repos/{owner}/{repo}/contents/{path}", times: 4, status: 500 });
    const error = await readFileAtRef({
      octokit: slipwayClient(gh),
      owner: OWNER,
      repo: REPO,
      path: "README.md",
      ref: "main",
    }).catch((e: unknown) => e);
    expect(isGitHubApiError(error) && error.status).toBe(500);
  });
});
