import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MISSING, parseCell, parseDate, parseDateTime } from "../../src/contract/cell-parsing.js";
import { ContractCheck } from "../../src/contract/contract-check.js";
import { DistinctSet } from "../../src/contract/distinct-set.js";
import { inferContract } from "../../src/contract/infer-contract.js";
import { parseContract } from "../../src/contract/load-contract.js";
import { nestedQuantifier } from "../../src/contract/regex-safety.js";
import type { ContractCheckResult } from "../../src/contract/violation.js";
import { type MemoryTable, memoryTable } from "./memory-table.js";

function run(contractText: string, tables: readonly MemoryTable[]): ContractCheckResult {
  const check = new ContractCheck(parseContract(contractText, "generated.contract.yml"));
  for (const table of tables) {
    check.beginFile(table.header);
    for (const batch of table.batches) check.addBatch(batch);
  }
  return check.finish();
}

const CODES = ["AB-1", "CD-2", "EF-3"];
/** Columns whose every generated value satisfies the generated contract's rule. */
const COLUMNS = [
  {
    name: "count",
    yaml: "{type: integer, nullable: false, min: 0, max: 100}",
    cell: fc.integer({ min: 0, max: 100 }).map(String),
  },
  {
    name: "share",
    yaml: "{type: number, min: -1, max: 1}",
    cell: fc.double({ min: -1, max: 1, noNaN: true }).map(String),
  },
  {
    name: "code",
    yaml: "{type: string, enum: [AB-1, CD-2, EF-3], regex: '[A-Z]{2}-\\d'}",
    cell: fc.constantFrom(...CODES),
  },
  { name: "tag", yaml: "{type: string, regex: '[a-z]+'}", cell: fc.constantFrom("alpha", "beta", "x") },
  {
    name: "day",
    yaml: "{type: date, min: 2020-01-01, max: 2020-12-31}",
    cell: fc
      .integer({ min: 0, max: 365 })
      .map((d) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
  },
] as const;

/** For each column: a cell that breaks exactly one of its rules, and that rule. */
const BREAKERS: Record<string, readonly { readonly cell: string; readonly rule: string }[]> = {
  count: [
    { cell: "101", rule: "max" },
    { cell: "-1", rule: "min" },
    { cell: "", rule: "nullable" },
    { cell: "1.5", rule: "type" },
  ],
  share: [
    { cell: "1.01", rule: "max" },
    { cell: "NaN", rule: "type" },
  ],
  code: [
    { cell: "GH-4", rule: "enum" },
    { cell: "AB-9", rule: "enum" },
  ],
  tag: [
    { cell: "Alpha", rule: "regex" },
    { cell: "beta gamma", rule: "regex" },
  ],
  day: [
    { cell: "2021-01-01", rule: "max" },
    { cell: "2020-02-30", rule: "type" },
  ],
};

const dataset = fc
  .record({
    rows: fc.array(fc.tuple(...COLUMNS.map((c) => c.cell)), { minLength: 1, maxLength: 40 }),
    shards: fc.integer({ min: 1, max: 3 }),
    batchRows: fc.integer({ min: 1, max: 7 }),
  })
  .map(({ rows, shards, batchRows }) => {
    const size = Math.ceil(rows.length / shards);
    const parts: string[][][] = [];
    for (let start = 0; start < rows.length; start += size) parts.push(rows.slice(start, start + size) as string[][]);
    return { parts, batchRows };
  });

const names = COLUMNS.map((c) => c.name);
const contractText = `columns:\n${COLUMNS.map((c) => `  ${c.name}: ${c.yaml}`).join("\n")}\n`;
const toTables = (parts: string[][][], batchRows: number) =>
  parts.map((rows, i) => memoryTable(`part-${i}.csv`, names, rows, { batchRows }));

describe("contract checks on generated data", () => {
  it("pass any table whose values satisfy the contract, however it is sharded and batched", () => {
    fc.assert(
      fc.property(dataset, ({ parts, batchRows }) => {
        const result = run(contractText, toTables(parts, batchRows));
        expect(result.violations).toEqual([]);
        expect(result.result).toBe("pass");
        expect(result.rows).toBe(parts.reduce((n, p) => n + p.length, 0));
      }),
      { numRuns: 150 },
    );
  });

  it("report exactly one violation, at the right file and row, when one cell breaks one rule", () => {
    fc.assert(
      fc.property(dataset, fc.nat(), fc.nat(), fc.nat(), ({ parts, batchRows }, pick, columnPick, breakerPick) => {
        const part = pick % parts.length;
        const row = Math.floor(pick / parts.length) % (parts[part] as string[][]).length;
        const column = columnPick % names.length;
        const name = names[column] as string;
        const breakers = BREAKERS[name] ?? [];
        const breaker = breakers[breakerPick % breakers.length]!;
        const broken = parts.map((rows) => rows.map((cells) => [...cells]));
        (broken[part] as string[][])[row]![column] = breaker.cell;
        const result = run(contractText, toTables(broken, batchRows));
        expect(result.violations.map((v) => [v.rule, v.column, v.count])).toEqual([[breaker.rule, name, 1]]);
        expect(result.violations[0]?.examples).toEqual([
          { file: `part-${part}.csv`, row: row + 1, value: breaker.cell === "" ? null : breaker.cell },
        ]);
        expect(result.result).toBe("fail");
      }),
      { numRuns: 200 },
    );
  });

  it("find every repeated id in a unique column, wherever the repeats fall", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        (ids, batchRows) => {
          const table = memoryTable(
            "ids.csv",
            ["id"],
            ids.map((id) => [String(id)]),
            { batchRows },
          );
          const result = run("columns:\n  id: {type: integer, unique: true}\n", [table]);
          const seen = new Set<number>();
          const repeats: number[] = [];
          ids.forEach((id, i) => {
            if (seen.has(id)) repeats.push(i + 1);
            seen.add(id);
          });
          expect(result.violations[0]?.count ?? 0).toBe(repeats.length);
          expect(result.violations[0]?.examples.map((e) => e.row) ?? []).toEqual(repeats.slice(0, 5));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("inferred contracts", () => {
  const cellKinds = fc.constantFrom("integer", "float", "category", "date", "datetime", "boolean", "text");
  const cellOf = (kind: string): fc.Arbitrary<string> => {
    switch (kind) {
      case "integer":
        return fc.integer({ min: -1000, max: 1000 }).map(String);
      case "float":
        return fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String);
      case "category":
        return fc.constantFrom("red", "green", "blue");
      case "date":
        return fc.integer({ min: 0, max: 20_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
      case "datetime":
        return fc.integer({ min: 0, max: 2e12 }).map((ms) => new Date(ms).toISOString());
      case "boolean":
        return fc.constantFrom("true", "false", "True");
      default:
        return fc.string({ maxLength: 6 });
    }
  };
  const table = fc.array(cellKinds, { minLength: 1, maxLength: 5 }).chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      rows: fc.array(fc.tuple(...kinds.map((k) => fc.option(cellOf(k), { freq: 8, nil: "" }))), {
        minLength: 1,
        maxLength: 60,
      }),
    }),
  );

  it("accept the very data they were inferred from", () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 8 }), ({ kinds, rows }, batchRows) => {
        const columns = kinds.map((k, i) => `${k}_${i}`);
        const data = memoryTable("sample.csv", columns, rows, { batchRows });
        const inferred = inferContract({ tables: [data] });
        const result = run(inferred.text, [memoryTable("sample.csv", columns, rows, { batchRows })]);
        expect(result.violations).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("building blocks", () => {
  it("a distinct set agrees with a Set on which values repeat", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 300 }), (values) => {
        const set = new DistinctSet(1_000);
        const reference = new Set<string>();
        values.forEach((value, i) => {
          const found = set.add(value, 0, i);
          expect(found === "added").toBe(!reference.has(value));
          reference.add(value);
        });
        expect(set.size).toBe(reference.size);
      }),
    );
  });

  it("reads every real calendar day and date-time back to its instant", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          expect(parseDateTime(iso)).toBe(date.getTime());
          const day = iso.slice(0, 10);
          expect(parseDate(day)).toBe(Math.floor(date.getTime() / 86_400_000) * 86_400_000);
        },
      ),
    );
  });

  it("never reads a day that does not exist", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 29, max: 31 }),
        fc.integer({ min: 1900, max: 2100 }),
        (month, day, year) => {
          const real = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
          const text = `${year}-${String(month).padStart(2, "0")}-${day}`;
          expect(parseDate(text) !== undefined).toBe(real);
        },
      ),
    );
  });

  it("treats every empty cell as missing whatever the type", () => {
    for (const type of ["integer", "number", "string", "boolean", "date", "datetime"] as const) {
      for (const raw of ["", null, undefined, Number.NaN]) {
        expect(parseCell(type, raw, { format: "csv", nullValues: new Set() })).toBe(MISSING);
      }
    }
  });

  it("flags any repeated group that repeats inside, and nothing without nesting", () => {
    const atom = fc.constantFrom("a", "\\d", "[a-z]", ".", "(?:ab)");
    const inner = fc.constantFrom("+", "*", "{2,}");
    const outer = fc.constantFrom("+", "*", "{2,5}", "{3}");
    fc.assert(
      fc.property(atom, inner, outer, fc.constantFrom("", "x", "^"), (a, i, o, prefix) => {
        expect(nestedQuantifier(`${prefix}(${a}${i})${o}`)).toBeDefined();
        expect(nestedQuantifier(`${prefix}(${a})${o}`)).toBeUndefined();
        expect(nestedQuantifier(`${prefix}(${a}${i})?`)).toBeUndefined();
        expect(nestedQuantifier(`${prefix}[(]${a}${i}[)]${o}`)).toBeUndefined();
      }),
    );
  });
});
