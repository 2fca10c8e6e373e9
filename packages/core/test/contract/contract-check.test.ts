import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { checkDataset } from "../../src/contract/check-dataset.js";
import { contractAnnotations } from "../../src/contract/contract-annotations.js";
import { ContractCheck } from "../../src/contract/contract-check.js";
import { parseContract } from "../../src/contract/load-contract.js";
import type { Violation } from "../../src/contract/violation.js";
import { memoryTable } from "./memory-table.js";

const dir = mkdtempSync(join(tmpdir(), "slipway-contract-"));
let counter = 0;
function temp(name: string, content: string | Uint8Array): string {
  counter += 1;
  const file = join(dir, `${counter}-${name}`);
  writeFileSync(file, content);
  return file;
}

const CONTRACT_FILE = "data.contract.yml";
const contractOf = (yaml: string) => parseContract(yaml, CONTRACT_FILE);

async function check(yaml: string, csv: string) {
  const file = temp("data.csv", csv);
  return { file, result: await checkDataset(contractOf(yaml), [file]) };
}

/** Rule, column, count and the examples' rows of each violation, for compact expectations. */
function summary(violations: readonly Violation[]) {
  return violations.map((v) => ({
    rule: v.rule,
    column: v.column,
    count: v.count,
    rows: v.examples.map((e) => e.row),
  }));
}

describe("column rules", () => {
  it("counts values that are not of the column's type, with their data rows", async () => {
    const { file, result } = await check(
      "columns:\n  age: {type: integer}\n",
      "age,name\n31,a\n4.5,b\n,c\nforty,d\n7,e\n",
    );
    expect(result.result).toBe("fail");
    expect(result.rows).toBe(5);
    expect(result.violations).toEqual([
      {
        rule: "type",
        column: "age",
        count: 2,
        examples: [
          { file, row: 2, value: "4.5" },
          { file, row: 4, value: "forty" },
        ],
        severity: "fail",
        message: '2 values of "age" are not an integer',
        contract_line: 2,
        contract_column: 9,
      },
    ]);
  });

  it("counts every missing value of a column that is not nullable", async () => {
    const { result } = await check(
      "columns:\n  id:\n    type: string\n    nullable: false\n",
      "id,x\na,1\n,2\nc,3\n,4\n",
    );
    expect(summary(result.violations)).toEqual([{ rule: "nullable", column: "id", count: 2, rows: [2, 4] }]);
    expect(result.violations[0]?.contract_line).toBe(4);
  });

  it("fails max_null_rate only above the rate, counting the nulls", async () => {
    const yaml = "columns:\n  x:\n    type: number\n    max_null_rate: 0.25\n";
    const atRate = await check(yaml, "x,k\n1,a\n,b\n3,c\n4,d\n");
    expect(atRate.result.violations).toEqual([]);
    const above = await check(yaml, "x,k\n1,a\n,b\n,c\n4,d\n");
    expect(summary(above.result.violations)).toEqual([{ rule: "max_null_rate", column: "x", count: 2, rows: [2, 3] }]);
    expect(above.result.violations[0]?.observed).toBe(0.5);
    expect(above.result.violations[0]?.message).toBe('"x" is missing in 2 rows of 4 (50%); expected at most 25%');
  });

  it("reads the configured null values as missing in CSV", async () => {
    const { result } = await check(
      "null_values: [NA]\ncolumns:\n  x:\n    type: number\n    nullable: false\n",
      "x\n1\nNA\n3\n",
    );
    expect(summary(result.violations)).toEqual([{ rule: "nullable", column: "x", count: 1, rows: [2] }]);
  });

  it("checks min and max inclusively", async () => {
    const { result } = await check(
      "columns:\n  p:\n    type: number\n    min: 0\n    max: 1\n",
      "p\n0\n1\n-0.1\n1.5\n0.5\n2\n",
    );
    expect(summary(result.violations)).toEqual([
      { rule: "min", column: "p", count: 1, rows: [3] },
      { rule: "max", column: "p", count: 2, rows: [4, 6] },
    ]);
    expect(result.violations[1]?.message).toBe('2 values of "p" are above max 1');
  });

  it("compares dates and date-times as times", async () => {
    const { result } = await check(
      "columns:\n  d:\n    type: date\n    min: 2024-01-01\n  t:\n    type: datetime\n    max: 2024-06-01T00:00:00Z\n",
      "d,t\n2024-01-01,2024-05-31T23:59:59Z\n2023-12-31,2024-06-01T02:00:00+02:00\n2024-02-30,2024-06-01T00:00:01Z\n",
    );
    expect(summary(result.violations)).toEqual([
      { rule: "type", column: "d", count: 1, rows: [3] },
      { rule: "min", column: "d", count: 1, rows: [2] },
      { rule: "max", column: "t", count: 1, rows: [3] },
    ]);
  });

  it("checks enum membership exactly", async () => {
    const { result } = await check(
      "columns:\n  s:\n    type: string\n    enum: [new, paid]\n",
      "s,k\nnew,1\nNew,2\npaid,3\n,4\nshipped,5\n",
    );
    expect(summary(result.violations)).toEqual([{ rule: "enum", column: "s", count: 2, rows: [2, 5] }]);
    expect(result.violations[0]?.message).toBe('2 values of "s" are not in the enum ("new", "paid")');
  });

  it("compares integer enums as numbers", async () => {
    const { result } = await check("columns:\n  n:\n    type: integer\n    enum: [1, 2]\n", "n\n01\n2\n3\n");
    expect(summary(result.violations)).toEqual([{ rule: "enum", column: "n", count: 1, rows: [3] }]);
  });

  it("matches regex against the whole value", async () => {
    const { result } = await check(
      'columns:\n  code:\n    type: string\n    regex: "[A-Z]{3}|X"\n',
      "code\nABC\nABCD\nxABC\nX\nXX\n",
    );
    expect(summary(result.violations)).toEqual([{ rule: "regex", column: "code", count: 3, rows: [2, 3, 5] }]);
  });

  it("finds repeated values of a unique column and where each was first seen", async () => {
    const { file, result } = await check(
      "columns:\n  id:\n    type: integer\n    unique: true\n",
      "id,k\n1,a\n2,b\n,c\n02,d\n,e\n3,f\n1,g\n",
    );
    expect(summary(result.violations)).toEqual([{ rule: "unique", column: "id", count: 2, rows: [4, 7] }]);
    expect(result.violations[0]?.examples[0]).toEqual({ file, row: 4, value: "02", duplicate_of: { file, row: 2 } });
    expect(result.violations[0]?.examples[1]?.duplicate_of).toEqual({ file, row: 1 });
  });

  it("says uniqueness was checked on the first rows only once its memory limit is reached", () => {
    const contract = contractOf("columns:\n  id:\n    type: integer\n    unique: true\n");
    const check = new ContractCheck(contract, { uniqueLimit: 3 });
    const table = memoryTable("ids.csv", ["id"], [["1"], ["2"], ["3"], ["4"], ["1"]]);
    check.beginFile(table.header);
    for (const batch of table.batches) check.addBatch(batch);
    const result = check.finish();
    expect(result.violations).toEqual([]);
    expect(result.notes).toEqual(['uniqueness of "id" checked on the first 3 rows only']);
  });

  it("keeps only the first examples but counts every violation", async () => {
    const rows = Array.from({ length: 12 }, (_, i) => String(-i - 1)).join("\n");
    const { result } = await check("columns:\n  n:\n    type: integer\n    min: 0\n", `n\n${rows}\n`);
    expect(summary(result.violations)).toEqual([{ rule: "min", column: "n", count: 12, rows: [1, 2, 3, 4, 5] }]);
  });

  it("shows a huge cell cut to one line", async () => {
    const { result } = await check("columns:\n  s:\n    type: string\n    enum: [a]\n", `s\n${"é".repeat(5000)}\n`);
    const value = result.violations[0]?.examples[0]?.value as string;
    expect(value).toBe(`${"é".repeat(80)}… (5,000 characters)`);
  });

  it("skips missing values for every rule but nullability", async () => {
    const { result } = await check(
      'columns:\n  s:\n    type: string\n    enum: [a]\n    regex: "a"\n    unique: true\n',
      "s,k\n,1\na,2\n,3\n",
    );
    expect(result.violations).toEqual([]);
  });
});

describe("columns of the file", () => {
  it("reports a required column missing from the file, and skips its rules", async () => {
    const { file, result } = await check(
      "columns:\n  id: {type: integer, nullable: false}\n  x: {type: number}\n",
      "x\n1\n",
    );
    expect(result.violations).toMatchObject([
      { rule: "required", column: "id", count: 1, files: [file], message: 'column "id" is missing from 1 file' },
    ]);
  });

  it("lets an optional column be absent", async () => {
    const { result } = await check("columns:\n  id: {type: integer, required: false}\n  x: {type: number}\n", "x\n1\n");
    expect(result.violations).toEqual([]);
  });

  it("allows extra columns unless additional_columns is false", async () => {
    const csv = "x,extra,more\n1,2,3\n";
    expect((await check("columns:\n  x: {type: integer}\n", csv)).result.violations).toEqual([]);
    const strict = await check("additional_columns: false\ncolumns:\n  x: {type: integer}\n", csv);
    expect(summary(strict.result.violations)).toEqual([
      { rule: "additional_columns", column: "extra", count: 1, rows: [] },
      { rule: "additional_columns", column: "more", count: 1, rows: [] },
    ]);
    expect(strict.result.violations[0]?.contract_line).toBe(1);
  });
});

describe("row counts and table rules", () => {
  it("checks row-count bounds over the whole dataset", async () => {
    const { result } = await check("min_rows: 3\nmax_rows: 5\ncolumns:\n  x: {type: integer}\n", "x\n1\n2\n");
    expect(result.violations).toMatchObject([
      { rule: "min_rows", column: null, count: 1, observed: 2, message: "the dataset has 2 rows; expected at least 3" },
    ]);
    const many = await check("max_rows: 1\ncolumns:\n  x: {type: integer}\n", "x\n1\n2\n");
    expect(many.result.violations).toMatchObject([{ rule: "max_rows", observed: 2, contract_line: 1 }]);
  });

  it("finds repeated combinations for unique_together, ignoring rows with a missing part", async () => {
    const { result } = await check(
      "columns:\n  a: {type: string}\n  b: {type: integer}\nrules:\n  - unique_together: [a, b]\n",
      "a,b\nx,1\nx,2\ny,1\nx,01\n,1\n,1\nx,2\n",
    );
    expect(summary(result.violations)).toEqual([{ rule: "unique_together", column: null, count: 2, rows: [4, 7] }]);
    expect(result.violations[0]?.examples[0]?.value).toBe("a=x, b=01");
    expect(result.violations[0]?.contract_line).toBe(5);
  });

  it("finds rows that break a column comparison, skipping missing sides", async () => {
    const { result } = await check(
      "columns:\n  start: {type: date}\n  end: {type: date}\nrules:\n  - compare: start <= end\n    severity: warn\n",
      "start,end\n2024-01-01,2024-01-02\n2024-01-03,2024-01-02\n2024-01-03,\n2024-01-05,2024-01-05\n2024-02-01,2024-01-01\n",
    );
    expect(result.result).toBe("warn");
    expect(summary(result.violations)).toEqual([{ rule: "compare", column: null, count: 2, rows: [2, 5] }]);
    expect(result.violations[0]?.examples[0]?.value).toBe("start=2024-01-03, end=2024-01-02");
    expect(result.violations[0]?.message).toBe("2 rows break start <= end");
  });
});

describe("severity and result", () => {
  it("passes a clean dataset", async () => {
    const { result } = await check("columns:\n  x: {type: integer, min: 0}\n", "x\n1\n2\n");
    expect(result).toMatchObject({ result: "pass", rows: 2, violations: [], notes: [] });
  });

  it("warns when only warn rules fail, and fails when any fail rule does", async () => {
    const yaml =
      "columns:\n  x:\n    type: integer\n    severity: warn\n    min: 0\n    max: {value: 10, severity: fail}\n";
    expect((await check(yaml, "x\n-1\n")).result.result).toBe("warn");
    expect((await check(yaml, "x\n-1\n11\n")).result.result).toBe("fail");
  });

  it("annotates each failed rule at its contract line", async () => {
    const yaml = "columns:\n  x:\n    type: integer\n    min: {value: 0, severity: warn}\n";
    const { file, result } = await check(yaml, "x\n-1\n-2\n");
    expect(contractAnnotations(contractOf(yaml), result)).toEqual([
      {
        level: "warning",
        title: "Data contract: min (x)",
        message: `2 values of "x" are below min 0 (${file}: row 1, row 2)`,
        file: CONTRACT_FILE,
        line: 4,
        column: 5,
      },
    ]);
  });
});

describe("formats and shards", () => {
  it("numbers rows per file and names the file across shards, with rules over the whole dataset", async () => {
    const yaml = "max_rows: 4\ncolumns:\n  id:\n    type: integer\n    unique: true\n    min: 0\n";
    const first = temp("part-0.csv", "id\n1\n-2\n");
    const second = temp("part-1.csv", "id\n3\n1\n-5\n");
    const result = await checkDataset(contractOf(yaml), [first, second]);
    expect(result.rows).toBe(5);
    expect(result.files).toEqual([
      { file: first, rows: 2 },
      { file: second, rows: 3 },
    ]);
    expect(result.violations.map((v) => ({ rule: v.rule, count: v.count, examples: v.examples }))).toEqual([
      { rule: "max_rows", count: 1, examples: [] },
      {
        rule: "min",
        count: 2,
        examples: [
          { file: first, row: 2, value: -2 },
          { file: second, row: 3, value: -5 },
        ].map((e) => ({ ...e, value: String(e.value) })),
      },
      {
        rule: "unique",
        count: 1,
        examples: [{ file: second, row: 2, value: "1", duplicate_of: { file: first, row: 1 } }],
      },
    ]);
  });

  it("takes JSONL values as typed and gives the line of each violating record", async () => {
    const file = temp(
      "data.jsonl",
      '{"n": 1, "s": "a", "ok": true}\n\n{"n": "2", "s": 5, "ok": "true"}\n{"n": 2.5, "s": null, "ok": false}\n',
    );
    const yaml = "columns:\n  n: {type: integer}\n  s: {type: string, nullable: false}\n  ok: {type: boolean}\n";
    const result = await checkDataset(contractOf(yaml), [file]);
    expect(result.violations.map((v) => ({ rule: v.rule, column: v.column, examples: v.examples }))).toEqual([
      {
        rule: "type",
        column: "n",
        examples: [
          { file, row: 2, line: 3, value: "2" },
          { file, row: 3, line: 4, value: 2.5 },
        ],
      },
      { rule: "type", column: "s", examples: [{ file, row: 2, line: 3, value: 5 }] },
      { rule: "nullable", column: "s", examples: [{ file, row: 3, line: 4, value: null }] },
      { rule: "type", column: "ok", examples: [{ file, row: 2, line: 3, value: "true" }] },
    ]);
  });

  it("checks Parquet's typed columns: integers, doubles, dates and timestamps", async () => {
    const file = join(dir, "typed.parquet");
    parquetWriteFile({
      filename: file,
      schema: [
        { name: "root", num_children: 4 },
        { name: "id", type: "INT64", repetition_type: "REQUIRED" },
        { name: "score", type: "DOUBLE", repetition_type: "OPTIONAL" },
        { name: "day", type: "INT32", converted_type: "DATE", repetition_type: "OPTIONAL" },
        { name: "at", type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type: "OPTIONAL" },
      ],
      columnData: [
        { name: "id", data: new BigInt64Array([1n, 2n, 2n]) },
        { name: "score", data: [0.5, Number.NaN, 1.5] },
        { name: "day", data: [new Date("2024-01-01T00:00:00Z"), new Date("2024-01-02T00:00:00Z"), null] },
        { name: "at", data: [new Date("2024-01-01T10:00:00Z"), null, new Date("2023-01-01T00:00:00Z")] },
      ],
    });
    const yaml = [
      "columns:",
      "  id: {type: integer, unique: true}",
      "  score: {type: number, max: 1, nullable: false}",
      "  day: {type: date, min: 2024-01-02}",
      "  at: {type: datetime, min: 2024-01-01T00:00:00Z}",
    ].join("\n");
    const result = await checkDataset(contractOf(yaml), [file]);
    expect(summary(result.violations)).toEqual([
      { rule: "unique", column: "id", count: 1, rows: [3] },
      { rule: "nullable", column: "score", count: 1, rows: [2] },
      { rule: "max", column: "score", count: 1, rows: [3] },
      { rule: "min", column: "day", count: 1, rows: [1] },
      { rule: "min", column: "at", count: 1, rows: [3] },
    ]);
    expect(result.violations[3]?.examples[0]?.value).toBe("2024-01-01T00:00:00.000Z");
  });
});
