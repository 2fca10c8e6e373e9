import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors/input-error.js";
import { loadEvaluation, pairEvaluations } from "../../src/eval/load-evaluation.js";
import { loadPairedPredictions, pairPredictions } from "../../src/eval/pair-predictions.js";
import type { PairedPredictions } from "../../src/eval/paired-predictions.js";
import { readPredictions } from "../../src/eval/prediction-table.js";

const fixtures = join(import.meta.dirname, "../../../../test/fixtures/eval");
const dir = mkdtempSync(join(tmpdir(), "slipway-pair-"));
let counter = 0;
function temp(name: string, content: string): string {
  counter += 1;
  const file = join(dir, `${counter}-${name}`);
  writeFileSync(file, content);
  return file;
}

async function inputError(run: Promise<unknown>): Promise<InputError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

function plain(paired: PairedPredictions) {
  return {
    task: paired.task,
    n: paired.n,
    ids: [...paired.ids],
    label: [...paired.label],
    baseline: [...paired.baseline.prediction],
    candidate: [...paired.candidate.prediction],
    baselineScore: paired.baseline.score && [...paired.baseline.score],
    candidateScore: paired.candidate.score && [...paired.candidate.score],
    slices: Object.fromEntries(
      [...paired.slices].map(([name, column]) => [name, [...column.codes].map((c) => column.values[c] ?? null)]),
    ),
    unpaired: paired.unpaired,
  };
}

describe("pairing predictions by id", () => {
  it("pairs in candidate order, counts unpaired rows, and slices by the columns both files share", async () => {
    const baseline = join(fixtures, "binary-baseline.csv");
    const candidate = join(fixtures, "binary-candidate.csv");
    const paired = await loadPairedPredictions(baseline, candidate);
    expect([...paired.ids]).toEqual(["a8", "a7", "a6", "a5", "a4", "a3", "a2"]);
    expect([...paired.label]).toEqual([0, 1, 0, 1, 0, 1, 0]);
    expect([...paired.candidate.prediction]).toEqual([0, 1, 0, 1, 0, 1, 0]);
    expect([...paired.baseline.prediction]).toEqual([1, 0, 0, 1, 1, 0, 0]);
    expect([...paired.baseline.score!]).toEqual([0.65, 0.35, 0.1, 0.8, 0.55, 0.45, 0.2]);
    expect([...paired.slices.keys()]).toEqual(["region"]);
    expect(paired.unpaired).toEqual({ baselineOnly: 1, candidateOnly: 1 });
    expect(plain(pairPredictions(await readPredictions(baseline), await readPredictions(candidate)))).toEqual(
      plain(paired),
    );
  });

  it("gives the same paired arrays, in candidate order, whatever the baseline's row order", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: `e${i}`,
      label: i % 2,
      score: ((i * 37) % 100) / 100,
      region: ["eu", "us", 'a "quoted", region'][i % 3],
    }));
    const candidate = temp("cand.csv", Papa.unparse(rows.map((r) => ({ ...r, score: 1 - r.score }))));
    const reference = plain(await loadPairedPredictions(temp("base.csv", Papa.unparse(rows)), candidate));
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }),
        async (shuffled) => {
          const paired = await loadPairedPredictions(temp("base.csv", Papa.unparse(shuffled)), candidate);
          expect(plain(paired)).toEqual(reference);
        },
      ),
      { numRuns: 15 },
    );
    expect(reference.ids).toEqual(rows.map((r) => r.id));
  });

  it("names the id and both rows when the candidate repeats an id", async () => {
    const baseline = join(fixtures, "binary-baseline.csv");
    const candidate = temp("dup.csv", "id,label,score\na1,1,0.9\na2,0,0.2\na1,1,0.8\n");
    const error = await inputError(loadPairedPredictions(baseline, candidate));
    expect(error.message).toBe(`${candidate}: row 3: repeats the id "a1" first seen at row 1; expected each id once`);
  });

  it("rejects a candidate whose ground truth differs from the baseline's", async () => {
    const baseline = join(fixtures, "binary-baseline.csv");
    const candidate = temp("relabel.csv", "id,label,score\na1,0,0.9\n");
    const error = await inputError(loadPairedPredictions(baseline, candidate));
    expect(error.message).toBe(
      `${candidate}: row 1: has a label for id "a1" that differs from the baseline's (${baseline}: row 1); expected the same ground truth in both files`,
    );
  });

  it("rejects baseline and candidate of different tasks", async () => {
    const candidate = temp("multi.csv", "id,label,prediction\na1,cat,dog\n");
    const error = await inputError(loadPairedPredictions(join(fixtures, "binary-baseline.csv"), candidate));
    expect(error.detail).toMatch(/^is multiclass-classification but the baseline .* is binary-classification/);
  });

  it("merges the class lists of two multiclass files", async () => {
    const baseline = temp("mb.csv", "id,label,prediction\nx,cat,cat\ny,dog,cat\n");
    const candidate = temp("mc.csv", "id,label,prediction\ny,dog,bird\nx,cat,cat\n");
    const paired = await loadPairedPredictions(baseline, candidate);
    expect(paired.classes).toEqual(["bird", "cat", "dog"]);
    expect([...paired.label]).toEqual([2, 1]);
    expect([...paired.candidate.prediction]).toEqual([0, 1]);
    expect([...paired.baseline.prediction]).toEqual([1, 1]);
  });
});

describe("loadEvaluation", () => {
  it("follows an eval report's predictions glob and pairs it against a predictions file", async () => {
    const candidate = await loadEvaluation(join(fixtures, "report.json"));
    expect(candidate.kind).toBe("slipway-eval");
    expect(candidate.predictionFiles).toHaveLength(3);
    const baseline = await loadEvaluation(join(fixtures, "binary-candidate.csv"), { task: "binary-classification" });
    expect(baseline.kind).toBe("predictions");
    const paired = await pairEvaluations(baseline, candidate);
    expect(paired?.n).toBe(7);
    expect(paired?.unpaired).toEqual({ baselineOnly: 1, candidateOnly: 1 });
  });

  it("returns no pairing for a metrics-only evaluation", async () => {
    const metrics = await loadEvaluation(join(fixtures, "metrics.toml"));
    expect(metrics.kind).toBe("metrics");
    expect(await pairEvaluations(metrics, await loadEvaluation(join(fixtures, "report.yaml")))).toBeNull();
  });

  it("names the report line whose predictions path does not exist", async () => {
    const report = temp("r.yaml", "schema: slipway/eval@1\nmetrics: {a: 1}\npredictions: missing.csv\n");
    const error = await inputError(loadEvaluation(report));
    expect(error.location).toEqual({ file: report, line: 3, column: 1 });
    expect(error.detail).toContain("missing.csv, which does not exist");
  });
});
