import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../harness/index.js";

const examples = join(repoRoot, "examples");
const baseline = join(examples, "eval", "baseline", "eval.json");
const candidate = join(examples, "eval", "candidate", "eval.json");

describe("slipway diff and slipway gate", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "slipway-diff-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("compares two eval reports with paired intervals and exits 0 without a policy", async () => {
    const result = await runCli(["diff", baseline, candidate, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const diff = JSON.parse(result.stdout);
    expect(diff).toMatchObject({ schema: "slipway/diff@1", decision: "pass", task: "binary-classification" });
    const auc = diff.metrics.find(
      (m: { metric: string; slice: string | null }) => m.metric === "roc_auc" && m.slice === null,
    );
    expect(auc).toMatchObject({ n: 4000, verdict: "not-gated" });
    expect(auc.ci[0]).toBeLessThan(auc.delta);
    expect(auc.ci[1]).toBeGreaterThan(auc.delta);
    expect(diff.flips.improved + diff.flips.regressed + diff.flips.unchanged).toBe(4000);
  });

  it("exits 1 when a policy blocks, and writes the comment Markdown", async () => {
    const policy = join(dir, "policy.yml");
    await writeFile(
      policy,
      'gates:\n  - metric: accuracy\n    slices: ["region=*"]\n    max_drop_pct: 2\n    min_slice_size: 200\n',
    );
    const markdown = join(dir, "diff.md");
    const result = await runCli(["diff", baseline, candidate, "--policy", policy, "--markdown", markdown]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^churn: FAIL/);
    expect(result.stdout).toContain("region=apac");
    expect(await readFile(markdown, "utf8")).toContain("**Gate: FAILED**");
  });

  it("accepts prediction files directly with --task", async () => {
    const result = await runCli([
      "diff",
      join(examples, "eval", "baseline", "predictions.csv"),
      join(examples, "eval", "candidate", "predictions.csv"),
      "--task",
      "binary-classification",
      "--json",
    ]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).metrics.length).toBeGreaterThan(50);
  });

  it("gates the models of .slipway.yml", async () => {
    const result = await runCli(["gate", "--json"], { cwd: examples });
    expect(result.exitCode).toBe(1);
    const diff = JSON.parse(result.stdout);
    expect(diff.decision).toBe("fail");
    expect(diff.baseline_source).toBe("eval/baseline/eval.json");
  });

  it("exits 2 with one line naming the policy file and line on a bad rule", async () => {
    const policy = join(dir, "bad-policy.yml");
    await writeFile(policy, "gates:\n  - metric: latency.p95\n    max_drop: 5\n");
    const result = await runCli(["diff", baseline, candidate, "--policy", policy]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/bad-policy\.yml:2:\d+: .*direction/);
  });

  it("exits 2 on usage errors", async () => {
    expect((await runCli(["diff", baseline])).exitCode).toBe(2);
    expect((await runCli(["diff", baseline, candidate, "--task", "clustering"])).exitCode).toBe(2);
  });
});

interface BadInput {
  readonly file: string;
  readonly read: string;
  readonly task?: string;
  readonly baseline?: string;
  readonly expect: string;
}

const corpus = join(repoRoot, "test", "bad-inputs", "eval");

describe("slipway diff on the bad-input corpus", async () => {
  const { cases } = JSON.parse(await readFile(join(corpus, "cases.json"), "utf8")) as { cases: BadInput[] };
  it.each(cases.map((c) => [c.file, c] as const))("%s: exit 2, one line naming the file", async (_, entry) => {
    const bad = join(corpus, entry.file);
    const other = entry.baseline ? join(corpus, entry.baseline) : bad;
    const args = ["diff", other, bad, ...(entry.task ? ["--task", entry.task] : [])];
    const result = await runCli(args, { cwd: corpus });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(entry.file);
    expect(lines[0]).toContain(entry.expect);
    expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/);
  });
});
