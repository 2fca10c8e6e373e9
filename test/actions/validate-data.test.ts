import { execFileSync, spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeRuntimes, repoRoot, runAction } from "../harness/index.js";

const CONTRACT = "contracts/churn.contract.yml";
const HEADER = "customer_id,region,plan,tenure_months,monthly_spend,support_tickets,last_login_days,churned";

/** The example repository's data, contract and reference profile, as a workflow checks them out. */
async function workspaceWithExample(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "slipway-vd-"));
  await cp(join(repoRoot, "examples", ".slipway.yml"), join(dir, ".slipway.yml"));
  await cp(join(repoRoot, "examples", "data"), join(dir, "data"), { recursive: true });
  await cp(join(repoRoot, "examples", "contracts"), join(dir, "contracts"), { recursive: true });
  return dir;
}

/** The 1-based line of the contract where `text` first occurs after the line holding `after`. */
function lineOf(contract: string, after: string, text: string): number {
  const lines = contract.split("\n");
  const start = lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, k) => k > start && line.includes(text));
  if (start < 0 || index < 0) throw new Error(`no "${text}" after "${after}" in the contract`);
  return index + 1;
}

describe.each(nodeRuntimes())("the validate-data action on $name", ({ path: node }) => {
  let workspace: string;
  let contractText: string;
  // RUNNER_TEMP outside the harness's own temporary directory, so the report outlives the step.
  const run = (inputs: Record<string, string>, event: object = {}) =>
    runAction("validate-data", {
      node,
      workspace,
      inputs,
      event,
      env: { RUNNER_TEMP: join(workspace, ".runner-temp") },
    });

  beforeAll(async () => {
    workspace = await workspaceWithExample();
    contractText = await readFile(join(workspace, CONTRACT), "utf8");
    // Three customers that break four rules: an unknown region, a negative spend, a label of 2,
    // and an id that is neither unique nor well-formed.
    await writeFile(
      join(workspace, "data", "broken.csv"),
      `${HEADER}\nC000001,mars,basic,3,20.00,0,4,0\nC000001,eu,basic,3,-5.00,0,4,2\nX1,eu,pro,3,20.00,0,4,0\n`,
    );
  });
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("passes a production month that matches training, with every drift value in the summary", async () => {
    const result = await run({
      data: "data/production.csv",
      contract: CONTRACT,
      "reference-profile": "contracts/churn.profile.json",
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.result).toBe("pass");
    expect(result.summary).toContain("**Data validation: passed**");
    expect(result.summary).toContain("| Column | Method | Value | Drifts when | Drifted |");
    for (const column of ["region", "plan", "tenure_months", "monthly_spend", "churned"]) {
      expect(result.summary).toMatch(new RegExp(`\\| \`${column}\` \\| \`\\w+\` \\| [0-9.]+ \\|`));
    }
    const report = JSON.parse(await readFile(result.outputs.report!, "utf8"));
    expect(report).toMatchObject({ schema: "slipway/validation@1", result: "pass", rows: 2000, violations: [] });
    expect(report.drift).toHaveLength(7);
    const digests = JSON.parse(result.outputs.digests!);
    expect(digests["data/production.csv"]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(digests["data/production.csv"]).toBe(report.digest);
    expect(result.annotations).toEqual([]);
  });

  it("fails the drifted month on drift, annotating the drift rules of the drifted columns", async () => {
    const result = await run({
      data: "data/production-drifted.csv",
      contract: CONTRACT,
      "reference-profile": "contracts/churn.profile.json",
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.result).toBe("fail");
    expect(result.summary).toContain("**Data validation: FAILED** — the data drifted (2 of 7 columns)");
    expect(result.summary).toMatch(/\| `monthly_spend` \| `wasserstein` \| 0\.1\d+ \| value ≥ 0\.1 \| \*\*yes\*\* \|/);
    expect(result.summary).toMatch(/\| `region` \| `jensen_shannon` \| 0\.1\d+ \| value ≥ 0\.1 \| \*\*yes\*\* \|/);
    const drift = result.annotations.filter((a) => a.properties.title?.startsWith("Data drift"));
    expect(drift.map((a) => [a.level, a.properties.file, Number(a.properties.line)])).toEqual([
      ["error", CONTRACT, lineOf(contractText, "  region:", "drift:")],
      ["error", CONTRACT, lineOf(contractText, "  monthly_spend:", "drift:")],
    ]);
    expect(result.stdout).toMatch(/::error::data validation: fail/);
  });

  it("annotates each failed rule on its own contract line and names the rows", async () => {
    const result = await run({ data: "data/broken.csv", contract: CONTRACT });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.result).toBe("fail");
    const at = (rule: string) =>
      result.annotations.find((a) => a.properties.title?.startsWith(`Data contract: ${rule}`));
    expect(Number(at("enum (region)")?.properties.line)).toBe(lineOf(contractText, "  region:", "enum:"));
    expect(Number(at("min (monthly_spend)")?.properties.line)).toBe(lineOf(contractText, "  monthly_spend:", "min:"));
    expect(Number(at("enum (churned)")?.properties.line)).toBe(lineOf(contractText, "  churned:", "enum:"));
    expect(Number(at("unique (customer_id)")?.properties.line)).toBe(lineOf(contractText, "  customer_id:", "unique:"));
    expect(Number(at("regex (customer_id)")?.properties.line)).toBe(lineOf(contractText, "  customer_id:", "regex:"));
    expect(Number(at("min_rows")?.properties.line)).toBe(lineOf(contractText, "version:", "min_rows:"));
    expect(at("enum (region)")?.message).toContain("row 1");
    expect(at("enum (region)")?.properties.file).toBe(CONTRACT);
    expect(result.summary).toContain("| `enum` | `region` | **fail** | 1 |");
    expect(result.summary).toContain("row 1: `mars`");
  });

  it("validates the datasets of .slipway.yml when no data is given", async () => {
    const result = await run({});
    expect(result.exitCode).toBe(0);
    expect(result.outputs.result).toBe("pass");
    expect(Object.keys(JSON.parse(result.outputs.digests!))).toEqual(["churn-train"]);
    expect(result.summary).toContain("### Data validation: `churn-train`");
  });

  it("fails the step on a warning only when fail-on is warn", async () => {
    const warnOnly = contractText.replace("max: 72 #", "max: { value: 40, severity: warn } #");
    await writeFile(join(workspace, "contracts", "warn.contract.yml"), warnOnly);
    const inputs = { data: "data/production.csv", contract: "contracts/warn.contract.yml" };
    const lenient = await run(inputs);
    expect(lenient.exitCode).toBe(0);
    expect(lenient.outputs.result).toBe("warn");
    expect(
      lenient.annotations.some(
        (a) => a.level === "warning" && a.properties.title === "Data contract: max (tenure_months)",
      ),
    ).toBe(true);
    const strict = await run({ ...inputs, "fail-on": "warn" });
    expect(strict.exitCode).toBe(1);
    expect(strict.outputs.result).toBe("warn");
  });

  it("lists the rules a pull request loosened against the contract at its base commit", async () => {
    const repo = await workspaceWithExample();
    try {
      const git = (...args: string[]) =>
        execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo })
          .toString()
          .trim();
      git("init", "-q");
      git("add", ".");
      git("commit", "-q", "-m", "base");
      const base = git("rev-parse", "HEAD");
      const path = join(repo, CONTRACT);
      await writeFile(path, (await readFile(path, "utf8")).replace("max: 90 #", "max: 365 #"));
      const result = await runAction("validate-data", {
        node,
        workspace: repo,
        inputs: { data: "data/production.csv", contract: CONTRACT },
        event: { pull_request: { number: 7, base: { sha: base, ref: "main" } } },
        env: { RUNNER_TEMP: join(repo, ".runner-temp") },
      });
      expect(result.exitCode).toBe(0);
      expect(result.summary).toContain(`#### Contract changes since \`${CONTRACT}@${base}\``);
      expect(result.summary).toMatch(/\| \*\*loosened\*\* \| `max` \| `last_login_days` \| .*90 → 365 \|/);
      const report = JSON.parse(await readFile(result.outputs.report!, "utf8"));
      expect(report.contract_changes.changes).toEqual([
        expect.objectContaining({ kind: "loosened", rule: "max", column: "last_login_days", before: 90, after: 365 }),
      ]);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  it("fails with one error line and writes no outputs when the contract does not exist", async () => {
    const result = await run({ data: "data/production.csv", contract: "contracts/missing.contract.yml" });
    expect(result.exitCode).toBe(1);
    const errors = result.stdout.split("\n").filter((line) => line.startsWith("::error"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("contracts/missing.contract.yml");
    expect(result.outputs.result).toBeUndefined();
    expect(result.outputs.report).toBeUndefined();
    expect(result.summary).toBe("");
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });

  it("fails with one error line at the broken row of an unreadable CSV", async () => {
    await writeFile(join(workspace, "data", "ragged.csv"), `${HEADER}\nC000001,eu,basic,3\n`);
    const result = await run({ data: "data/ragged.csv", contract: CONTRACT });
    expect(result.exitCode).toBe(1);
    const errors = result.stdout.split("\n").filter((line) => line.startsWith("::error"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/data\/ragged\.csv: row 1: has 4 fields; expected 8/);
    expect(result.outputs.report).toBeUndefined();
  });

  it("checks a dataset over 16 MiB on worker threads and reports what one thread reports", async () => {
    const [header, ...rows] = (await readFile(join(workspace, "data", "production.csv"), "utf8")).trim().split("\n");
    const lines = [header];
    for (let k = 0; lines.length <= 600_000; k += 1) {
      const row = (rows[k % rows.length] as string).replace(/^C\d{6}/, `C${String(k).padStart(6, "0")}`);
      lines.push(k % 100_000 === 99 ? row.replace(/,(eu|us|apac|latam),/, ",mars,") : row);
    }
    await writeFile(join(workspace, "data", "large.csv"), `${lines.join("\n")}\n`);
    const result = await run({ data: "data/large.csv", contract: CONTRACT });
    expect(result.exitCode).toBe(1);
    expect(result.stdout.match(/data\/large\.csv: fail — 600000 rows/g)).toHaveLength(1);
    const threaded = JSON.parse(await readFile(result.outputs.report!, "utf8"));
    const single = spawnSync(
      node,
      [
        join(repoRoot, "packages", "cli", "dist", "slipway.js"),
        "validate",
        "data/large.csv",
        "--contract",
        CONTRACT,
        "--json",
        "--threads",
        "1",
      ],
      { cwd: workspace, encoding: "utf8" },
    ).stdout;
    expect(threaded).toEqual(JSON.parse(single));
    expect(threaded.violations.map((v: { rule: string; count: number }) => [v.rule, v.count])).toEqual([["enum", 6]]);
  });

  it("refuses data without a contract", async () => {
    const result = await run({ data: "data/production.csv" });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('::error::input "contract" is required when "data" is set');
    expect(result.outputs.result).toBeUndefined();
  });
});
