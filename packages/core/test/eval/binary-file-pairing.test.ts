import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parquetWriteFile } from "hyparquet-writer";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { binaryFromBytes, numberFromBytes } from "../../src/eval/binary-cells.js";
import { pairBinaryPredictionFiles } from "../../src/eval/binary-file-pairing.js";
import { loadPairedPredictions, pairPredictions } from "../../src/eval/pair-predictions.js";
import type { PairedPredictions } from "../../src/eval/paired-predictions.js";
import { readPredictions } from "../../src/eval/prediction-table.js";
import { cellBinary, cellNumber } from "../../src/tabular/cell-value.js";
import { NotPlainCsv, scanPlainCsv } from "../../src/tabular/plain-csv-rows.js";

const dir = mkdtempSync(join(tmpdir(), "slipway-typed-pair-"));
let counter = 0;
function temp(name: string, content: string): string {
  counter += 1;
  const file = join(dir, `${counter}-${name}`);
  writeFileSync(file, content);
  return file;
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
    slices: Object.fromEntries([...paired.slices].map(([name, column]) => [name, column])),
    unpaired: paired.unpaired,
  };
}

/** The general reader's answer: both files read whole, then paired in memory. */
async function generalPairing(baseline: string, candidate: string): Promise<PairedPredictions> {
  return pairPredictions(await readPredictions(baseline), await readPredictions(candidate));
}

interface Row {
  id: string;
  label: number;
  score: number;
  region: string;
  tier: string;
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function syntheticRows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `ex-${String(i).padStart(7, "0")}`,
    label: (i * 7) % 3 === 0 ? 1 : 0,
    score: ((i * 7919) % 10_007) / 10_007,
    region: ["eu", "us", "apac", "", "latam"][i % 5] as string,
    tier: `t${(i * 31) % 17}`,
  }));
}

function writeCsv(name: string, rows: readonly Row[]): string {
  const lines = rows.map((r) => `${r.id},${r.label},${r.score},${r.region},${r.tier}`);
  return temp(name, `id,label,score,region,tier\n${lines.join("\n")}\n`);
}

function writeParquet(name: string, rows: readonly Row[], label: "INT32" | "BOOLEAN" = "INT32"): string {
  counter += 1;
  const file = join(dir, `${counter}-${name}`);
  parquetWriteFile({
    filename: file,
    rowGroupSize: 50_000,
    columnData: [
      { name: "id", data: rows.map((r) => r.id), type: "STRING" },
      label === "INT32"
        ? { name: "label", data: rows.map((r) => r.label), type: "INT32" }
        : { name: "label", data: rows.map((r) => r.label === 1), type: "BOOLEAN" },
      { name: "score", data: rows.map((r) => r.score), type: "DOUBLE" },
      { name: "region", data: rows.map((r) => (r.region === "" ? null : r.region)), type: "STRING" },
      { name: "tier", data: rows.map((r) => r.tier), type: "STRING" },
    ],
  });
  return file;
}

describe("typed pairing of large binary prediction files", () => {
  const rows = syntheticRows(200_000);
  // Each side misses a few ids the other has, so unpaired rows are counted on both sides.
  const baselineRows = rows.filter((_, i) => i % 997 !== 1);
  const candidateRows = rows.map((r) => ({ ...r, score: 1 - r.score })).filter((_, i) => i % 991 !== 2);

  for (const [format, write] of [
    ["CSV", writeCsv],
    ["Parquet", writeParquet],
    ["Parquet (boolean labels)", (name: string, rows: readonly Row[]) => writeParquet(name, rows, "BOOLEAN")],
  ] as const) {
    it(`pairs 200,000 shuffled ${format} rows exactly as the general reader does`, async () => {
      const extension = format === "CSV" ? "csv" : "parquet";
      const candidate = write(`cand.${extension}`, shuffle(candidateRows, 7));
      let reference: ReturnType<typeof plain> | undefined;
      for (const seed of [1, 2]) {
        const baseline = write(`base.${extension}`, shuffle(baselineRows, seed));
        const typed = await pairBinaryPredictionFiles(baseline, candidate);
        expect(typed).toBeDefined();
        const result = plain(typed as PairedPredictions);
        reference ??= plain(await generalPairing(baseline, candidate));
        expect(result).toEqual(reference);
      }
      expect(reference?.unpaired).toEqual({
        baselineOnly: baselineRows.length - (reference?.n ?? 0),
        candidateOnly: candidateRows.length - (reference?.n ?? 0),
      });
    }, 60_000);
  }

  it("gives the general reader's pairing on small files of any content it accepts", async () => {
    const cell = fc.oneof(
      fc.constantFrom("", "eu", "us", "né", "1", "1.0", "x y"),
      fc.string({ unit: "grapheme-ascii", maxLength: 4 }).filter((s) => !/["\r\n,]/.test(s)),
    );
    const score = fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }).map(String),
      fc.constantFrom("0", "1", ".5", "0.30000000000000004", "1e-3", "5e-1", " 0.25", "0.1234567890123456789"),
    );
    const row = fc.record({ id: fc.integer({ min: 0, max: 30 }), score, slice: cell, withPrediction: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(row, { selector: (r) => r.id, minLength: 1, maxLength: 25 }),
        fc.uniqueArray(row, { selector: (r) => r.id, minLength: 1, maxLength: 25 }),
        async (baseRows, candRows) => {
          const text = (rs: typeof baseRows) =>
            `id,label,score,segment\n${rs.map((r) => `id-${r.id},${r.id % 2},${r.score},${r.slice}`).join("\n")}\n`;
          const baseline = temp("b.csv", text(baseRows));
          const candidate = temp("c.csv", text(candRows));
          const shared = candRows.some((c) => baseRows.some((b) => b.id === c.id));
          const typed = await pairBinaryPredictionFiles(baseline, candidate);
          if (!shared) {
            expect(typed).toBeUndefined();
            return;
          }
          expect(typed).toBeDefined();
          expect(plain(typed as PairedPredictions)).toEqual(plain(await generalPairing(baseline, candidate)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps a slice column of a few hundred values in two-byte codes, as the general reader does", async () => {
    const text = (order: readonly number[]) =>
      `id,label,score,cohort\n${order.map((i) => `id-${i},${i % 2},${(i % 97) / 97},c${i % 300}`).join("\n")}\n`;
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    const baseline = temp("b.csv", text(ids));
    const candidate = temp("c.csv", text(shuffle(ids, 5)));
    const typed = (await pairBinaryPredictionFiles(baseline, candidate)) as PairedPredictions;
    expect(typed.slices.get("cohort")?.codes).toBeInstanceOf(Int16Array);
    expect(plain(typed)).toEqual(plain(await generalPairing(baseline, candidate)));
  });

  it("leaves an id repeated a batch of rows later to the general reader", async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `id-${i},${i % 2},0.5`);
    const repeatedBaseline = temp("b.csv", `id,label,score\n${[...rows, "id-3,1,0.5"].join("\n")}\n`);
    const candidate = temp("c.csv", `id,label,score\n${rows.join("\n")}\n`);
    expect(await pairBinaryPredictionFiles(repeatedBaseline, candidate)).toBeUndefined();
    const baseline = temp("b.csv", `id,label,score\n${rows.join("\n")}\n`);
    const repeatedCandidate = temp("c.csv", `id,label,score\n${[...rows, "id-2000,0,0.5"].join("\n")}\n`);
    expect(await pairBinaryPredictionFiles(baseline, repeatedCandidate)).toBeUndefined();
    expect((await pairBinaryPredictionFiles(baseline, candidate))?.n).toBe(2500);
  });

  it("leaves quoted CSV, repeated ids and mismatched labels to the general reader and its errors", async () => {
    const baseline = temp("b.csv", "id,label,score\na,1,0.9\nb,0,0.2\n");
    const quoted = temp("q.csv", 'id,label,score\n"a",1,0.8\nb,0,0.1\n');
    expect(await pairBinaryPredictionFiles(baseline, quoted)).toBeUndefined();
    expect((await loadPairedPredictions(baseline, quoted)).n).toBe(2);

    const repeated = temp("r.csv", "id,label,score\na,1,0.8\na,1,0.7\n");
    expect(await pairBinaryPredictionFiles(baseline, repeated)).toBeUndefined();
    await expect(loadPairedPredictions(baseline, repeated)).rejects.toThrow(
      `${repeated}: row 2: repeats the id "a" first seen at row 1; expected each id once`,
    );

    const relabelled = temp("l.csv", "id,label,score\nb,1,0.8\n");
    expect(await pairBinaryPredictionFiles(baseline, relabelled)).toBeUndefined();
    await expect(loadPairedPredictions(baseline, relabelled)).rejects.toThrow(/differs from the baseline's/);

    const multiclass = temp("m.csv", "id,label,score\na,cat,0.8\n");
    expect(await pairBinaryPredictionFiles(baseline, multiclass)).toBeUndefined();
  });
});

describe("reading CSV cells from bytes", () => {
  const bytesOf = (text: string) => new TextEncoder().encode(text);

  it("reads a number exactly as the text reader does", () => {
    const text = fc.oneof(
      fc.double({ noNaN: true }).map(String),
      fc.stringMatching(/^-?[0-9]{0,18}(\.[0-9]{0,18})?$/),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(text, (value) => {
        const bytes = bytesOf(`,${value},`);
        expect(Object.is(numberFromBytes(bytes, 1, bytes.length - 1), cellNumber(value))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads 0/1 cells exactly as the text reader does", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom("0", "1", "true", " FALSE", "1.0", "2", ""), fc.string()), (value) => {
        const bytes = bytesOf(value);
        expect(binaryFromBytes(bytes, 0, bytes.length)).toBe(cellBinary(value));
      }),
    );
  });
});

describe("scanning plain CSV", () => {
  async function scanned(text: string, chunkBytes: number): Promise<string[][]> {
    const file = temp("s.csv", text);
    const header =
      text
        .replace(/^\uFEFF/, "")
        .split("\n")[0]
        ?.split(",") ?? [];
    const rows: string[][] = [];
    scanPlainCsv(
      file,
      header,
      (bytes, ends, count) => {
        for (let r = 0; r < count; r += 1) {
          const at = r * header.length;
          rows.push(
            header.map((_, k) =>
              Buffer.from(bytes.subarray((ends[at + k] as number) + 1, ends[at + k + 1])).toString("utf8"),
            ),
          );
        }
      },
      chunkBytes,
    );
    return rows;
  }

  const plainField = fc.string({ unit: "grapheme", maxLength: 5 }).filter((s) => !/["\r\n,]/.test(s));

  /** Lines of `width` fields, some empty lines among them, some rows of another width when `ragged`. */
  const plainLines = (width: number, maxRows: number, ragged: boolean) =>
    fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.array(plainField, { minLength: width, maxLength: width }) },
        { weight: 1, arbitrary: fc.constant([] as string[]) },
        {
          weight: ragged ? 1 : 0,
          arbitrary: fc.array(plainField, { minLength: Math.max(1, width - 1), maxLength: width + 1 }),
        },
      ),
      { maxLength: maxRows },
    );

  /** What the full reader gives: papaparse's rows, empty lines skipped; null where a row's width differs. */
  function expectedRows(text: string, width: number): string[][] | null {
    const rows = (Papa.parse<string[]>(text, { skipEmptyLines: true }).data as string[][]).slice(1);
    return rows.every((row) => row.length === width) ? rows : null;
  }

  async function scannedOrNull(text: string, chunkBytes: number): Promise<string[][] | null> {
    try {
      return await scanned(text, chunkBytes);
    } catch (error) {
      if (error instanceof NotPlainCsv) return null;
      throw error;
    }
  }

  it("gives papaparse's rows whatever the chunk size, and declines rows of another width", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 4 })
          .chain((width) =>
            fc.tuple(fc.constant(width), plainLines(width, 12, true), fc.integer({ min: 1, max: 64 }), fc.boolean()),
          ),
        async ([width, lines, chunkBytes, finalNewline]) => {
          const header = Array.from({ length: width }, (_, k) => `c${k}`).join(",");
          const text = `${header}\n${lines.map((r) => r.join(",")).join("\n")}${finalNewline ? "\n" : ""}`;
          // A lone empty field is an empty line to both readers.
          fc.pre(width > 1 || lines.every((line) => line.length !== 1 || line[0] !== ""));
          expect(await scannedOrNull(text, chunkBytes)).toEqual(expectedRows(text, width));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives papaparse's rows across batches of rows, empty lines anywhere among them", async () => {
    await fc.assert(
      fc.asyncProperty(plainLines(3, 3000, false), fc.boolean(), async (lines, finalNewline) => {
        const text = `a,b,c\n${lines.map((r) => r.join(",")).join("\n")}${finalNewline ? "\n" : ""}`;
        expect(await scannedOrNull(text, 1 << 12)).toEqual(expectedRows(text, 3));
      }),
      { numRuns: 20 },
    );
  });

  it("declines text that is not plain CSV", async () => {
    for (const text of ['a,b\n1,"2"\n', "a,b\r\n1,2\r\n", "a,b\n1,2,3\n", "a,b\n1\n"]) {
      await expect(scanned(text, 4)).rejects.toBeInstanceOf(NotPlainCsv);
    }
  });
});
