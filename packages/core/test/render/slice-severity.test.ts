import { describe, expect, it } from "vitest";
import { sliceRegressions } from "../../src/render/slice-severity.js";
import { row } from "./model-diff-fixtures.js";

describe("slice regression order", () => {
  it("lists failed slices first, then warned, then the clearest drops, lower-is-better metrics included", () => {
    const rows = [
      row("recall", 0.8, 0.79, { slice: "plan=pro", ci: [-0.02, -0.001], verdict: "pass" }),
      row("recall", 0.8, 0.78, { slice: "region=eu", ci: [-0.03, -0.01], verdict: "warn" }),
      row("log_loss", 0.2, 0.25, { slice: "region=us", ci: [0.03, 0.07], direction: "lower" }),
      row("recall", 0.8, 0.79, { slice: "region=apac", ci: [-0.02, 0.001], verdict: "fail" }),
      row("recall", 0.8, 0.75, { slice: "device=web", ci: [-0.12, 0.02], verdict: "not-gated" }),
      row("recall", 0.8, 0.82, { slice: "device=ios", ci: [0.01, 0.03], verdict: "pass" }),
      row("recall", 0.8, 0.8, { verdict: "fail" }),
    ];
    expect(sliceRegressions(rows).map((r) => `${r.metric}@${r.slice}`)).toEqual([
      "recall@region=apac",
      "recall@region=eu",
      "log_loss@region=us",
      "recall@plan=pro",
    ]);
  });

  it("without intervals, lists every slice that got worse, the largest drop first", () => {
    const rows = [
      row("accuracy", 0.9, 0.89, { slice: "a=1" }),
      row("accuracy", 0.9, 0.85, { slice: "a=2" }),
      row("latency.p95", 40, 38, { slice: "a=1", direction: "lower" }),
      row("size", 1, 2, { slice: "a=1", direction: null }),
    ];
    expect(sliceRegressions(rows).map((r) => r.slice)).toEqual(["a=2", "a=1"]);
  });
});
