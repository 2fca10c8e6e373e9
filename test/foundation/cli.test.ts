import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../harness/index.js";

describe("the slipway CLI bundle", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "slipway-cli-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("prints help listing its commands and exits 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("slipway config check [FILE] [--json]");
  });

  it("exits 2 with the list of commands on an unknown command", async () => {
    const result = await runCli(["deploy-everything"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/unknown command "deploy-everything"/);
  });

  it("exits 2 with the usage on an unknown option", async () => {
    const result = await runCli(["config", "check", "--jsn"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("Usage: slipway config check");
  });

  it("validates .slipway.yml from the working directory by default", async () => {
    await writeFile(join(dir, ".slipway.yml"), "version: 1\nmodels:\n  - name: churn\n");
    const result = await runCli(["config", "check"], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(".slipway.yml is valid: 1 model, 0 datasets, 0 gate rules, 0 environments\n");
  });

  it("reports a misspelled key as one line at its line and column, exit 2, no stack trace", async () => {
    await writeFile(join(dir, "bad.yml"), "version: 1\nmodels:\n  - name: churn\n    canddate: eval.json\n");
    const result = await runCli(["config", "check", "bad.yml"], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe('bad.yml:4:5: unknown key "canddate" in models[0]; did you mean "candidate"?\n');
  });

  it("prints exactly one JSON object with --json", async () => {
    const result = await runCli(["config", "check", "bad.yml", "--json"], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      schema: "slipway/config-check@1",
      file: "bad.yml",
      valid: false,
      problems: [
        {
          message: 'unknown key "canddate" in models[0]; did you mean "candidate"?',
          file: "bad.yml",
          line: 4,
          column: 5,
        },
      ],
    });
  });

  it("names a missing file", async () => {
    const result = await runCli(["config", "check", "nope.yml"], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/nope\.yml: no such file/);
  });
});
