import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parquetWriteFile } from "hyparquet-writer";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors/input-error.js";
import { PARQUET_BATCH_ROWS } from "../../src/tabular/parquet-table.js";
import { readTable, readTableHeader } from "../../src/tabular/read-table.js";
import type { TableBatch } from "../../src/tabular/table-batch.js";

const dir = mkdtempSync(join(tmpdir(), "slipway-tables-"));
let counter = 0;
function temp(name: string, content: string | Uint8Array): string {
  counter += 1;
  const file = join(dir, `${counter}-${name}`);
  writeFileSync(file, content);
  return file;
}

/** Reads every cell of every column into plain rows, with each row's location. */
async function readAll(file: string) {
  const rows: Record<string, unknown>[] = [];
  const locations: unknown[] = [];
  let columns: readonly string[] = [];
  const header = await readTable(file, {
    onBatch(batch: TableBatch) {
      for (let r = 0; r < batch.length; r += 1) {
        const row: Record<string, unknown> = {};
        for (const name of columns) row[name] = batch.column(name)?.[r];
        rows.push(row);
        locations.push(batch.locate(r));
      }
    },
    onHeader(read) {
      columns = read.columns;
    },
  });
  return { header, rows, locations };
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

describe("CSV tables", () => {
  it("round-trips any table whose text cells hold quotes, commas and newlines", async () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r\n", " ", "é", "x"), maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 30 }), async (cells) => {
        const data = cells.map(([a, b], i) => ({ id: `r${i}`, slice: a, other: b }));
        const file = temp("prop.csv", Papa.unparse(data, { columns: ["id", "slice", "other"] }));
        const { rows, locations } = await readAll(file);
        expect(rows).toEqual(data);
        expect(locations).toEqual(data.map((_, i) => ({ file, row: i + 1 })));
      }),
      { numRuns: 60 },
    );
  });

  it("names the data row of a ragged line and how many fields the header has", async () => {
    const file = temp("ragged.csv", "id,label\na,1\nb,0,extra\n");
    const error = await inputError(readAll(file));
    expect(error.message).toBe(`${file}: row 2: has 3 fields; expected 2, as in the header`);
  });

  it("reports invalid UTF-8 at its line instead of replacing it", async () => {
    const file = temp(
      "latin1.csv",
      Buffer.concat([Buffer.from("id,label\na,1\n"), Buffer.from([0x62, 0xe9, 0x2c, 0x30, 0x0a])]),
    );
    const error = await inputError(readAll(file));
    expect(error.location).toEqual({ file, line: 3 });
    expect(error.detail).toContain("not valid UTF-8");
  });

  it("reads only the header when asked", async () => {
    const file = temp("h.csv", "id,label,region\na,1,eu\n");
    expect((await readTableHeader(file)).columns).toEqual(["id", "label", "region"]);
  });
});

describe("JSONL tables", () => {
  it("skips blank lines and locates rows by line", async () => {
    const file = temp("a.jsonl", '{"id": "a", "v": 1}\n\n{"id": "b"}\n');
    const { rows, locations } = await readAll(file);
    expect(rows).toEqual([
      { id: "a", v: 1 },
      { id: "b", v: undefined },
    ]);
    expect(locations).toEqual([
      { file, line: 1 },
      { file, line: 3 },
    ]);
  });

  it("reports a broken line with its line number and column", async () => {
    const file = temp("broken.jsonl", '{"id": "a"}\n{"id": "b",}\n');
    const error = await inputError(readAll(file));
    expect(error.location).toEqual({ file, line: 2, column: 12 });
    expect(error.detail).toMatch(/^is not valid JSON .*; expected one JSON object per line$/);
  });

  it("rejects a key the first record does not have", async () => {
    const file = temp("keys.jsonl", '{"id": "a"}\n{"id": "b", "region": "eu"}\n');
    expect((await inputError(readAll(file))).detail).toContain(
      'has the key "region", which the first record (line 1) lacks',
    );
  });
});

describe("Parquet tables", () => {
  it("reads every row group, in order, with 1-based rows", async () => {
    const file = join(dir, "groups.parquet");
    const n = 2500;
    parquetWriteFile({
      filename: file,
      rowGroupSize: 1000,
      columnData: [
        { name: "id", data: Array.from({ length: n }, (_, i) => `id${i}`), type: "STRING" },
        { name: "score", data: Float64Array.from({ length: n }, (_, i) => i / n), type: "DOUBLE" },
      ],
    });
    const starts: number[] = [];
    let seen = 0;
    const header = await readTable(file, {
      columns: ["score"],
      onBatch(batch) {
        starts.push(batch.rowStart);
        expect(batch.column("id")).toBeUndefined();
        const scores = batch.column("score") as ArrayLike<number>;
        for (let r = 0; r < batch.length; r += 1) expect(scores[r]).toBe((batch.rowStart + r) / n);
        expect(batch.locate(0)).toEqual({ file, row: batch.rowStart + 1 });
        seen += batch.length;
      },
    });
    expect(header.rowCount).toBe(n);
    expect(starts).toEqual([0, 1000, 2000]);
    expect(seen).toBe(n);
  });

  it("reads files of many small pages, across batches and row groups, exactly as written", async () => {
    // Batches of PARQUET_BATCH_ROWS cut across pages, which are decoded once and shared by the batches.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 * PARQUET_BATCH_ROWS }),
        fc.integer({ min: 1_000, max: 2 * PARQUET_BATCH_ROWS }),
        fc.constantFrom(512, 4_096, 65_536),
        fc.integer({ min: 0, max: 1_000 }),
        async (n, rowGroupSize, pageSize, seed) => {
          const file = join(dir, `pages-${n}-${rowGroupSize}-${pageSize}-${seed}.parquet`);
          const text = Array.from({ length: n }, (_, i) => ((i + seed) % 7 === 0 ? null : `v${(i * 31 + seed) % 997}`));
          const real = Float64Array.from({ length: n }, (_, i) => Math.sin(i + seed));
          const flag = Array.from({ length: n }, (_, i) => (i * seed) % 3 === 0);
          const count = Array.from({ length: n }, (_, i) => ((i + seed) % 11 === 0 ? null : (i * 7) % 1_000));
          parquetWriteFile({
            filename: file,
            rowGroupSize,
            pageSize,
            columnData: [
              { name: "text", data: text, type: "STRING" },
              { name: "real", data: real, type: "DOUBLE" },
              { name: "flag", data: flag, type: "BOOLEAN" },
              { name: "count", data: count, type: "INT32" },
            ],
          });
          const read = { text: [] as unknown[], real: [] as unknown[], flag: [] as unknown[], count: [] as unknown[] };
          let next = 0;
          await readTable(file, {
            onBatch(batch) {
              expect(batch.rowStart).toBe(next);
              expect(batch.length).toBeLessThanOrEqual(Math.max(PARQUET_BATCH_ROWS, rowGroupSize));
              next += batch.length;
              for (const name of ["text", "real", "flag", "count"] as const) {
                const cells = batch.column(name) as ArrayLike<unknown>;
                expect(cells.length).toBe(batch.length);
                for (let r = 0; r < batch.length; r += 1) read[name].push(cells[r]);
              }
            },
          });
          expect(next).toBe(n);
          expect(read.text).toEqual(text);
          expect(read.real).toEqual([...real]);
          expect(read.flag).toEqual(flag);
          expect(read.count).toEqual(count);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("rejects a truncated file as not a complete Parquet file", async () => {
    const file = join(dir, "whole.parquet");
    parquetWriteFile({ filename: file, columnData: [{ name: "id", data: ["a", "b"], type: "STRING" }] });
    const bytes = (await import("node:fs")).readFileSync(file);
    const cut = temp("cut.parquet", bytes.subarray(0, bytes.length - 10));
    const error = await inputError(readAll(cut));
    expect(error.message).toMatch(
      /: is not a readable Parquet file \(.*\); expected a complete file ending in the Parquet footer$/,
    );
  });
});
