import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDeltaChart, MAX_CHART_BARS, mermaidLabel } from "../../src/render/mermaid-chart.js";
import { row } from "./model-diff-fixtures.js";

/*
 * The chart is checked against the token rules of Mermaid's xychart grammar
 * (packages/mermaid/src/diagrams/xychart/parser/xychart.jison): a quoted string is `"[^"]*"`, a
 * number is `[+-]?(\d+(\.\d+)?|\.\d+)`, and each statement is one line.
 */
const STRING = '"[^"\\n]*"';
const NUMBER = "[+-]?(?:\\d+(?:\\.\\d+)?|\\.\\d+)";
const STATEMENTS = [
  /^xychart-beta$/,
  new RegExp(`^ {2}title ${STRING}$`),
  new RegExp(`^ {2}x-axis \\[${STRING}(?:, ${STRING})*\\]$`),
  new RegExp(`^ {2}y-axis ${STRING} ${NUMBER} --> ${NUMBER}$`),
  new RegExp(`^ {2}bar \\[${NUMBER}(?:, ${NUMBER})*\\]$`),
  new RegExp(`^ {2}line \\[${NUMBER}(?:, ${NUMBER})*\\]$`),
];

function expectValidXyChart(source: string, bars: number): void {
  const lines = source.split("\n");
  for (const line of lines)
    expect(
      STATEMENTS.some((s) => s.test(line)),
      line,
    ).toBe(true);
  const labels = [...(lines[2] ?? "").matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  expect(labels).toHaveLength(bars);
  expect(new Set(labels).size).toBe(bars);
  expect((lines[4] ?? "").split(",")).toHaveLength(bars);
  // Neither a directive, a comment, an entity code nor anything that could close the fence.
  expect(source.replace(/ --> /g, " ")).not.toMatch(/%%|#|;|`|<|>|&|\{|\}/);
}

describe("mermaidLabel", () => {
  it("keeps only characters that cannot escape a quoted xychart label", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 100 }), (input) => {
        const label = mermaidLabel(input);
        expect(label).toMatch(/^[\p{L}\p{N} _.=+\-/()…]+$/u);
        expect(label).not.toMatch(/["`%#;<>&{}[\]\n]/);
        expect(Array.from(label).length).toBeLessThanOrEqual(24);
      }),
      { numRuns: 2_000 },
    );
  });

  it("turns quotes, directives and entity codes into plain underscores", () => {
    expect(mermaidLabel('acc"]; %%{init: {}}%%')).toBe("acc_ _init_ _");
    expect(mermaidLabel("recall.#quot;cat#quot;")).toBe("recall._quot_cat_quot_");
    expect(mermaidLabel("latency.p95")).toBe("latency.p95");
  });
});

describe("buildDeltaChart", () => {
  it("charts overall changes so that up is better, with a zero line when something got worse", () => {
    const chart = buildDeltaChart([
      row("accuracy", 0.9, 0.91),
      row("log_loss", 0.2, 0.23, { direction: "lower" }),
      row("accuracy", 0.9, 0.5, { slice: "region=eu" }),
    ]);
    expect(chart?.scale).toBe("points");
    expect(chart?.values.map((v) => Number(v.toFixed(6)))).toEqual([1, -3]);
    expectValidXyChart(chart?.source ?? "", 2);
    expect(chart?.source).toContain('y-axis "Change in points, up = better" -5.00 --> 5.00');
    expect(chart?.source).toContain("line [0.00, 0.00]");
  });

  it("starts the axis at zero and draws no zero line when nothing got worse", () => {
    const chart = buildDeltaChart([row("accuracy", 0.9, 0.91), row("recall", 0.8, 0.82)]);
    expect(chart?.source).toContain("0.00 --> 2.00");
    expect(chart?.source).not.toContain("line");
  });

  it("falls back to relative change when no metric is on a 0–1 scale", () => {
    const chart = buildDeltaChart([
      row("mae", 200, 190, { direction: "lower" }),
      row("rmse", 300, 330, { direction: "lower" }),
      row("zero_baseline", 0, 3, { direction: "lower" }),
    ]);
    expect(chart?.scale).toBe("percent");
    expect(chart?.values.map((v) => Number(v.toFixed(6)))).toEqual([5, -10]);
    expectValidXyChart(chart?.source ?? "", 2);
  });

  it("gives metrics whose labels collide after sanitising their own bars", () => {
    const chart = buildDeltaChart([
      row('a"b', 0.5, 0.6),
      row("a;b", 0.5, 0.4),
      row("a%b", 0.5, 0.55),
      ...Array.from({ length: 20 }, (_, i) => row(`m${i}`, 0.5, 0.5 + i / 1000)),
    ]);
    expect(chart?.labels.slice(0, 3)).toEqual(["a_b", "a_b (2)", "a_b (3)"]);
    expectValidXyChart(chart?.source ?? "", MAX_CHART_BARS);
  });

  it("writes numbers Mermaid can parse, never in exponent notation", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 15,
        }),
        (pairs) => {
          const chart = buildDeltaChart(pairs.map(([b, c], i) => row(`metric_${i}`, b, c)));
          expect(chart).not.toBeNull();
          expectValidXyChart(chart?.source ?? "", Math.min(pairs.length, MAX_CHART_BARS));
        },
      ),
    );
  });

  it("has nothing to chart without overall deltas", () => {
    expect(buildDeltaChart([row("accuracy", null, 0.9), row("accuracy", 0.9, 0.8, { slice: "a=1" })])).toBeNull();
  });
});
