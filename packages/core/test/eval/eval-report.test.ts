import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors/input-error.js";
import { parseEvalReport, readEvalFile } from "../../src/eval/eval-report.js";

const fixtures = join(import.meta.dirname, "../../../../test/fixtures/eval");

function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("readEvalFile", () => {
  it("reads a Slipway eval report with nested metrics, slices and a predictions path relative to the report", async () => {
    const report = await readEvalFile(join(fixtures, "report.yaml"));
    expect(report.kind).toBe("slipway-eval");
    expect(report.model).toBe("churn-classifier");
    expect(report.task).toBe("binary-classification");
    expect([...report.metrics]).toEqual([
      ["accuracy", 0.875],
      ["roc_auc", 0.93],
      ["latency.p50", 12],
      ["latency.p95", 40.5],
    ]);
    expect(report.slices.get("region=eu")?.get("accuracy")).toBe(0.9);
    expect(report.predictions).toBe(join(fixtures, "binary-candidate.csv"));
    expect(report.meta).toEqual({ commit: "abc123", dataset: "holdout-2024" });
  });

  it("reads the same flattened metrics from JSON, YAML and TOML metric files", async () => {
    const json = await readEvalFile(join(fixtures, "metrics.json"));
    const yaml = await readEvalFile(join(fixtures, "metrics.yaml"));
    expect(json.kind).toBe("metrics");
    expect(Object.fromEntries(json.metrics)).toEqual(Object.fromEntries(yaml.metrics));
    const toml = await readEvalFile(join(fixtures, "metrics.toml"));
    expect(Object.fromEntries(toml.metrics)).toEqual({
      accuracy: 0.91,
      "throughput.rps": 120,
      "latency.p50": 11.5,
      "latency.p95": 38,
      "loss.train": 0.12,
      "loss.val": 0.2,
    });
  });

  it("keeps a glob of shards as the predictions path of a JSON report", async () => {
    const report = await readEvalFile(join(fixtures, "report.json"));
    expect(report.predictions).toBe(join(fixtures, "shards/part-*.csv"));
  });
});

describe("parseEvalReport errors", () => {
  it("points at the line and column of a string metric", () => {
    const error = errorOf(() => parseEvalReport("accuracy: 0.9\nlatency:\n  p95: fast\n", "m.yaml", "yaml"));
    expect(error.location).toEqual({ file: "m.yaml", line: 3, column: 3 });
    expect(error.message).toBe('m.yaml:3:3: "latency.p95" is "fast"; expected a number');
  });

  it("rejects YAML .nan and .inf and TOML nan and inf as metric values", () => {
    expect(errorOf(() => parseEvalReport("a: .nan\n", "m.yaml", "yaml")).detail).toContain("is NaN");
    expect(errorOf(() => parseEvalReport("a: -.inf\n", "m.yaml", "yaml")).detail).toContain("negative infinity");
    const toml = errorOf(() => parseEvalReport("ok = 1\n[x]\nb = inf\n", "m.toml", "toml"));
    expect(toml.location).toEqual({ file: "m.toml", line: 3, column: 1 });
    expect(toml.detail).toContain("is infinity; expected a finite number");
  });

  it("names the line and column of a JSON syntax error even when the engine gives no position", () => {
    const error = errorOf(() => parseEvalReport('{\n  "a": 1,\n  "b": }\n', "m.json", "json"));
    expect(error.location).toEqual({ file: "m.json", line: 3, column: 8 });
    expect(error.detail).toMatch(/^is not valid JSON \(Unexpected token/);
  });

  it("rejects a wrong schema, an unknown task and an unknown key in an eval report", () => {
    expect(errorOf(() => parseEvalReport("schema: slipway/eval@2\nmetrics: {a: 1}\n", "r.yaml", "yaml")).message).toBe(
      'r.yaml:1:1: has schema "slipway/eval@2"; expected "slipway/eval@1"',
    );
    expect(
      errorOf(() => parseEvalReport("schema: slipway/eval@1\ntask: clustering\nmetrics: {a: 1}\n", "r.yaml", "yaml"))
        .location,
    ).toEqual({ file: "r.yaml", line: 2, column: 1 });
    expect(
      errorOf(() => parseEvalReport("schema: slipway/eval@1\nmetric: {a: 1}\n", "r.yaml", "yaml")).detail,
    ).toContain('unknown key "metric"');
  });

  it("rejects a metric name that nesting and a dotted key both produce", () => {
    const error = errorOf(() => parseEvalReport('{"a.b": 1, "a": {"b": 2}}', "m.json", "json"));
    expect(error.detail).toContain('names the metric "a.b" a second time');
  });

  it("rejects an empty file and a file without metrics", () => {
    expect(errorOf(() => parseEvalReport("  \n", "m.yaml", "yaml")).detail).toMatch(/^is empty/);
    expect(errorOf(() => parseEvalReport("{}", "m.json", "json")).detail).toMatch(/^holds no metrics/);
  });
});
