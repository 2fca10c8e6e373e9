import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseContract, serializeProfile } from "@slipway/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inferDataContract, planColumnGroups, validateData } from "../src/index.js";

const CONTRACT = `version: 1
min_rows: 5
additional_columns: false
columns:
  id:
    type: string
    nullable: false
    regex: "r[0-9]+"
    unique: true
  placed:
    type: date
  shipped:
    type: date
  amount:
    type: number
    min: 0
    max: 100
    drift: {method: wasserstein, threshold: 0.1}
  country:
    type: string
    enum: [de, fr, us]
    drift: {method: jensen_shannon, threshold: 0.1}
  qty:
    type: integer
    max_null_rate: 0.1
  member:
    type: boolean
    nullable: false
  note:
    type: string
rules:
  - unique_together: [country, qty]
    severity: warn
  - compare: placed <= shipped
`;

/** Rows with every kind of violation, spread over shards that differ in columns. */
function shard(seed: number, rows: number, columns: readonly string[]): string {
  const lines = [columns.join(",")];
  for (let i = 0; i < rows; i += 1) {
    const k = seed * 1000 + i;
    const cell: Record<string, string> = {
      // Repeats within a shard, and (k = 2005) across shards.
      id: k % 17 === 0 ? `r${k - 3}` : k % 29 === 0 ? `x${k}` : k === 2005 ? "r1010" : `r${k}`,
      placed: `2024-0${1 + (k % 9)}-1${k % 10}`,
      shipped: k % 13 === 0 ? "2024-01-01" : `2024-0${1 + (k % 9)}-2${k % 10}`,
      amount: k % 11 === 0 ? "-4.5" : k % 23 === 0 ? "oops" : String((k * 7.31) % 120),
      country: ["de", "fr", "us", "uk", ""][k % 5] as string,
      qty: k % 7 === 0 ? "" : String(k % 4),
      member: k % 19 === 0 ? "maybe" : k % 31 === 0 ? "" : k % 2 === 0 ? "true" : "false",
      note: k % 3 === 0 ? "" : `"a, ""quoted"" note ${k}"`,
      extra: "x",
    };
    lines.push(columns.map((name) => cell[name] as string).join(","));
  }
  return `${lines.join("\n")}\n`;
}

describe("validation in column groups", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "slipway-groups-"));
    const all = ["id", "placed", "shipped", "amount", "country", "qty", "member", "note"];
    await writeFile(join(dir, "contract.yml"), CONTRACT);
    await writeFile(join(dir, "a.csv"), shard(1, 400, all));
    await writeFile(join(dir, "b.csv"), shard(2, 300, ["note", "amount", "id", "country", "qty", "extra"]));
    await writeFile(join(dir, "c.csv"), shard(3, 350, [...all].reverse()));
    await writeFile(join(dir, "reference.csv"), shard(9, 500, all));
    const { profile } = await inferDataContract({ workspace: dir, data: "reference.csv" });
    await writeFile(join(dir, "reference.json"), serializeProfile(profile));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const validate = (count: number) =>
    validateData({
      workspace: dir,
      data: ["a.csv", "b.csv", "c.csv"],
      contract: "contract.yml",
      reference: "reference.json",
      threads: { count },
    });

  it("gives the same report, profile and annotations whatever the number of groups", async () => {
    const one = await validate(1);
    expect(one.report.result).toBe("fail");
    const rules = new Set(one.report.violations.map((v) => v.rule));
    for (const rule of [
      "regex",
      "unique",
      "type",
      "min",
      "max",
      "enum",
      "nullable",
      "max_null_rate",
      "compare",
      "unique_together",
    ]) {
      expect(rules).toContain(rule);
    }
    expect(rules).toContain("required");
    expect(rules).toContain("additional_columns");
    for (const count of [2, 3, 8]) {
      const grouped = await validate(count);
      expect(grouped.report).toEqual(one.report);
      expect(grouped.profile).toEqual(one.profile);
      expect(grouped.annotations).toEqual(one.annotations);
      expect(grouped.markdown).toBe(one.markdown);
    }
  });

  it("keeps the columns of a table rule in one group and every column in exactly one", async () => {
    const contract = parseContract(CONTRACT, "contract.yml");
    for (const count of [1, 2, 3, 4, 20]) {
      const groups = planColumnGroups(contract, count);
      expect(groups.length).toBeLessThanOrEqual(count);
      expect(groups.flat().sort()).toEqual(contract.columns.map((c) => c.name).sort());
      const home = (name: string) => groups.findIndex((group) => group.includes(name));
      expect(home("country")).toBe(home("qty"));
      expect(home("placed")).toBe(home("shipped"));
    }
    expect(planColumnGroups(contract, 4)).toHaveLength(4);
  });
});
