import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../harness/index.js";

const CONTRACT = "contracts/churn.contract.yml";
const PROFILE = "contracts/churn.profile.json";
const HEADER = "customer_id,region,plan,tenure_months,monthly_spend,support_tickets,last_login_days,churned";

describe("slipway validate and slipway data infer", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "slipway-validate-"));
    await cp(join(repoRoot, "examples", "data"), join(dir, "data"), { recursive: true });
    await cp(join(repoRoot, "examples", "contracts"), join(dir, "contracts"), { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => runCli(args, { cwd: dir });

  it("exits 0 on the production month and prints the result, the drift table and the digest", async () => {
    const result = await cli("validate", "data/production.csv", "--contract", CONTRACT, "--reference", PROFILE);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^data\/production\.csv: PASS — 2,000 rows in 1 file/);
    expect(result.stdout).toMatch(/0 of 7 columns drifted/);
    expect(result.stdout).toMatch(/monthly_spend\s+wasserstein\s+0\.0\d+\s+≥ 0\.1/);
    expect(result.stdout).toMatch(/digest sha256:[0-9a-f]{64}\n$/);
    expect(result.stderr).toBe("");
  });

  it("exits 1 on the drifted month, and --json prints exactly one slipway/validation@1 object", async () => {
    const result = await cli(
      "validate",
      "data/production-drifted.csv",
      "--contract",
      CONTRACT,
      "--reference",
      PROFILE,
      "--json",
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    const report = JSON.parse(result.stdout);
    expect(report.schema).toBe("slipway/validation@1");
    expect(report.result).toBe("fail");
    expect(report.rows).toBe(2000);
    expect(report.violations).toEqual([]);
    expect(report.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const row of report.drift) {
      expect(Object.keys(row).sort()).toEqual(["column", "drifted", "method", "threshold", "value"]);
    }
    const drifted = report.drift
      .filter((row: { drifted: boolean }) => row.drifted)
      .map((row: { column: string }) => row.column);
    expect(drifted.sort()).toEqual(["monthly_spend", "region"]);
  });

  it("reports each violation as {rule, column, count, examples: [{row, value}]}", async () => {
    await writeFile(
      join(dir, "data", "broken.csv"),
      `${HEADER}\nC000001,mars,basic,3,20.00,0,4,0\nC000002,eu,basic,3,-5.00,0,4,1\nC000003,eu,basic,3,-7.50,0,4,1\n`,
    );
    const result = await cli("validate", "data/broken.csv", "--contract", CONTRACT, "--json");
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    const spend = report.violations.find(
      (v: { rule: string; column: string }) => v.rule === "min" && v.column === "monthly_spend",
    );
    expect(spend).toMatchObject({
      count: 2,
      examples: [
        { row: 2, value: "-5.00" },
        { row: 3, value: "-7.50" },
      ],
    });
    expect(report.violations.map((v: { rule: string }) => v.rule)).toEqual(["min_rows", "enum", "min"]);
    expect(report.drift).toEqual([]);
  });

  it("checks columns on worker threads with --threads and reports exactly what one thread reports", async () => {
    const text = await readFile(join(dir, "data", "production-drifted.csv"), "utf8");
    const [header, ...rows] = text.trim().split("\n");
    // Breaks rules in several columns: a repeated id, an unknown region, a negative spend, a bad integer.
    const broken = [
      rows[0],
      ...rows.slice(0, 300).map((row, i) => (i % 50 === 7 ? row.replace(/,(eu|us),/, ",mars,") : row)),
    ];
    broken[10] = "C999999,eu,basic,x3,-2.00,0,4,1";
    await writeFile(join(dir, "data", "threads.csv"), `${[header, ...broken].join("\n")}\n`);
    const run = (threads: string) =>
      cli(
        "validate",
        "data/threads.csv",
        "--contract",
        CONTRACT,
        "--reference",
        PROFILE,
        "--json",
        "--threads",
        threads,
      );
    const one = await run("1");
    const three = await run("3");
    expect(one.exitCode).toBe(1);
    expect(three.exitCode).toBe(1);
    expect(three.stderr).toBe("");
    expect(three.stdout).toBe(one.stdout);
    const rules = JSON.parse(one.stdout).violations.map((v: { rule: string }) => v.rule);
    expect(rules).toEqual(expect.arrayContaining(["min_rows", "unique", "enum", "type", "min"]));

    // Bad input found on a worker thread is the same one line, exit 2.
    await writeFile(join(dir, "data", "ragged-threads.csv"), `${header}\n${rows[0]}\n${rows[1]},extra\n`);
    const ragged = (threads: string) =>
      cli("validate", "data/ragged-threads.csv", "--contract", CONTRACT, "--threads", threads);
    const [single, threaded] = [await ragged("1"), await ragged("4")];
    expect(threaded.exitCode).toBe(2);
    expect(threaded.stderr).toBe(single.stderr);
    expect(threaded.stderr).toMatch(/^data\/ragged-threads\.csv: row 2: has 9 fields; expected 8, as in the header\n$/);
    expect((await cli("validate", "data/threads.csv", "--contract", CONTRACT, "--threads", "0")).exitCode).toBe(2);
  });

  it("validates a directory of shards and a glob the same way, with one digest over the files", async () => {
    await mkdir(join(dir, "shards", "month=1"), { recursive: true });
    await mkdir(join(dir, "shards", "month=2"), { recursive: true });
    const text = await readFile(join(dir, "data", "production.csv"), "utf8");
    const [header, ...rows] = text.trim().split("\n");
    await writeFile(join(dir, "shards", "month=1", "part.csv"), `${[header, ...rows.slice(0, 1000)].join("\n")}\n`);
    await writeFile(join(dir, "shards", "month=2", "part.csv"), `${[header, ...rows.slice(1000)].join("\n")}\n`);
    const byDir = JSON.parse(
      (await cli("validate", "shards", "--contract", CONTRACT, "--reference", PROFILE, "--json")).stdout,
    );
    const byGlob = JSON.parse(
      (await cli("validate", "shards/**/*.csv", "--contract", CONTRACT, "--reference", PROFILE, "--json")).stdout,
    );
    const whole = JSON.parse(
      (await cli("validate", "data/production.csv", "--contract", CONTRACT, "--reference", PROFILE, "--json")).stdout,
    );
    expect(byDir.rows).toBe(2000);
    expect(byDir.files.map((f: { path: string }) => f.path)).toEqual(["month=1/part.csv", "month=2/part.csv"]);
    expect(byGlob.digest).toBe(byDir.digest);
    expect(byDir.digest).not.toBe(whole.digest);
    // One pass over the shards profiles the same data as the whole file: drift is identical.
    expect(byDir.drift).toEqual(whole.drift);
  });

  it("lists loosened and tightened rules against --base-contract", async () => {
    const base = (await readFile(join(dir, CONTRACT), "utf8"))
      .replace("max: 200 #", "max: 50 #")
      .replace("min: 1 #", "min: 0 #");
    await writeFile(join(dir, "contracts", "base.contract.yml"), base);
    const result = await cli(
      "validate",
      "data/production.csv",
      "--contract",
      CONTRACT,
      "--base-contract",
      "contracts/base.contract.yml",
      "--json",
    );
    expect(result.exitCode).toBe(0);
    const { contract_changes: changes } = JSON.parse(result.stdout);
    expect(changes.base).toBe("contracts/base.contract.yml");
    expect(
      changes.changes.map((c: { kind: string; rule: string; column: string }) => [c.kind, c.rule, c.column]),
    ).toEqual([
      ["tightened", "min", "tenure_months"],
      ["loosened", "max", "support_tickets"],
    ]);
  });

  it("infers a contract and a reference profile that the same data then passes", async () => {
    const infer = await cli(
      "data",
      "infer",
      "data/eval.csv",
      "-o",
      "out/eval.contract.yml",
      "--profile",
      "out/eval.profile.json",
    );
    expect(infer.exitCode).toBe(0);
    expect(infer.stdout).toContain("inferred a contract for 8 columns from 4,000 rows in data/eval.csv");
    const contract = await readFile(join(dir, "out", "eval.contract.yml"), "utf8");
    expect(contract).toContain("# every one of 4,000 values parsed as");
    const profile = JSON.parse(await readFile(join(dir, "out", "eval.profile.json"), "utf8"));
    expect(profile.schema).toBe("slipway/profile@1");
    expect(profile.rows).toBe(4000);
    const check = await cli(
      "validate",
      "data/eval.csv",
      "--contract",
      "out/eval.contract.yml",
      "--reference",
      "out/eval.profile.json",
      "--json",
    );
    expect(check.exitCode).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report.result).toBe("pass");
    expect(report.drift.every((row: { value: number }) => row.value === 0)).toBe(true);
  });

  it.each([
    [["validate", "data/production.csv"], /--contract FILE is required/],
    [["validate", "--contract", CONTRACT], /expected <data>/],
    [["validate", "data/missing.csv", "--contract", CONTRACT], /^data\/missing\.csv: does not exist/],
    [["validate", "nothing/*.csv", "--contract", CONTRACT], /^nothing\/\*\.csv: matches no files/],
    [
      ["validate", "data/production.csv", "--contract", "contracts/missing.yml"],
      /^contracts\/missing\.yml: does not exist/,
    ],
    [
      ["validate", "data/production.csv", "--contract", CONTRACT, "--reference", CONTRACT],
      /^contracts\/churn\.contract\.yml:1:1: is not valid JSON/,
    ],
    [
      ["validate", "data/production.csv", "--contract", CONTRACT, "--format", "xlsx"],
      /--format must be one of csv, jsonl, parquet/,
    ],
    [["data", "infer", "data/production.csv"], /-o CONTRACT is required/],
  ])("exits 2 with one line for %j", async (args, message) => {
    const result = await cli(...args);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 at the broken row of a CSV instead of reporting it as a violation", async () => {
    await writeFile(join(dir, "data", "ragged.csv"), `${HEADER}\nC000001,eu,basic,3,20.00,0,4,0\nC000002,eu\n`);
    const result = await cli("validate", "data/ragged.csv", "--contract", CONTRACT, "--json");
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("data/ragged.csv: row 2: has 2 fields; expected 8, as in the header\n");
  });

  it("exits 2 at the line of a broken contract", async () => {
    await writeFile(join(dir, "contracts", "typo.contract.yml"), "version: 1\ncolumns:\n  id:\n    type: integr\n");
    const result = await cli("validate", "data/production.csv", "--contract", "contracts/typo.contract.yml");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^contracts\/typo\.contract\.yml:4:\d+: .*integr/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
