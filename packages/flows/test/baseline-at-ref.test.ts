import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitRefReader, runQualityGate } from "../src/index.js";

const examples = join(import.meta.dirname, "..", "..", "..", "examples", "eval");

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
}

describe("the baseline at the pull request's base, read with git", () => {
  let repo: string;
  let base: string;
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), "slipway-git-"));
    git(repo, "init", "-q", "-b", "main");
    git(repo, "config", "user.email", "ci@example.com");
    git(repo, "config", "user.name", "CI");
    // On main: the production model's evaluation, its predictions sharded in two files.
    await mkdir(join(repo, "eval", "shards"), { recursive: true });
    const rows = (await import("node:fs"))
      .readFileSync(join(examples, "baseline", "predictions.csv"), "utf8")
      .trim()
      .split("\n");
    const [header, ...data] = rows;
    const half = Math.floor(data.length / 2);
    await writeFile(join(repo, "eval", "shards", "part-0.csv"), `${[header, ...data.slice(0, half)].join("\n")}\n`);
    await writeFile(join(repo, "eval", "shards", "part-1.csv"), `${[header, ...data.slice(half)].join("\n")}\n`);
    await writeFile(
      join(repo, "eval", "eval.json"),
      JSON.stringify({
        schema: "slipway/eval@1",
        model: "churn",
        task: "binary-classification",
        metrics: {},
        predictions: "shards/part-*.csv",
      }),
    );
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "production model");
    base = git(repo, "rev-parse", "HEAD");
    // The pull request's working tree: the candidate's evaluation at the same path.
    await rm(join(repo, "eval", "shards"), { recursive: true });
    await cp(join(examples, "candidate", "predictions.csv"), join(repo, "eval", "predictions.csv"));
    await writeFile(
      join(repo, "eval", "eval.json"),
      JSON.stringify({
        schema: "slipway/eval@1",
        model: "churn",
        task: "binary-classification",
        metrics: {},
        predictions: "predictions.csv",
      }),
    );
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it("recreates the base's eval report and its globbed prediction shards, and compares against them", async () => {
    const [gated] = await runQualityGate({
      workspace: repo,
      candidate: "eval/eval.json",
      baseRef: base,
      refReaders: [gitRefReader(repo)],
      scratchDir: join(repo, ".scratch"),
    });
    expect(gated?.diff.baseline_source).toBe(`git:${base}:eval/eval.json`);
    const auc = gated?.diff.metrics.find((m) => m.metric === "roc_auc" && m.slice === null);
    expect(auc?.n).toBe(4000);
    expect(auc?.baseline).toBeCloseTo(0.763, 3);
    expect(auc?.candidate).toBeCloseTo(0.787, 3);
  });

  it("says the baseline is missing when the model is new at the base", async () => {
    await expect(
      runQualityGate({
        workspace: repo,
        candidate: "eval/predictions.csv",
        task: "binary-classification",
        baseRef: base,
        refReaders: [gitRefReader(repo)],
        scratchDir: join(repo, ".scratch2"),
      }),
    ).rejects.toThrow(/no baseline for model .*git:[0-9a-f]+:eval\/predictions\.csv does not exist/);
  });
});
