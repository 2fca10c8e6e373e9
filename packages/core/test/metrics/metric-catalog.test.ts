import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Task } from "../../src/eval/task.js";
import { binaryMetrics } from "../../src/metrics/binary-metrics.js";
import { exampleValues } from "../../src/metrics/example-values.js";
import { generationMetrics } from "../../src/metrics/generation-metrics.js";
import { findMetricDefinition, METRIC_DEFINITIONS } from "../../src/metrics/metric-catalog.js";
import { multiclassMetrics } from "../../src/metrics/multiclass-metrics.js";
import { regressionMetrics } from "../../src/metrics/regression-metrics.js";

const CLASSES = ["north", "south", "east.1"];

const columnsArb = fc.integer({ min: 1, max: 60 }).chain((n) => {
  const column = (arb: fc.Arbitrary<number>) =>
    fc.array(arb, { minLength: n, maxLength: n }).map((v) => Float64Array.from(v));
  return fc.record({
    binaryLabel: column(fc.integer({ min: 0, max: 1 })),
    binaryPrediction: column(fc.integer({ min: 0, max: 1 })),
    probability: column(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 1e-20))),
    classLabel: column(fc.integer({ min: 0, max: CLASSES.length - 1 })),
    classPrediction: column(fc.integer({ min: 0, max: CLASSES.length - 1 })),
    value: column(fc.double({ min: -100, max: 100, noNaN: true })),
    estimate: column(fc.double({ min: -100, max: 100, noNaN: true })),
    weights: column(fc.integer({ min: 0, max: 3 })),
  });
});

type Columns = typeof columnsArb extends fc.Arbitrary<infer T> ? T : never;

/** Each task's metrics and the columns its per-example values come from. */
function byTask(c: Columns, weights?: Float64Array) {
  const binary = { label: c.binaryLabel, prediction: c.binaryPrediction, score: c.probability };
  const multiclass = { label: c.classLabel, prediction: c.classPrediction, score: null };
  const regression = { label: c.value, prediction: c.estimate, score: null };
  const generation = { label: c.binaryLabel, prediction: c.binaryPrediction, score: c.probability };
  return [
    ["binary-classification", binary, binaryMetrics(binary, weights)],
    ["multiclass-classification", multiclass, multiclassMetrics({ ...multiclass, classes: CLASSES }, weights)],
    ["regression", regression, regressionMetrics(regression, weights)],
    ["generation", generation, generationMetrics(generation, weights)],
  ] as const;
}

describe("metric catalog", () => {
  it("describes every metric a task returns, and returns every metric it describes", () => {
    fc.assert(
      fc.property(columnsArb, (c) => {
        for (const [task, , metrics] of byTask(c)) {
          const names = Object.keys(metrics);
          for (const name of names) expect(findMetricDefinition(task, name), `${task} ${name}`).toBeDefined();
          const described = METRIC_DEFINITIONS.filter((d) => d.task === task && !d.perClass).map((d) => d.name);
          expect(names.filter((name) => !name.startsWith("recall.")).sort()).toEqual([...described].sort());
        }
      }),
      { numRuns: 20 },
    );
  });

  it("marks losses and errors as lower-is-better and the rest higher-is-better", () => {
    const lower = METRIC_DEFINITIONS.filter((d) => d.direction === "lower").map((d) => d.name);
    expect(lower.sort()).toEqual(["brier", "ece", "log_loss", "mae", "rmse"]);
  });

  it("resolves recall.<class> for any class name, including one with a dot", () => {
    expect(findMetricDefinition("multiclass-classification", "recall.east.1")?.perClass).toBe(true);
    expect(findMetricDefinition("multiclass-classification", "recall.")).toBeUndefined();
    expect(findMetricDefinition("binary-classification", "recall")?.perClass).toBe(false);
    expect(findMetricDefinition("regression", "latency.p95")).toBeUndefined();
  });

  it("gives, for each mean metric, per-example values whose weighted mean is the metric", () => {
    fc.assert(
      fc.property(columnsArb, fc.boolean(), (c, weighted) => {
        const weights = weighted ? c.weights : undefined;
        fc.pre(!weighted || c.weights.some((w) => w > 0));
        for (const [task, columns, metrics] of byTask(c, weights)) {
          for (const definition of METRIC_DEFINITIONS.filter((d) => d.task === task)) {
            const values = exampleValues(task as Task, definition.name, columns);
            if (!definition.meanOfExamples) {
              expect(values, `${task} ${definition.name}`).toBeNull();
              continue;
            }
            if (values === null) throw new Error(`${task} ${definition.name} has no per-example values`);
            let sum = 0;
            let total = 0;
            values.forEach((v, i) => {
              const w = weights === undefined ? 1 : (weights[i] as number);
              sum += w * v;
              total += w;
            });
            expect(sum / total).toBeCloseTo(metrics[definition.name] as number, 9);
          }
        }
      }),
    );
  });
});
