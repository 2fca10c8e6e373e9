import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkContractText, parseContract } from "../../src/contract/load-contract.js";
import { InputError } from "../../src/errors/input-error.js";

const FILE = "orders.contract.yml";

const FULL = `version: 1
description: Orders placed on the shop
columns:
  id:
    type: integer
    nullable: false
    unique: true
  amount:
    type: number
    min: 0
    max: { value: 10000, severity: warn }
    max_null_rate: 0.01
    drift: { method: psi, threshold: 0.2 }
  status:
    type: string
    enum: [new, paid, shipped]
    drift: { method: jensen_shannon, threshold: 0.1 }
  email:
    type: string
    regex: "[^@]+@[^@]+"
    severity: warn
  placed:
    type: date
    min: 2020-01-01
  shipped:
    type: datetime
    required: false
additional_columns: false
min_rows: 1
max_rows: 1000000
null_values: [NA]
rules:
  - unique_together: [id, status]
  - compare: placed <= shipped
    severity: warn
drift:
  share: 0.3
`;

function problemsOf(text: string): string[] {
  return checkContractText(text, FILE).problems.map((p) => p.message);
}

describe("contract parsing", () => {
  it("reads every rule of a full contract with its severity", () => {
    const contract = parseContract(FULL, FILE);
    expect(contract.columns.map((c) => c.name)).toEqual(["id", "amount", "status", "email", "placed", "shipped"]);
    const [id, amount, status, email, placed, shipped] = contract.columns;
    expect(id?.nullable.value).toBe(false);
    expect(id?.unique?.value).toBe(true);
    expect(amount?.min?.value).toEqual({ text: 0, value: 0 });
    expect(amount?.max?.severity).toBe("warn");
    expect(amount?.min?.severity).toBe("fail");
    expect(amount?.drift).toMatchObject({ method: "psi", threshold: 0.2 });
    expect(status?.enum?.value).toEqual(["new", "paid", "shipped"]);
    expect(email?.regex?.severity).toBe("warn");
    expect(email?.type.severity).toBe("warn");
    expect(placed?.min?.value).toEqual({ text: "2020-01-01", value: Date.UTC(2020, 0, 1) });
    expect(shipped?.required.value).toBe(false);
    expect(contract.additionalColumns.value).toBe(false);
    expect(contract.minRows?.value).toBe(1);
    expect(contract.maxRows?.value).toBe(1_000_000);
    expect(contract.nullValues).toEqual(["NA"]);
    expect(contract.rules).toMatchObject([
      { kind: "unique_together", columns: ["id", "status"], severity: "fail" },
      { kind: "compare", left: "placed", operator: "<=", right: "shipped", severity: "warn" },
    ]);
    expect(contract.drift?.share).toBe(0.3);
  });

  it("remembers the contract line and column of every rule", () => {
    const contract = parseContract(FULL, FILE);
    const [id, amount] = contract.columns;
    expect(id?.at).toEqual({ line: 4, column: 3 });
    expect(id?.type.at).toEqual({ line: 5, column: 5 });
    expect(id?.unique?.at).toEqual({ line: 7, column: 5 });
    expect(amount?.max?.at).toEqual({ line: 11, column: 5 });
    expect(amount?.maxNullRate?.at).toEqual({ line: 12, column: 5 });
    // A rule left at its default points at its column.
    expect(amount?.nullable.at).toEqual({ line: 8, column: 3 });
    expect(contract.rules[1]?.at).toEqual({ line: 34, column: 5 });
    expect(contract.minRows?.at).toEqual({ line: 29, column: 1 });
  });

  it("suggests the key a misspelled rule meant, at its line and column", () => {
    const text = "columns:\n  id:\n    type: integer\n    nulable: false\n";
    expect(problemsOf(text)).toEqual([`${FILE}:4:5: unknown key "nulable" in columns.id; did you mean "nullable"?`]);
  });

  it("suggests the column type a misspelled type meant", () => {
    expect(problemsOf("columns:\n  id:\n    type: intger\n")).toEqual([
      `${FILE}:3:5: columns.id.type must be one of integer, number, string, boolean, date, datetime, got "intger"; did you mean "integer"?`,
    ]);
  });

  it("reports every problem of a contract, each at its own line", () => {
    const text = [
      "colums:", // 1
      "  id: {type: integer}",
      "min_rows: -1",
    ].join("\n");
    const problems = checkContractText(text, FILE).problems;
    expect(problems.map((p) => p.location?.line)).toEqual([1, 3]);
    expect(problems[0]?.detail).toBe('unknown key "colums" in the document; did you mean "columns"?');
    expect(problems[1]?.detail).toContain("min_rows must be >= 0");
  });

  it("rejects a min above the max", () => {
    expect(problemsOf("columns:\n  age:\n    type: integer\n    min: 10\n    max: 5\n")).toEqual([
      `${FILE}:4:5: columns.age has min 10 above max 5; expected min <= max`,
    ]);
  });

  it("rejects bounds that do not fit the column's type", () => {
    expect(problemsOf("columns:\n  age:\n    type: integer\n    min: 0.5\n")[0]).toBe(
      `${FILE}:4:5: columns.age.min is 0.5; expected an integer for a integer column`,
    );
    expect(problemsOf("columns:\n  day:\n    type: date\n    max: 2024-02-30\n")[0]).toContain(
      'columns.day.max is "2024-02-30"; expected an ISO date such as 2024-01-31',
    );
    expect(problemsOf("columns:\n  ok:\n    type: boolean\n    min: 0\n")[0]).toContain(
      "columns.ok.min applies to integer, number, date and datetime columns, not boolean",
    );
  });

  it("rejects an invalid regular expression at its line", () => {
    expect(problemsOf('columns:\n  code:\n    type: string\n    regex: "[A-Z"\n')[0]).toMatch(
      new RegExp(`^${FILE}:4:5: columns\\.code\\.regex is not a valid regular expression \\(`),
    );
  });

  it("rejects a pattern with nested repetition, which can hang on one long cell", () => {
    expect(problemsOf('columns:\n  code:\n    type: string\n    regex: "(a+)+b"\n')[0]).toBe(
      `${FILE}:4:5: columns.code.regex repeats the group "(a+)+", which itself repeats; expected no nested repetition, which can take exponential time on a non-matching value`,
    );
  });

  it("rejects an enum member of the wrong type and a repeated member", () => {
    const problems = problemsOf("columns:\n  n:\n    type: integer\n    enum: [1, 2.5, 1]\n");
    expect(problems).toEqual([
      `${FILE}:4:15: columns.n.enum[1] is 2.5; expected an integer like the column`,
      `${FILE}:4:20: columns.n.enum lists 1 twice; expected distinct values`,
    ]);
  });

  it("rejects nullable: false together with a max_null_rate", () => {
    expect(problemsOf("columns:\n  n:\n    type: integer\n    nullable: false\n    max_null_rate: 0.1\n")[0]).toContain(
      `${FILE}:5:5: columns.n sets both nullable: false and max_null_rate`,
    );
  });

  it("rejects table rules that name unknown columns, with a suggestion", () => {
    const text = "columns:\n  start: {type: date}\n  end: {type: date}\nrules:\n  - compare: start <= ends\n";
    expect(problemsOf(text)).toEqual([
      `${FILE}:5:5: rules[0].compare names the column "ends", which the contract does not list; did you mean "end"?`,
    ]);
  });

  it("rejects comparisons between columns of unrelated types and malformed expressions", () => {
    const base =
      "columns:\n  a: {type: date}\n  b: {type: integer}\n  c: {type: boolean}\n  d: {type: boolean}\nrules:\n";
    expect(problemsOf(`${base}  - compare: a < b\n`)[0]).toContain("compares a (date) with b (integer)");
    expect(problemsOf(`${base}  - compare: c < d\n`)[0]).toContain("expected == or != for booleans");
    expect(problemsOf(`${base}  - compare: a lt b\n`)[0]).toContain('expected "column OP column"');
    expect(problemsOf(`${base}  - {compare: a < b, unique_together: [a, b]}\n`)[0]).toContain(
      "must set exactly one of unique_together or compare, got both",
    );
  });

  it("rejects a drift method that needs numbers on a string column", () => {
    expect(problemsOf("columns:\n  s:\n    type: string\n    drift: {method: ks, threshold: 0.05}\n")[0]).toContain(
      "columns.s.drift.method ks needs a numeric column",
    );
  });

  it("reports a YAML syntax error at its line", () => {
    const [problem] = checkContractText("columns:\n  id:\n    type: integer\n   bad: [\n", FILE).problems;
    expect(problem).toBeInstanceOf(InputError);
    expect(problem?.location?.line).toBeGreaterThanOrEqual(4);
  });

  it("accepts the example contract of the documentation", () => {
    const docs = readFileSync(join(import.meta.dirname, "../../../../docs/contracts.md"), "utf8");
    const example = /```yaml\n([\s\S]*?)```/.exec(docs)?.[1] ?? "";
    expect(checkContractText(example, "docs.contract.yml").problems).toEqual([]);
    expect(parseContract(example, "docs.contract.yml").columns).toHaveLength(6);
  });

  it("reports an empty contract", () => {
    expect(problemsOf("")).toEqual([`${FILE}:1:1: the contract is empty; expected a mapping with \`columns:\``]);
  });
});
