import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { parquetWriteFile } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors/input-error.js";
import { type PredictionTable, readPredictions } from "../../src/eval/prediction-table.js";

const fixtures = join(import.meta.dirname, "../../../../test/fixtures/eval");
const dir = mkdtempSync(join(tmpdir(), "slipway-preds-"));
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

function plain(table: PredictionTable) {
  return {
    task: table.task,
    ids: Array.from({ length: table.n }, (_, i) => table.ids.get(i)),
    label: [...table.label],
    prediction: [...table.prediction],
    score: table.score && [...table.score],
    slices: Object.fromEntries(
      [...table.slices].map(([name, column]) => [
        name,
        column.values.map((v, c) => [v, [...column.codes].filter((x) => x === c).length]),
      ]),
    ),
  };
}

describe("readPredictions", () => {
  it("reads a binary CSV: prediction is score >= 0.5, slices are dictionary-encoded", async () => {
    const table = await readPredictions(join(fixtures, "binary-baseline.csv"));
    expect(table.task).toBe("binary-classification");
    expect(table.taskInferred).toBe(true);
    expect(table.n).toBe(8);
    expect([...table.label]).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expect([...table.prediction]).toEqual([1, 0, 0, 1, 1, 0, 0, 1]);
    const region = table.slices.get("region");
    expect(region?.values).toEqual(["asia, south", "eu", "us"]);
    expect([...(region?.codes ?? [])]).toEqual([1, 1, 2, 2, 0, 1, 2, 0]);
    expect([...(table.slices.get("device")?.codes ?? [])]).toEqual([1, 0, 1, 0, 1, -1, 0, 1]);
  });

  it("applies a configured threshold", async () => {
    const table = await readPredictions(join(fixtures, "binary-baseline.csv"), { threshold: 0.3 });
    expect([...table.prediction]).toEqual([1, 0, 1, 1, 1, 0, 1, 1]);
  });

  /** The baseline fixture's columns, for writing it as Parquet. */
  const baselineColumns = () => {
    const rows = readFileSync(join(fixtures, "binary-baseline.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    return [
      { name: "id", data: rows.map((r) => r.id), type: "STRING" as const },
      { name: "label", data: Int32Array.from(rows.map((r) => r.label)), type: "INT32" as const },
      { name: "score", data: Float64Array.from(rows.map((r) => r.score)), type: "DOUBLE" as const },
      { name: "region", data: rows.map((r) => r.region), type: "STRING" as const },
      { name: "device", data: rows.map((r) => r.device), type: "STRING" as const, nullable: true },
    ];
  };

  it("reads the same table from CSV, JSONL and Parquet", async () => {
    const csv = await readPredictions(join(fixtures, "binary-baseline.csv"));
    const jsonl = await readPredictions(join(fixtures, "binary-baseline.jsonl"));
    const file = join(dir, "binary.parquet");
    parquetWriteFile({
      filename: file,
      rowGroupSize: 3,
      columnData: baselineColumns(),
    });
    const parquet = await readPredictions(file);
    expect(plain(jsonl)).toEqual(plain(csv));
    expect(plain(parquet)).toEqual(plain(csv));
  });

  it("reads Parquet pages compressed with GZIP, Brotli or Zstandard", async () => {
    const csv = await readPredictions(join(fixtures, "binary-baseline.csv"));
    for (const [codec, compress] of [
      ["GZIP", gzipSync],
      ["BROTLI", brotliCompressSync],
    ] as const) {
      const file = join(dir, `binary-${codec}.parquet`);
      parquetWriteFile({
        filename: file,
        rowGroupSize: 3,
        codec,
        compressors: { [codec]: (input: Uint8Array) => new Uint8Array(compress(input)) },
        columnData: baselineColumns(),
      });
      expect(plain(await readPredictions(file))).toEqual(plain(csv));
    }
    // Written where Node has a Zstandard compressor; read here with or without Node's decompressor.
    expect(plain(await readPredictions(join(fixtures, "binary-baseline.zstd.parquet")))).toEqual(plain(csv));
  });

  it("reads a glob of shards as the single file they were cut from", async () => {
    const whole = await readPredictions(join(fixtures, "binary-baseline.csv"));
    const shards = await readPredictions(join(fixtures, "shards/part-*.csv"));
    expect(plain(shards)).toEqual(plain(whole));
    expect(shards.files).toHaveLength(3);
    expect(shards.locate(4)).toEqual({ file: join(fixtures, "shards/part-1.csv"), row: 2 });
  });

  it("says which glob matched nothing", async () => {
    const glob = join(fixtures, "shards/nothing-*.csv");
    expect((await inputError(readPredictions(glob))).message).toBe(
      `${glob}: matches no files; expected a glob matching one or more prediction shards`,
    );
  });

  it("reads multiclass scores from score.<class> columns and sorts the classes", async () => {
    const table = await readPredictions(join(fixtures, "multiclass.csv"));
    expect(table.task).toBe("multiclass-classification");
    expect(table.classes).toEqual(["bird", "cat", "dog"]);
    expect([...table.label]).toEqual([1, 2, 0, 1]);
    expect([...table.prediction]).toEqual([1, 2, 0, 2]);
    expect(table.score?.subarray(0, 3)).toEqual(Float64Array.from([0.1, 0.7, 0.2]));
    expect([...table.slices.keys()]).toEqual(["split"]);
  });

  it("reads multiclass scores given as a JSON list per line", async () => {
    const table = await readPredictions(join(fixtures, "multiclass.jsonl"));
    expect(table.task).toBe("multiclass-classification");
    expect(table.classes).toEqual(["0", "1", "2"]);
    expect([...table.prediction]).toEqual([0, 1, 2]);
    expect(table.locate(2)).toEqual({ file: join(fixtures, "multiclass.jsonl"), row: 3 });
  });

  it("infers regression and generation, and lets an explicit task win", async () => {
    const regression = await readPredictions(join(fixtures, "regression.csv"));
    expect(regression.task).toBe("regression");
    expect([...regression.prediction]).toEqual([3.1, 9.75, -1]);
    const generation = await readPredictions(join(fixtures, "generation.jsonl"));
    expect(generation.task).toBe("generation");
    expect([...generation.prediction]).toEqual([1, 0, 1]);
    expect([...(generation.score ?? [])]).toEqual([0.9, 0.4, 0.7]);
    expect(generation.label.every(Number.isNaN)).toBe(true);
    const file = temp("ints.csv", "id,label,prediction\na,0,1\nb,1,1\n");
    expect((await readPredictions(file)).task).toBe("binary-classification");
    expect((await readPredictions(file, { task: "regression" })).task).toBe("regression");
  });

  it("names the id and both rows of a duplicate id", async () => {
    const file = temp("dup.csv", "id,label,score\na,1,0.9\nb,0,0.1\nc,1,0.6\nb,1,0.7\n");
    const error = await inputError(readPredictions(file));
    expect(error.message).toBe(`${file}: row 4: repeats the id "b" first seen at row 2; expected each id once`);
  });

  it("rejects labels outside {0,1} and scores outside [0,1] for binary classification", async () => {
    const label = temp("label.csv", "id,label,score\na,1,0.9\nb,2,0.1\n");
    expect((await inputError(readPredictions(label, { task: "binary-classification" }))).message).toBe(
      `${label}: row 2: has "label" "2"; expected 0 or 1 for binary-classification`,
    );
    const score = temp("score.csv", "id,label,score\na,1,1.5\n");
    expect((await inputError(readPredictions(score))).message).toContain(
      `${score}: row 1: has "score" "1.5"; expected a probability between 0 and 1`,
    );
  });

  it("says which required column is missing and which columns exist", async () => {
    const file = temp("nolabel.csv", "id,score,region\na,0.5,eu\n");
    expect((await inputError(readPredictions(file, { task: "binary-classification" }))).message).toBe(
      `${file}:1: has no "label" column; expected one for binary-classification (the file has the columns "id", "score", "region")`,
    );
  });
});
