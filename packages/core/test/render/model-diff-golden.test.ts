import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ModelDiff } from "../../src/compare/model-diff.js";
import { type RenderModelDiffOptions, renderModelDiff } from "../../src/render/model-diff-markdown.js";
import {
  binaryFailingDiff,
  binaryWarningDiff,
  failingDrift,
  metricsFileDiff,
  regressionDiff,
} from "./model-diff-fixtures.js";

/*
 * Golden files of the rendered Markdown, reviewed like code. `UPDATE_GOLDEN=1 npx vitest run
 * packages/core/test/render` rewrites them; otherwise a missing or different golden fails.
 */
const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function expectGolden(name: string, diff: ModelDiff, options: RenderModelDiffOptions = {}): void {
  const path = join(GOLDEN_DIR, name);
  const markdown = renderModelDiff(diff, options);
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, markdown);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing golden ${name}: run with UPDATE_GOLDEN=1 and review it`);
  expect(markdown).toBe(readFileSync(path, "utf8"));
}

describe("model-diff Markdown goldens", () => {
  it("renders a binary classifier that passes with a slice warning", () => {
    expectGolden("binary-warning.md", binaryWarningDiff());
  });

  it("renders a failing gate with data drift and hostile strings from files", () => {
    expectGolden("binary-failing.md", binaryFailingDiff(), { drift: failingDrift() });
  });

  it("renders a regression model with values far from the 0–1 scale", () => {
    expectGolden("regression.md", regressionDiff());
  });

  it("renders a metrics-file-only diff without interval or p-value columns", () => {
    expectGolden("metrics-file.md", metricsFileDiff());
  });

  it("renders a shortened comment with a note pointing to the full report", () => {
    expectGolden("binary-failing-shortened.md", binaryFailingDiff(), {
      drift: failingDrift(),
      budget: 6_000,
      fullReportUrl: "https://github.com/acme/churn/actions/runs/123",
    });
  });
});
