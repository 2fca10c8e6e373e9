import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ValidationReport } from "../../src/contract/validation-report.js";
import type { Violation } from "../../src/contract/violation.js";
import {
  DEFAULT_VALIDATION_BUDGET,
  MIN_VALIDATION_BUDGET,
  type RenderValidationOptions,
  renderValidationReport,
} from "../../src/render/validation-markdown.js";

/*
 * Golden files of the rendered Markdown, reviewed like code. `UPDATE_GOLDEN=1 npx vitest run
 * packages/core/test/render` rewrites them; otherwise a missing or different golden fails.
 */
const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function expectGolden(name: string, report: ValidationReport, options: RenderValidationOptions = {}): void {
  const path = join(GOLDEN_DIR, name);
  const markdown = renderValidationReport(report, options);
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, markdown);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing golden ${name}: run with UPDATE_GOLDEN=1 and review it`);
  expect(markdown).toBe(readFileSync(path, "utf8"));
}

const SHA = "ab".repeat(32);

function violation(overrides: Partial<Violation> & Pick<Violation, "rule" | "column" | "message">): Violation {
  return {
    count: 1,
    examples: [],
    severity: "fail",
    contract_line: 10,
    contract_column: 5,
    ...overrides,
  };
}

function baseReport(overrides: Partial<ValidationReport> = {}): ValidationReport {
  return {
    schema: "slipway/validation@1",
    result: "pass",
    rows: 2_000,
    violations: [],
    drift: [],
    digest: `sha256:${"cd".repeat(32)}`,
    dataset: "churn-production",
    contract: "contracts/churn.contract.yml",
    files: [{ path: "production.csv", file: "data/production.csv", sha256: SHA, bytes: 66_441, rows: 2_000 }],
    drift_summary: null,
    contract_changes: null,
    notes: [],
    ...overrides,
  };
}

/** A failing report whose strings come from a hostile file: pipes, HTML, mentions, links. */
function failingReport(): ValidationReport {
  return baseReport({
    result: "fail",
    rows: 12_345,
    files: [
      { path: "a/part-0.csv", file: "shards/a/part-0.csv", sha256: SHA, bytes: 1_000_000, rows: 6_000 },
      { path: "b/part-1.csv", file: "shards/b/part-1.csv", sha256: "ef".repeat(32), bytes: 1_100_000, rows: 6_345 },
    ],
    violations: [
      violation({
        rule: "enum",
        column: "region|<b>x</b>",
        count: 42,
        message: '42 values of "region|<b>x</b>" are not in the enum ("eu", "us")',
        examples: [
          { file: "shards/a/part-0.csv", row: 3, value: "[click](https://evil.example) @octocat" },
          { file: "shards/a/part-0.csv", row: 7, value: "`rm -rf /` | <!-- slipway -->" },
          { file: "shards/b/part-1.csv", row: 1, value: null },
          { file: "shards/b/part-1.csv", row: 9, value: "never shown: over maxExamples" },
        ],
      }),
      violation({
        rule: "unique",
        column: "customer_id",
        count: 2,
        message: '"customer_id" repeats a value in 2 rows; expected unique values',
        examples: [
          {
            file: "shards/b/part-1.csv",
            row: 11,
            value: "C000001",
            duplicate_of: { file: "shards/a/part-0.csv", row: 1 },
          },
        ],
      }),
      violation({
        rule: "max",
        column: "tenure_months",
        severity: "warn",
        count: 1,
        message: '1 value of "tenure_months" is above max 72',
        examples: [{ file: "shards/a/part-0.csv", row: 5, value: 73 }],
      }),
      violation({
        rule: "required",
        column: "plan",
        count: 1,
        message: 'column "plan" is missing from 1 file',
        files: ["shards/b/part-1.csv"],
      }),
      violation({ rule: "min_rows", column: null, message: "the dataset has 12,345 rows; expected at least 20000" }),
    ],
    drift: [
      { column: "monthly_spend", method: "wasserstein", value: 0.1181, threshold: 0.1, drifted: true },
      { column: "region", method: "chi2", value: 3.2e-9, threshold: 0.05, drifted: true },
      { column: "plan", method: "jensen_shannon", value: 0.0211, threshold: 0.1, drifted: false },
      { column: "notes#1", method: "psi", value: null, threshold: 0.2, drifted: true },
    ],
    drift_summary: {
      reference: "contracts/churn.profile.json",
      compared: 4,
      drifted_columns: 3,
      share: 0.75,
      share_threshold: 0.5,
      drifted: true,
      reference_only: [],
      current_only: [],
    },
    contract_changes: {
      base: "contracts/churn.contract.yml@main",
      changes: [
        {
          kind: "loosened",
          rule: "max",
          column: "monthly_spend",
          before: 3000,
          after: 20000,
          description: 'max of "monthly_spend" loosened: 3000 → 20000',
        },
        {
          kind: "added",
          rule: "regex",
          column: "customer_id",
          before: null,
          after: "C[0-9]{6}",
          description: 'regex of "customer_id" added: C[0-9]{6}',
        },
      ],
    },
    notes: ['uniqueness of "customer_id" checked on the first 5,000,000 rows only'],
  });
}

function passingReport(): ValidationReport {
  return baseReport({
    drift: [
      { column: "region", method: "jensen_shannon", value: 0.0094, threshold: 0.1, drifted: false },
      { column: "tenure_months", method: "ks", value: 0.4312, threshold: 0.05, drifted: false },
      { column: "churned", method: "psi", value: 0.000355, threshold: 0.2, drifted: false },
    ],
    drift_summary: {
      reference: "contracts/churn.profile.json",
      compared: 3,
      drifted_columns: 0,
      share: 0,
      share_threshold: 0.25,
      drifted: false,
      reference_only: [],
      current_only: [],
    },
    contract_changes: { base: "contracts/churn.contract.yml@main", changes: [] },
  });
}

function hugeReport(violations: number, exampleLength: number): ValidationReport {
  const report = failingReport();
  return {
    ...report,
    violations: Array.from({ length: violations }, (_, k) =>
      violation({
        rule: "regex",
        column: `column_${k}`,
        count: 1_000 + k,
        message: `${1_000 + k} values of "column_${k}" do not match [a-z]+`,
        examples: Array.from({ length: 5 }, (_, r) => ({
          file: "shards/a/part-0.csv",
          row: r + 1,
          value: "y".repeat(exampleLength),
        })),
      }),
    ),
    drift: Array.from({ length: violations }, (_, k) => ({
      column: `column_${k}`,
      method: "psi" as const,
      value: k / violations,
      threshold: 0.2,
      drifted: k / violations >= 0.2,
    })),
  };
}

describe("validation report Markdown goldens", () => {
  it("renders a failing dataset with violations, drift, contract changes and hostile strings", () => {
    expectGolden("validation-failing.md", failingReport());
  });

  it("renders a passing dataset with every drift value shown", () => {
    expectGolden("validation-passing.md", passingReport());
  });
});

describe("renderValidationReport", () => {
  it("puts the result first", () => {
    const markdown = renderValidationReport(failingReport());
    const lines = markdown.split("\n");
    expect(lines[2]).toBe("> [!CAUTION]");
    expect(lines[3]).toContain("**Data validation: FAILED** — 4 rules failed; 1 rule warned; the data drifted");
  });

  it("shows a drift value for every compared column, drifted or not, drifted ones first", () => {
    const markdown = renderValidationReport(failingReport());
    const driftRows = markdown.split("\n").filter((line) => /^\| `(monthly_spend|region|plan|notes)/.test(line));
    expect(driftRows.map((line) => line.split(" | ")[0])).toEqual([
      "| `monthly_spend`",
      "| `region`",
      "| `notes#1`",
      "| `plan`",
    ]);
    expect(markdown).toContain("| `region` | `chi2` | <0.001 | p &lt; 0.05 | **yes** |");
    expect(markdown).toContain("| `plan` | `jensen_shannon` | 0.0211 | value ≥ 0.1 | no |");
  });

  it("never lets a value from a file open a link, a mention, HTML or a new table cell", () => {
    const markdown = renderValidationReport(failingReport());
    // Inside a code span GitHub renders nothing; everywhere else nothing may be live.
    const outsideCode = markdown.replace(/<code>.*?<\/code>/g, "").replace(/`[^`\n]*`/g, "");
    expect(markdown).toContain("`[click](https://evil.example) @octocat`");
    expect(outsideCode).not.toContain("<b>");
    expect(outsideCode).not.toContain("<!--");
    expect(outsideCode).not.toContain("](");
    expect(outsideCode).not.toMatch(/@octocat/);
    expect(markdown).toContain("&lt;b&gt;");
    const enumRows = markdown.split("\n").filter((l) => l.startsWith("| `enum`"));
    expect(enumRows).toHaveLength(1);
    for (const line of enumRows) {
      // Six cells: every pipe inside a value is escaped.
      expect(line.replace(/\\\|/g, "").split("|").length - 2).toBe(6);
    }
  });

  it("keeps a report of 3,000 violations with 10,000-character values under the comment limit", () => {
    const markdown = renderValidationReport(hugeReport(3_000, 10_000));
    expect(markdown.length).toBeLessThanOrEqual(DEFAULT_VALIDATION_BUDGET);
    expect(markdown).toContain("**Data validation: FAILED**");
    expect(markdown).toContain("Shortened to fit the size limit");
    expect(markdown).not.toContain("y".repeat(100));
  });

  it("fits any budget from the minimum up and always keeps the result line", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_VALIDATION_BUDGET, max: 400_000 }),
        fc.integer({ min: 0, max: 400 }),
        (budget, violations) => {
          const markdown = renderValidationReport(hugeReport(violations, 200), { budget });
          expect(markdown.length).toBeLessThanOrEqual(budget);
          expect(markdown).toContain("**Data validation: FAILED** — ");
        },
      ),
      { numRuns: 40 },
    );
  });

  it("refuses a budget too small to hold the result", () => {
    expect(() => renderValidationReport(passingReport(), { budget: 100 })).toThrow(RangeError);
  });
});
