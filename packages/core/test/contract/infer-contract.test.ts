import { describe, expect, it } from "vitest";
import { ContractCheck } from "../../src/contract/contract-check.js";
import { inferContract, widen } from "../../src/contract/infer-contract.js";
import { parseContract } from "../../src/contract/load-contract.js";
import { memoryTable } from "./memory-table.js";

const COLUMNS = ["id", "amount", "status", "placed", "note", "paid"];
const ROWS = Array.from({ length: 40 }, (_, i) => [
  String(1000 + i),
  String(10 + (i % 7) * 2.5),
  ["new", "paid", "shipped"][i % 3] as string,
  `2024-01-${String((i % 28) + 1).padStart(2, "0")}`,
  i % 10 === 0 ? "" : `note ${i}`,
  i % 2 === 0 ? "true" : "false",
]);

function orders() {
  return memoryTable("orders.csv", COLUMNS, ROWS, { batchRows: 7 });
}

describe("contract inference", () => {
  it("writes a reviewable contract with what each rule was inferred from", () => {
    expect(inferContract({ tables: [orders()] }).text).toBe(`# Data contract inferred from 40 rows in 1 file.
# Review every rule: each comment says what it was inferred from.

version: 1
min_rows: 1 # the sample had 40 rows; an empty dataset is surely broken
columns:
  id:
    type: integer # every one of 40 values parsed as integer
    nullable: false # observed 0 nulls in 40 rows
    min: 996 # observed 1000 to 1039; widened by 10% of the range, not below 0
    max: 1043 # observed 1000 to 1039; widened by 10% of the range
    unique: true # all 40 values distinct
  amount:
    type: number # every one of 40 values parsed as number
    nullable: false # observed 0 nulls in 40 rows
    min: 8 # observed 10 to 25; widened by 10% of the range, not below 0
    max: 27 # observed 10 to 25; widened by 10% of the range
    drift: {method: psi, threshold: 0.2} # numeric: population stability index
  status:
    type: string # every one of 40 values parsed as string
    nullable: false # observed 0 nulls in 40 rows
    enum: [new, paid, shipped] # 3 distinct values in 40 values
    drift: {method: jensen_shannon, threshold: 0.1} # categorical: Jensen–Shannon distance
  placed:
    type: date # every one of 40 values parsed as date
    nullable: false # observed 0 nulls in 40 rows
    min: 2023-12-29 # observed 2024-01-01 to 2024-01-28; widened by 10% of the range, and no max since new data is newer
  note:
    type: string # every one of 36 values parsed as string
    max_null_rate: 0.2 # observed 4 nulls in 40 rows (10%); allowed up to 2× that
    unique: true # all 36 values distinct
  paid:
    type: boolean # every one of 40 values parsed as boolean
    nullable: false # observed 0 nulls in 40 rows
    drift: {method: jensen_shannon, threshold: 0.1} # categorical: Jensen–Shannon distance
drift:
  share: 0.5 # the dataset drifts when more than half of its 3 monitored columns drift
`);
  });

  it("gives the same text for the same data however it is batched", () => {
    const once = inferContract({ tables: [orders()] }).text;
    const rebatched = inferContract({ tables: [memoryTable("orders.csv", COLUMNS, ROWS, { batchRows: 40 })] }).text;
    expect(rebatched).toBe(once);
  });

  it("infers a contract the same data passes", () => {
    const contract = parseContract(inferContract({ tables: [orders()] }).text, "orders.contract.yml");
    const check = new ContractCheck(contract);
    const table = orders();
    check.beginFile(table.header);
    for (const batch of table.batches) check.addBatch(batch);
    expect(check.finish()).toMatchObject({ result: "pass", violations: [] });
  });

  it("marks a column absent from some shards as not required", () => {
    const a = memoryTable("a.csv", ["x", "y"], [["1", "2"]]);
    const b = memoryTable("b.csv", ["x"], [["3"]]);
    const text = inferContract({ tables: [a, b] }).text;
    expect(text).toContain(
      "  y:\n    type: integer # every one of 1 value parsed as integer\n    required: false # present in 1 of 2 files\n",
    );
  });

  it("guesses a string type for a column with no values and allows it to stay empty", () => {
    const text = inferContract({
      tables: [
        memoryTable(
          "e.csv",
          ["x", "y"],
          [
            ["", "1"],
            ["", "2"],
          ],
        ),
      ],
    }).text;
    expect(text).toContain("    type: string # all 2 values missing, so the type is a guess\n    max_null_rate: 1 #");
  });
});

describe("range widening", () => {
  it("widens by a tenth of the range to round numbers, not below zero for non-negative data", () => {
    expect(widen(3.2, 97.5, false)).toEqual({ min: 0, max: 107 });
    expect(widen(-50, 50, true)).toEqual({ min: -60, max: 60 });
    expect(widen(0.12, 0.18, false)).toEqual({ min: 0.114, max: 0.186 });
    expect(widen(5, 5, true)).toEqual({ min: 4, max: 6 });
  });
});
