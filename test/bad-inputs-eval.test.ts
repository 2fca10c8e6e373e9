import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../packages/core/src/errors/input-error.js";
import { readEvalFile } from "../packages/core/src/eval/eval-report.js";
import { loadEvaluation, pairEvaluations } from "../packages/core/src/eval/load-evaluation.js";
import { loadPairedPredictions } from "../packages/core/src/eval/pair-predictions.js";
import { readPredictions } from "../packages/core/src/eval/prediction-table.js";
import type { Task } from "../packages/core/src/eval/task.js";

interface BadInput {
  readonly file: string;
  readonly read: "eval" | "evaluation" | "predictions" | "pair" | "evaluations";
  readonly task?: Task;
  readonly baseline?: string;
  readonly expect: string;
  readonly line?: number | null;
  readonly row?: number | null;
  readonly column?: number;
}

const corpus = join(import.meta.dirname, "bad-inputs/eval");
const { cases } = JSON.parse(readFileSync(join(corpus, "cases.json"), "utf8")) as { cases: BadInput[] };

async function open(entry: BadInput): Promise<unknown> {
  const file = join(corpus, entry.file);
  const baseline = entry.baseline === undefined ? "" : join(corpus, entry.baseline);
  switch (entry.read) {
    case "eval":
      return readEvalFile(file);
    case "evaluation":
      return loadEvaluation(file);
    case "predictions":
      return readPredictions(file, entry.task ? { task: entry.task } : {});
    case "pair":
      return loadPairedPredictions(baseline, file);
    case "evaluations":
      return pairEvaluations(await loadEvaluation(baseline), await loadEvaluation(file));
  }
}

/** Runs a read and returns what it threw (one error: a promise rejects at most once). */
async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectOneClearLine(error: unknown, file: string): InputError {
  expect(error).toBeInstanceOf(InputError);
  const inputError = error as InputError;
  expect(inputError.message.split("\n")).toHaveLength(1);
  expect(inputError.message.startsWith(file)).toBe(true);
  expect(inputError.message).toMatch(/expected/);
  expect(inputError.message.length).toBeLessThan(400);
  return inputError;
}

describe("bad evaluation inputs", () => {
  it("has a corpus of at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const entry of cases) {
    it(`rejects ${entry.file} with one clear error at its ${entry.row ? "row" : "line"}`, async () => {
      const file = join(corpus, entry.file);
      const error = expectOneClearLine(await thrown(() => open(entry)), file);
      expect(error.detail).toContain(entry.expect);
      expect(error.location?.file).toBe(file);
      expect(error.location?.line ?? null).toBe(entry.line ?? null);
      expect(error.location?.row ?? null).toBe(entry.row ?? null);
      if (entry.column !== undefined) expect(error.location?.column).toBe(entry.column);
      if (entry.line) expect(error.message.startsWith(`${file}:${entry.line}`)).toBe(true);
      if (entry.row) expect(error.message.startsWith(`${file}: row ${entry.row}: `)).toBe(true);
    });
  }

  it("keeps the message short when a metric is a multi-megabyte string", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-bad-"));
    const file = join(dir, "huge.json");
    writeFileSync(file, `{\n  "accuracy": 0.9,\n  "notes": ${JSON.stringify("x".repeat(5_000_000))}\n}\n`);
    const error = expectOneClearLine(await thrown(() => readEvalFile(file)), file);
    expect(error.location).toEqual({ file, line: 3, column: 3 });
    expect(error.detail).toMatch(/^"notes" is "x{40}…"; expected a number$/);
  });

  it("keeps the message short when a label is a multi-megabyte cell", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-bad-"));
    const file = join(dir, "huge.csv");
    writeFileSync(file, `id,label,score\na,1,0.5\nb,${"y".repeat(3_000_000)},0.5\n`);
    const error = expectOneClearLine(
      await thrown(() => readPredictions(file, { task: "binary-classification" })),
      file,
    );
    expect(error.location).toEqual({ file, row: 2 });
  });
});
