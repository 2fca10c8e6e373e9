import { describe, expect, it } from "vitest";
import { diffContracts } from "../../src/contract/contract-diff.js";
import { parseContract } from "../../src/contract/load-contract.js";

const diff = (before: string, after: string) =>
  diffContracts(parseContract(before, "before.contract.yml"), parseContract(after, "after.contract.yml"));
const kinds = (before: string, after: string) => diff(before, after).map((c) => [c.kind, c.rule, c.column]);

describe("contract diff", () => {
  it("finds nothing between a contract and itself", () => {
    const text =
      "min_rows: 1\ncolumns:\n  a: {type: integer, min: 0, enum: [1, 2], unique: true}\nrules:\n  - compare: a <= a\n";
    expect(diff(text, text)).toEqual([]);
  });

  it("calls a higher max_null_rate loosened and a lower one tightened", () => {
    const at = (rate: number) => `columns:\n  a: {type: number, max_null_rate: ${rate}}\n`;
    expect(diff(at(0.01), at(0.05))).toEqual([
      {
        kind: "loosened",
        rule: "max_null_rate",
        column: "a",
        before: 0.01,
        after: 0.05,
        description: 'max_null_rate of "a" loosened: max_null_rate 0.01 → max_null_rate 0.05',
      },
    ]);
    expect(kinds(at(0.05), at(0.01))).toEqual([["tightened", "max_null_rate", "a"]]);
  });

  it("orders null policies from nullable: false to any nulls", () => {
    const strict = "columns:\n  a: {type: number, nullable: false}\n";
    const rate = "columns:\n  a: {type: number, max_null_rate: 0.1}\n";
    const open = "columns:\n  a: {type: number}\n";
    expect(kinds(strict, rate)).toEqual([["loosened", "nullable", "a"]]);
    expect(kinds(open, strict)).toEqual([["tightened", "nullable", "a"]]);
    expect(diff(rate, open)[0]?.description).toBe('nullable of "a" loosened: max_null_rate 0.1 → any nulls');
  });

  it("calls a raised min tightened and a raised max loosened", () => {
    const bounds = (min: number, max: number) => `columns:\n  a: {type: integer, min: ${min}, max: ${max}}\n`;
    expect(kinds(bounds(0, 10), bounds(1, 11))).toEqual([
      ["tightened", "min", "a"],
      ["loosened", "max", "a"],
    ]);
  });

  it("shows date bounds as written", () => {
    const at = (day: string) => `columns:\n  d: {type: date, min: ${day}}\n`;
    expect(diff(at("2024-01-01"), at("2023-01-01"))[0]?.description).toBe(
      'min of "d" loosened: 2024-01-01 → 2023-01-01',
    );
  });

  it("calls an enum that gains values loosened, loses values tightened, and both changed", () => {
    const members = (list: string) => `columns:\n  s: {type: string, enum: [${list}]}\n`;
    expect(diff(members("a, b"), members("a, b, c"))[0]?.description).toBe('enum of "s" loosened: gains ["c"]');
    expect(kinds(members("a, b"), members("a"))).toEqual([["tightened", "enum", "s"]]);
    expect(diff(members("a, b"), members("a, c"))[0]?.description).toBe(
      'enum of "s" changed: gains ["c"], loses ["b"]',
    );
  });

  it("judges type changes by which type accepts more", () => {
    const typed = (type: string) => `columns:\n  a: {type: ${type}}\n`;
    expect(kinds(typed("integer"), typed("number"))).toEqual([["loosened", "type", "a"]]);
    expect(kinds(typed("string"), typed("date"))).toEqual([["tightened", "type", "a"]]);
    expect(kinds(typed("boolean"), typed("date"))).toEqual([["changed", "type", "a"]]);
  });

  it("lists added and removed columns, rules and bounds", () => {
    const before =
      "columns:\n  a: {type: integer}\n  b: {type: string, regex: 'x+'}\nrules:\n  - unique_together: [a, b]\n";
    const after = "min_rows: 10\ncolumns:\n  a: {type: integer, unique: true}\n  c: {type: string}\n";
    expect(diff(before, after).map((c) => c.description)).toEqual([
      "min_rows added: 10",
      'column "b" removed from the contract',
      'unique of "a" added: true',
      'column "c" added (string, required)',
      "rule unique_together a, b removed",
    ]);
  });

  it("calls a warn severity looser than fail", () => {
    const at = (severity: string) => `columns:\n  a: {type: integer, min: {value: 0, severity: ${severity}}}\n`;
    expect(kinds(at("fail"), at("warn"))).toEqual([["loosened", "min severity", "a"]]);
    expect(kinds(at("warn"), at("fail"))).toEqual([["tightened", "min severity", "a"]]);
  });

  it("reads drift thresholds by method: a p-value loosens downwards, a distance upwards", () => {
    const at = (method: string, threshold: number) =>
      `columns:\n  a: {type: number, drift: {method: ${method}, threshold: ${threshold}}}\n`;
    expect(kinds(at("psi", 0.1), at("psi", 0.2))).toEqual([["loosened", "drift.threshold", "a"]]);
    expect(kinds(at("ks", 0.05), at("ks", 0.01))).toEqual([["loosened", "drift.threshold", "a"]]);
    expect(kinds(at("psi", 0.1), at("ks", 0.1))).toEqual([["changed", "drift.method", "a"]]);
  });

  it("calls allowing extra columns and dropping row bounds loosened", () => {
    expect(
      kinds(
        "additional_columns: false\nmax_rows: 10\ncolumns:\n  a: {type: integer}\n",
        "additional_columns: true\nmax_rows: 20\ncolumns:\n  a: {type: integer, required: false}\n",
      ),
    ).toEqual([
      ["loosened", "max_rows", null],
      ["loosened", "additional_columns", null],
      ["loosened", "required", "a"],
    ]);
  });
});
