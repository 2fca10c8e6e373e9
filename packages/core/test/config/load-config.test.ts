import { describe, expect, it } from "vitest";
import { checkConfigText, type InputError, parseConfig } from "../../src/index.js";

const valid = `version: 1
models:
  - name: churn
    task: binary-classification
    candidate: eval/candidate.json
    baseline: { ref: base }
gates:
  - metric: roc_auc
    max_drop: 0.01
    confidence: 0.95
  - metric: accuracy
    slices: ["region=*"]
    max_drop_pct: 2
    min_slice_size: 50
`;

function firstProblem(text: string): InputError {
  const { problems } = checkConfigText(text, ".slipway.yml");
  expect(problems.length).toBeGreaterThan(0);
  return problems[0]!;
}

describe("loading .slipway.yml", () => {
  it("accepts a complete, valid configuration and returns it typed", () => {
    const config = parseConfig(valid, ".slipway.yml");
    expect(config.models?.[0]?.name).toBe("churn");
    expect(config.gates?.[1]?.slices).toEqual(["region=*"]);
  });

  it("reports a misspelled key at its exact line and column with a suggestion", () => {
    const text = valid.replace("    max_drop: 0.01", "    max_dorp: 0.01");
    const problem = firstProblem(text);
    expect(problem.location).toEqual({ file: ".slipway.yml", line: 9, column: 5 });
    expect(problem.message).toBe('.slipway.yml:9:5: unknown key "max_dorp" in gates[0]; did you mean "max_drop"?');
  });

  it("reports a misspelled top-level key at column 1", () => {
    const problem = firstProblem(`version: 1\ngatez:\n  - metric: f1\n    min: 0.5\n`);
    expect(problem.location).toMatchObject({ line: 2, column: 1 });
    expect(problem.detail).toContain('did you mean "gates"?');
  });

  it("names the expected type and the value found", () => {
    const problem = firstProblem(valid.replace("confidence: 0.95", "confidence: high"));
    expect(problem.detail).toBe('gates[0].confidence must be a number, got "high"');
    expect(problem.location).toMatchObject({ line: 10, column: 5 });
  });

  it("lists the allowed values of an enum and suggests the closest", () => {
    const problem = firstProblem(valid.replace("task: binary-classification", "task: binary-clasification"));
    expect(problem.detail).toContain('did you mean "binary-classification"?');
    expect(problem.location).toMatchObject({ line: 4, column: 5 });
  });

  it("judges an object baseline by its keys, not as a failed string", () => {
    const problem = firstProblem(valid.replace("{ ref: base }", "{ reff: base }"));
    expect(problem.detail).toBe('unknown key "reff" in models[0].baseline; did you mean "ref"?');
  });

  it("reports YAML syntax errors with their position", () => {
    const problem = firstProblem("version: 1\ngates:\n  - metric: [f1\n");
    expect(problem.location?.line).toBeGreaterThanOrEqual(3);
    expect(problem.detail).toMatch(/^invalid YAML/);
  });

  it("rejects duplicate keys rather than silently keeping the last", () => {
    const problem = firstProblem("version: 1\nversion: 1\n");
    expect(problem.location).toMatchObject({ line: 2 });
  });

  it("rejects a rule that checks nothing", () => {
    const problem = firstProblem("version: 1\ngates:\n  - metric: f1\n    confidence: 0.9\n");
    expect(problem.detail).toMatch(/sets no condition/);
    expect(problem.location).toMatchObject({ line: 3, column: 5 });
  });

  it("rejects duplicate model names at the second occurrence", () => {
    const problem = firstProblem("version: 1\nmodels:\n  - name: a\n  - name: a\n");
    expect(problem.location).toMatchObject({ line: 4, column: 5 });
  });

  it("explains an empty file", () => {
    expect(firstProblem("").detail).toMatch(/empty/);
  });

  it("collects every problem, not only the first", () => {
    const { problems } = checkConfigText("version: 2\nmodelz: []\n", "c.yml");
    expect(problems.map((p) => p.location?.line)).toEqual([1, 2]);
  });
});

describe("a misspelled required key", () => {
  it("is reported once, as the typo, not also as missing", () => {
    const { problems } = checkConfigText("version: 1\ngates:\n  - metrc: f1\n    min: 0.5\n", "c.yml");
    expect(problems.map((p) => p.message)).toEqual([
      'c.yml:3:5: unknown key "metrc" in gates[0]; did you mean "metric"?',
    ]);
  });
});
