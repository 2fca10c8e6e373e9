import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ModelDiff } from "../../src/compare/model-diff.js";
import { escapeMarkdownText } from "../../src/render/markdown-text.js";
import { DEFAULT_MARKDOWN_BUDGET, MIN_MARKDOWN_BUDGET, renderModelDiff } from "../../src/render/model-diff-markdown.js";
import { binaryFailingDiff, failingDrift, hugeDiff, row } from "./model-diff-fixtures.js";

const ALL_SLICES = "<summary>All slice rows";
const IMPROVED = "<summary>Newly right examples";
const REGRESSED = "Newly wrong, most confidently wrong first";
const CHART = "```mermaid";
const NOTE = "Shortened to fit GitHub's comment size limit";

describe("renderModelDiff size budget", () => {
  it("keeps a diff of 5,000 slices with 10,000-character ids under GitHub's comment limit", () => {
    const diff = hugeDiff();
    const markdown = renderModelDiff(diff);
    expect(markdown.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_BUDGET);
    expect(markdown).toContain("**Gate: FAILED**");
    expect(markdown).toContain(`- ${escapeMarkdownText(diff.reasons[0] ?? "", 300)}`);
    expect(markdown).toContain(NOTE);
    expect(markdown).toMatch(/Cut: the full slice table \(\d+ of 5,000 shown\)/);
    expect(markdown).toContain("The full report is in the job summary");
    // A 10,000-character id is cut, never pasted whole.
    expect(markdown).not.toContain("x".repeat(300));
  });

  it("fits any budget from the minimum up, always keeping the decision and its first reason", () => {
    const diff = hugeDiff(600, 2_000);
    const fullLength = renderModelDiff(diff, { budget: 10_000_000 }).length;
    for (const budget of [MIN_MARKDOWN_BUDGET, 5_000, 8_000, 20_000, 65_000, 300_000]) {
      const markdown = renderModelDiff(diff, { budget });
      expect(markdown.length, `budget ${budget}`).toBeLessThanOrEqual(budget);
      expect(markdown).toContain("**Gate: FAILED** — ");
      expect(markdown).toContain("- accuracy dropped");
      expect(markdown.includes(NOTE)).toBe(fullLength > budget);
    }
  });

  it("refuses a budget too small to hold the decision", () => {
    expect(() => renderModelDiff(binaryFailingDiff(), { budget: MIN_MARKDOWN_BUDGET - 1 })).toThrow(RangeError);
  });

  it("leaves a report that fits untouched, without a truncation note", () => {
    const full = renderModelDiff(binaryFailingDiff(), { drift: failingDrift() });
    expect(full).not.toContain(NOTE);
    expect(full).toContain(ALL_SLICES);
    expect(renderModelDiff(binaryFailingDiff(), { drift: failingDrift(), budget: full.length })).toBe(full);
  });

  it("gives up the full slice table first, then the examples, then the chart", () => {
    const diff = binaryFailingDiff();
    const options = { drift: failingDrift() };
    const fullLength = renderModelDiff(diff, options).length;
    let sawEach = { slices: false, examples: false, chart: false };
    for (let budget = fullLength - 1; budget >= MIN_MARKDOWN_BUDGET; budget -= 97) {
      const markdown = renderModelDiff(diff, { ...options, budget });
      expect(markdown.length).toBeLessThanOrEqual(budget);
      expect(markdown).toContain(NOTE);
      expect(markdown).toContain("**Gate: FAILED** — 2 checks failed, 1 warned");
      const has = {
        slices: markdown.includes(ALL_SLICES),
        improved: markdown.includes(IMPROVED),
        regressed: markdown.includes(REGRESSED),
        chart: markdown.includes(CHART),
      };
      if (!has.improved) expect(has.slices).toBe(false);
      if (!has.regressed) expect(has.improved).toBe(false);
      if (!has.chart) expect(has.regressed).toBe(false);
      sawEach = {
        slices: sawEach.slices || !has.slices,
        examples: sawEach.examples || !has.regressed,
        chart: sawEach.chart || !has.chart,
      };
    }
    expect(sawEach).toEqual({ slices: true, examples: true, chart: true });
  });

  it("never exceeds the budget or loses the decision, whatever the strings in the diff", () => {
    const text = fc.string({ unit: "binary", maxLength: 3_000 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, text), { maxLength: 40 }),
        fc.array(text, { maxLength: 30 }),
        text,
        fc.integer({ min: MIN_MARKDOWN_BUDGET, max: 30_000 }),
        (slices, reasons, model, budget) => {
          const diff: ModelDiff = {
            ...binaryFailingDiff(),
            model,
            reasons,
            notes: reasons,
            metrics: [
              row("accuracy", 0.9, 0.8, { verdict: "fail" }),
              ...slices.map(([metric, slice]) =>
                row(metric, 0.5, 0.4, { slice, ci: [-0.2, -0.01], verdict: "fail", n: 10 }),
              ),
            ],
          };
          const markdown = renderModelDiff(diff, { budget });
          expect(markdown.length).toBeLessThanOrEqual(budget);
          expect(markdown).toContain("**Gate: FAILED**");
          expect(markdown).not.toContain("<!--");
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("renderModelDiff escaping", () => {
  it("cannot be made to contain an HTML comment, so no string can forge or close the sticky marker", () => {
    const evil = "<!-- slipway:model-diff:main --> @admin #1 [x](http://evil.example) | --> ```";
    const base = binaryFailingDiff();
    const diff: ModelDiff = {
      ...base,
      model: evil,
      reasons: [evil],
      notes: [evil],
      baseline_source: evil,
      candidate_source: evil,
      metrics: [
        row(evil, 0.5, 0.4, { verdict: "fail", reasons: [evil] }),
        row(evil, 0.5, 0.4, { slice: evil, verdict: "not-gated", reasons: [evil] }),
      ],
      flips: {
        improved: 1,
        regressed: 1,
        unchanged: 0,
        examples: {
          regressed: [
            {
              id: evil,
              label: evil,
              baseline_prediction: evil,
              candidate_prediction: evil,
              baseline_score: 0.1,
              candidate_score: 0.9,
            },
          ],
          improved: [
            {
              id: evil,
              label: evil,
              baseline_prediction: evil,
              candidate_prediction: evil,
              baseline_score: null,
              candidate_score: null,
            },
          ],
        },
      },
    };
    const markdown = renderModelDiff(diff, {
      drift: { result: "fail", rows: [{ column: evil, method: evil, value: 1, threshold: 0.1, drifted: true }] },
    });
    expect(markdown).not.toContain("<!--");
    expect(markdown).not.toContain("-->\n");
    expect(markdown).not.toMatch(/@admin|#1\b|\]\(http/);
    // The only fences are the chart's own.
    expect(markdown.match(/```/g)?.length ?? 0).toBeLessThanOrEqual(2);
    // Every table row keeps its column count: no stray pipe split a cell.
    for (const table of markdown.split("\n\n").filter((block) => block.startsWith("| "))) {
      const lines = table.split("\n");
      const columns = (line: string) => line.replace(/\\\|/g, "").split("|").length;
      for (const line of lines) expect(columns(line)).toBe(columns(lines[0] ?? ""));
    }
  });
});
