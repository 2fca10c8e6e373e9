import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors/input-error.js";
import { gatePolicyFromRules, policyConfidenceLevels } from "../../src/gate/gate-policy.js";
import { parsePolicyFile } from "../../src/gate/policy-file.js";

function problem(text: string): InputError {
  try {
    parsePolicyFile(text, "policy.yml");
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("policy files", () => {
  it("reads the rules with their defaults and the catalog's directions", () => {
    const policy = parsePolicyFile(
      [
        "gates:",
        "  - metric: roc_auc",
        "    max_drop: 0.01",
        "    confidence: 0.95",
        "  - metric: log_loss",
        "    slices: [region=*]",
        "    max_drop_pct: 5",
        "    severity: warn",
        "    on_missing: ignore",
        "  - metric: latency.p95",
        "    max: 120",
      ].join("\n"),
      "policy.yml",
    );
    expect(policy.rules.map((r) => [r.metric, r.direction, r.severity, r.onMissing, r.slices])).toEqual([
      ["roc_auc", "higher", "fail", "fail", null],
      ["log_loss", "lower", "warn", "ignore", ["region=*"]],
      ["latency.p95", undefined, "fail", "fail", null],
    ]);
    expect(policy.rules[1]?.location).toEqual({ file: "policy.yml", line: 5, column: 5 });
    expect(policyConfidenceLevels(policy)).toEqual([0.95]);
  });

  it("points at the misspelled key with a suggestion", () => {
    const error = problem("gates:\n  - metric: roc_auc\n    max_dorp: 0.01\n");
    expect(error.message).toBe('policy.yml:3:5: unknown key "max_dorp" in gates[0]; did you mean "max_drop"?');
  });

  it("points at a value of the wrong type", () => {
    expect(problem("gates:\n  - metric: roc_auc\n    max_drop: lots\n").message).toBe(
      'policy.yml:3:5: gates[0].max_drop must be a number, got "lots"',
    );
  });

  it("requires the gates list", () => {
    expect(problem("rules: []\n").message).toMatch(/^policy\.yml:1:1: .*"gates"/);
    expect(problem("").message).toBe(
      "policy.yml:1:1: the policy file is empty; expected a mapping with a `gates:` list of rules",
    );
  });

  it("refuses a relative rule on a metric whose direction it cannot know", () => {
    const error = problem("gates:\n  - metric: latency.p95\n    max_drop_pct: 10\n");
    expect(error.message).toBe(
      'policy.yml:2:5: gate rule for "latency.p95" uses max_drop_pct, which needs to know whether higher or lower is better, and "latency.p95" is not a metric Slipway knows; add direction: higher or direction: lower',
    );
    expect(() =>
      parsePolicyFile("gates:\n  - metric: latency.p95\n    max_drop_pct: 10\n    direction: lower\n", "p.yml"),
    ).not.toThrow();
  });

  it("refuses a rule that checks nothing, and min above max", () => {
    expect(problem("gates:\n  - metric: roc_auc\n    confidence: 0.9\n").message).toMatch(
      /^policy\.yml:2:5: gate rule for "roc_auc" sets no condition/,
    );
    expect(problem("gates:\n  - metric: roc_auc\n    min: 0.9\n    max: 0.8\n").message).toBe(
      'policy.yml:3:5: gate rule for "roc_auc" has min 0.9 above max 0.8',
    );
  });

  it("knows per-class recall as higher-is-better", () => {
    expect(gatePolicyFromRules([{ metric: "recall.cat", max_drop: 0.02 }]).rules[0]?.direction).toBe("higher");
  });
});
