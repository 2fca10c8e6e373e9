import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinctCount } from "../../src/profile/column-profile.js";
import { type DatasetProfile, emptyProfile, mergeProfiles, ProfileBuilder } from "../../src/profile/dataset-profile.js";
import { EXACT_VALUE_LIMIT, valueCountErrorBound } from "../../src/profile/value-counts.js";
import { batchOf, profileOf } from "./batch-of.js";
import { expectEquivalentProfiles } from "./expect-equivalent.js";

const cell = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.integer({ min: -50, max: 50 }),
  fc.integer({ min: -50, max: 50 }).map(String),
  fc.constantFrom("red", "green", "blue", "2024-02-29", "true", "FALSE", "1.5e3", "n/a"),
  fc.constantFrom(null, undefined, ""),
  fc.boolean(),
);

const table = fc.integer({ min: 0, max: 120 }).chain((rows) =>
  fc.record({
    mixed: fc.array(cell, { minLength: rows, maxLength: rows }),
    amount: fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(null)), {
      minLength: rows,
      maxLength: rows,
    }),
  }),
);

type Columns = Record<string, unknown[]>;

/** Splits the rows at the given fractions (sorted, deduplicated) into consecutive shards. */
function shardsOf(columns: Columns, cuts: number[]): Columns[] {
  const rows = Object.values(columns)[0]!.length;
  const points = [...new Set(cuts.map((f) => Math.floor(f * rows)))].sort((a, b) => a - b);
  const bounds = [0, ...points, rows];
  const shards: Columns[] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    shards.push(
      Object.fromEntries(Object.entries(columns).map(([name, cells]) => [name, cells.slice(bounds[s], bounds[s + 1])])),
    );
  }
  return shards;
}

describe("profiles of shards merge into the profile of the whole dataset", () => {
  it("merging per-shard profiles equals profiling the concatenated rows", () => {
    fc.assert(
      fc.property(table, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), (columns, cuts) => {
        const whole = profileOf(columns);
        const merged = shardsOf(columns, cuts)
          .map(profileOf)
          .reduce((acc, p) => mergeProfiles(acc, p), emptyProfile(Object.keys(columns)));
        expectEquivalentProfiles(merged, whole);
      }),
      { numRuns: 150 },
    );
  });

  it("feeding batches to one builder equals profiling the rows in one batch", () => {
    fc.assert(
      fc.property(table, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), (columns, cuts) => {
        const builder = new ProfileBuilder(Object.keys(columns));
        let rowStart = 0;
        for (const shard of shardsOf(columns, cuts)) {
          builder.add(batchOf(shard, rowStart));
          rowStart += shard.mixed!.length;
        }
        expectEquivalentProfiles(builder.profile(), profileOf(columns));
      }),
      { numRuns: 100 },
    );
  });

  it("merging is associative and commutative", () => {
    fc.assert(
      fc.property(table, table, table, (a, b, c) => {
        const [pa, pb, pc] = [profileOf(a), profileOf(b), profileOf(c)];
        expectEquivalentProfiles(mergeProfiles(mergeProfiles(pa, pb), pc), mergeProfiles(pa, mergeProfiles(pb, pc)));
        expectEquivalentProfiles(mergeProfiles(pa, pb), mergeProfiles(pb, pa));
      }),
      { numRuns: 100 },
    );
  });

  it("the empty profile is the identity of merging", () => {
    fc.assert(
      fc.property(table, (columns) => {
        const profile = profileOf(columns);
        expectEquivalentProfiles(mergeProfiles(emptyProfile(Object.keys(columns)), profile), profile);
        expectEquivalentProfiles(mergeProfiles(profile, emptyProfile(Object.keys(columns))), profile);
      }),
      { numRuns: 50 },
    );
  });

  it("counts a column missing from one shard as missing in that shard's rows", () => {
    const merged = mergeProfiles(profileOf({ a: [1, 2], b: ["x", "y"] }), profileOf({ a: [3, 4, 5] }));
    expect(merged.rows).toBe(5);
    const b = merged.columns.find((column) => column.name === "b")!;
    expect({ count: b.count, nulls: b.nulls }).toEqual({ count: 5, nulls: 3 });
  });

  it("keeps the HyperLogLog registers identical when shards pass the exact-distinct limit", () => {
    const ids = Array.from({ length: 4 * EXACT_VALUE_LIMIT }, (_, k) => `id-${k}`);
    const categories = Array.from({ length: ids.length }, (_, k) => (k % 3 === 0 ? `rare-${k}` : `common-${k % 7}`));
    const whole = profileOf({ id: ids, category: categories });
    const parts = [0, 700, 1900, 2600, ids.length];
    let merged: DatasetProfile | undefined;
    for (let s = 0; s + 1 < parts.length; s++) {
      const shard = profileOf({
        id: ids.slice(parts[s], parts[s + 1]),
        category: categories.slice(parts[s], parts[s + 1]),
      });
      merged = merged === undefined ? shard : mergeProfiles(merged, shard);
    }
    for (const name of ["id", "category"]) {
      const a = merged!.columns.find((c) => c.name === name)!;
      const b = whole.columns.find((c) => c.name === name)!;
      expect(a.values.exact).toBe(false);
      expect(a.distinctSketch).toEqual(b.distinctSketch);
      expect(distinctCount(a)).toEqual(distinctCount(b));
    }
    // The common categories are heavy hitters: both summaries keep them within the error bound.
    for (const profile of [merged!, whole]) {
      const category = profile.columns.find((c) => c.name === "category")!;
      const bound = valueCountErrorBound(category.values);
      for (let k = 0; k < 7; k++) {
        const truth = categories.filter((value) => value === `common-${k}`).length;
        const counted = category.values.counts.get(`common-${k}`) ?? 0;
        expect(counted).toBeLessThanOrEqual(truth);
        expect(counted).toBeGreaterThanOrEqual(truth - bound);
      }
    }
  });
});
