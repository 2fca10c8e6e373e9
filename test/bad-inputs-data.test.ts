import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkDataset } from "../packages/core/src/contract/check-dataset.js";
import { parseContract, readContract } from "../packages/core/src/contract/load-contract.js";
import { InputError } from "../packages/core/src/errors/input-error.js";

interface BadInput {
  readonly file: string;
  /** contract: read as a data contract; data: checked against a contract that any table satisfies. */
  readonly read: "contract" | "data";
  readonly expect: string;
  readonly line?: number | null;
  readonly row?: number | null;
  readonly column?: number;
}

interface EmptyInput {
  readonly file: string;
  readonly rule: string;
  readonly message: string;
}

const corpus = join(import.meta.dirname, "bad-inputs/data");
const manifest = JSON.parse(readFileSync(join(corpus, "cases.json"), "utf8")) as {
  cases: BadInput[];
  violations: EmptyInput[];
};

/** Requires nothing of any column, so only a file's own defects can fail it. */
const ANY_TABLE = parseContract("min_rows: 1\ncolumns:\n  id: {type: string, required: false}\n", "any.contract.yml");

async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("bad data inputs", () => {
  it("has a corpus of at least 20 cases", () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const entry of manifest.cases) {
    it(`rejects ${entry.file} with one clear error naming the file${entry.line ? " and line" : entry.row ? " and row" : ""}`, async () => {
      const file = join(corpus, entry.file);
      const error = await thrown(() =>
        entry.read === "contract" ? readContract(file) : checkDataset(ANY_TABLE, [file]),
      );
      expect(error).toBeInstanceOf(InputError);
      const inputError = error as InputError;
      expect(inputError.message.split("\n")).toHaveLength(1);
      expect(inputError.message.length).toBeLessThan(400);
      expect(inputError.detail).toContain(entry.expect);
      expect(inputError.location?.file).toBe(file);
      expect(inputError.location?.line ?? null).toBe(entry.line ?? null);
      expect(inputError.location?.row ?? null).toBe(entry.row ?? null);
      if (entry.column !== undefined) expect(inputError.location?.column).toBe(entry.column);
      if (entry.line) expect(inputError.message.startsWith(`${file}:${entry.line}`)).toBe(true);
      else if (entry.row) expect(inputError.message.startsWith(`${file}: row ${entry.row}: `)).toBe(true);
      else expect(inputError.message.startsWith(`${file}: `)).toBe(true);
    });
  }

  for (const entry of manifest.violations) {
    it(`reads ${entry.file} as a valid table that breaks the contract's ${entry.rule}`, async () => {
      const result = await checkDataset(ANY_TABLE, [join(corpus, entry.file)]);
      expect(result.rows).toBe(0);
      expect(result.violations.map((v) => [v.rule, v.message])).toEqual([[entry.rule, entry.message]]);
    });
  }
});
