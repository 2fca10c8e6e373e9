import { closeSync, mkdtempSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zlib from "node:zlib";
import { brotliCompressSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { asyncBufferFromFile, type ColumnChunk, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { parquetWriteFile } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { PARQUET_DECOMPRESSORS } from "../../src/tabular/parquet-codecs.js";
import {
  decodeNumberColumn,
  decodeTextColumn,
  flatColumns,
  readColumnChunk,
} from "../../src/tabular/parquet-flat-columns.js";

const dir = mkdtempSync(join(tmpdir(), "slipway-flat-parquet-"));
let counter = 0;
const fileNamed = (name: string) => {
  counter += 1;
  return join(dir, `${counter}-${name}`);
};

type Cell = string | number | null;

/** Every column of a file decoded by the flat decoder, a row group at a time; undefined when it declines. */
async function decodedFlat(
  file: string,
  names: readonly string[],
  wholePages = false,
): Promise<Record<string, Cell[]> | undefined> {
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
  const flat = flatColumns(metadata, names);
  if (flat === undefined) return undefined;
  const out: Record<string, Cell[]> = Object.fromEntries(names.map((name) => [name, []]));
  const fd = openSync(file, "r");
  const text = new TextDecoder();
  try {
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      for (const [name, column] of flat) {
        const chunk = readColumnChunk(fd, group.columns[column.position] as ColumnChunk, rows);
        const cells = out[name] as Cell[];
        if (column.kind === "text") {
          const from = cells.length;
          let entries: string[] = [];
          decodeTextColumn(chunk, column, {
            text: (bytes, start, end, row) => {
              cells[from + row] = text.decode(bytes.subarray(start, end));
            },
            missing: (row) => {
              cells[from + row] = null;
            },
            // Dictionary pages whole, as a slice column takes them, when asked to.
            ...(wholePages
              ? {
                  dictionary: (bytes: Uint8Array, starts: Int32Array, ends: Int32Array) => {
                    entries = Array.from(starts, (start, k) => text.decode(bytes.subarray(start, ends[k])));
                  },
                  entries: (indices: Int32Array, levels: Uint8Array | null, rows: number, first: number) => {
                    let v = 0;
                    for (let r = 0; r < rows; r++) {
                      cells[from + first + r] =
                        levels !== null && levels[r] === 0 ? null : (entries[indices[v++] as number] as string);
                    }
                  },
                }
              : {}),
          });
        } else {
          const numbers = new Float64Array(rows);
          decodeNumberColumn(chunk, column, numbers, 0);
          for (const value of numbers) cells.push(Number.isNaN(value) ? null : value);
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** hyparquet's reading of the same file, column by column. */
async function decodedByHyparquet(file: string, names: readonly string[]): Promise<Record<string, Cell[]>> {
  const rows = await parquetReadObjects({
    file: await asyncBufferFromFile(file),
    columns: [...names],
    compressors: PARQUET_DECOMPRESSORS,
  });
  return Object.fromEntries(
    names.map((name) => [
      name,
      rows.map((row) => {
        const value = row[name];
        return value === null || value === undefined
          ? null
          : typeof value === "bigint" || typeof value === "boolean"
            ? Number(value)
            : value;
      }),
    ]),
  );
}

/** Page compressors for the codecs the writer lacks (Zstandard where this Node has it). */
const WRITE_COMPRESSORS: Record<string, (input: Uint8Array) => Uint8Array> = {
  GZIP: (input) => new Uint8Array(gzipSync(input)),
  BROTLI: (input) => new Uint8Array(brotliCompressSync(input)),
  ...(typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === "function"
    ? {
        ZSTD: (input: Uint8Array) =>
          new Uint8Array((zlib as unknown as { zstdCompressSync: (b: Uint8Array) => Buffer }).zstdCompressSync(input)),
      }
    : {}),
};

const textCell = fc.option(fc.string({ unit: fc.constantFrom("a", "b", "é", "€", "😀", "z"), maxLength: 6 }), {
  nil: null,
  freq: 4,
});

describe("the flat Parquet column decoder", () => {
  it("decodes pages of version 2 (plain or dictionary, any codec it reads, nulls anywhere) as hyparquet does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 300 }).chain((n) =>
          fc.record({
            names: fc.array(textCell, { minLength: n, maxLength: n }),
            ints: fc.array(fc.option(fc.integer({ min: -5, max: 5 }), { nil: null, freq: 5 }), {
              minLength: n,
              maxLength: n,
            }),
            doubles: fc.array(fc.option(fc.double({ noNaN: true }), { nil: null, freq: 5 }), {
              minLength: n,
              maxLength: n,
            }),
            rowGroupSize: fc.integer({ min: 1, max: n }),
            pageSize: fc.constantFrom(16, 100, 1000, 1 << 20),
            codec: fc.constantFrom("SNAPPY", "UNCOMPRESSED", ...Object.keys(WRITE_COMPRESSORS)),
            dictionary: fc.boolean(),
            nullable: fc.boolean(),
          }),
        ),
        async ({ names, ints, doubles, rowGroupSize, pageSize, codec, dictionary, nullable }) => {
          const file = fileNamed("v2.parquet");
          const encoding = dictionary ? ("RLE_DICTIONARY" as const) : ("PLAIN" as const);
          const required = (cells: readonly (string | number | null)[]) => !nullable && cells.every((c) => c !== null);
          parquetWriteFile({
            filename: file,
            rowGroupSize,
            pageSize,
            codec: codec as "SNAPPY",
            compressors: WRITE_COMPRESSORS,
            columnData: [
              { name: "text", data: names, type: "STRING", encoding, nullable: !required(names) },
              { name: "int32", data: ints, type: "INT32", encoding, nullable: !required(ints) },
              {
                name: "int64",
                data: ints.map((v) => (v === null ? null : BigInt(v) * 1_000_000_007n)),
                type: "INT64",
                nullable: !required(ints),
              },
              { name: "double", data: doubles, type: "DOUBLE", encoding, nullable: !required(doubles) },
              { name: "float", data: doubles.map((v) => (v === null ? null : Math.fround(v))), type: "FLOAT" },
              // Plain bits up to 16 values, runs (RLE) beyond.
              {
                name: "flag",
                data: ints.map((v) => (v === null ? null : v > 0)),
                type: "BOOLEAN",
                nullable: !required(ints),
              },
            ],
          });
          const columns = ["text", "int32", "int64", "double", "float", "flag"];
          const flat = await decodedFlat(file, columns);
          expect(flat).toBeDefined();
          expect(flat).toEqual(await decodedByHyparquet(file, columns));
          expect(await decodedFlat(file, columns, true)).toEqual(flat);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("decodes pages of version 1 (levels inside the compressed body) as hyparquet does", async () => {
    const parquet = createRequire(import.meta.url)("parquetjs-lite") as ParquetJs;
    for (const compression of ["UNCOMPRESSED", "SNAPPY", "GZIP"]) {
      const file = fileNamed("v1.parquet");
      const schema = new parquet.ParquetSchema({
        id: { type: "UTF8", compression },
        label: { type: "INT32", compression },
        score: { type: "DOUBLE", optional: true, compression },
        region: { type: "UTF8", optional: true, compression },
        big: { type: "INT64", optional: true, compression },
        flag: { type: "BOOLEAN", optional: true, compression },
      });
      const writer = await parquet.ParquetWriter.openFile(schema, file, { pageSize: 64, rowGroupSize: 700 });
      for (let i = 0; i < 2000; i++) {
        await writer.appendRow({
          id: `ex-${i}-é`,
          label: i % 2,
          ...(i % 7 === 0 ? {} : { score: (i % 100) / 100 }),
          ...(i % 5 === 0 ? {} : { region: ["eu", "us", "ünï"][i % 3] }),
          ...(i % 3 === 0 ? {} : { big: i * 1_000_003 }),
          ...(i % 4 === 0 ? {} : { flag: i % 3 === 1 }),
        });
      }
      await writer.close();
      const columns = ["id", "label", "score", "region", "big", "flag"];
      const flat = await decodedFlat(file, columns);
      expect(flat).toBeDefined();
      expect(flat).toEqual(await decodedByHyparquet(file, columns));
    }
  });

  it("decodes Zstandard pages as hyparquet does, with or without Node's decompressor", async () => {
    const file = join(import.meta.dirname, "../../../../test/fixtures/eval/binary-baseline.zstd.parquet");
    const columns = ["id", "label", "score", "region", "device"];
    const flat = await decodedFlat(file, columns);
    expect(flat).toBeDefined();
    expect(flat).toEqual(await decodedByHyparquet(file, columns));
  });

  it("declines columns it does not read flat: other types and annotations (booleans it reads as numbers)", async () => {
    const file = fileNamed("other.parquet");
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: "text", data: ["a", "b"], type: "STRING" },
        { name: "flag", data: [true, false], type: "BOOLEAN" },
        { name: "when", data: [new Date(0), new Date(1)], type: "TIMESTAMP" },
        { name: "json", data: [{ a: 1 }, { b: 2 }], type: "JSON" },
      ],
    });
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
    expect(flatColumns(metadata, ["text"])?.get("text")?.kind).toBe("text");
    expect(flatColumns(metadata, ["flag"])?.get("flag")?.kind).toBe("number");
    for (const name of ["when", "json"]) expect(flatColumns(metadata, ["text", name])).toBeUndefined();
  });
});

interface ParquetJs {
  ParquetSchema: new (fields: Record<string, unknown>) => unknown;
  ParquetWriter: {
    openFile(
      schema: unknown,
      file: string,
      options: Record<string, unknown>,
    ): Promise<{ appendRow(row: Record<string, unknown>): Promise<void>; close(): Promise<void> }>;
  };
}
