import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  baselineRowsFor,
  type HashedIds,
  hashedIdRange,
  type IndexedSide,
  lookUpBaselineRows,
} from "../../src/eval/binary-side-pairing.js";
import { ExampleIds, fnv1a, IdIndex } from "../../src/eval/example-ids.js";

function indexed(ids: readonly string[]): IndexedSide {
  const store = new ExampleIds(ids.length, 8, true);
  for (const id of ids) store.push(id);
  const { bytes, ends } = store.parts();
  const hashes = Int32Array.from(ids, (_, i) => fnv1a(bytes, i === 0 ? 0 : (ends[i - 1] as number), ends[i] as number));
  const { index, repeated } = IdIndex.build(store, hashes, true);
  expect(repeated).toBe(-1);
  return {
    n: ids.length,
    idBytes: bytes,
    idEnds: ends,
    indexSlots: index.slotArray(),
    label: Uint8Array.from(ids, (_, i) => i % 2),
    prediction: Uint8Array.from(ids, (_, i) => (i % 3) % 2),
    score: Float64Array.from(ids, (_, i) => i / 64),
  };
}

function hashed(ids: readonly string[]): HashedIds {
  const store = new ExampleIds(ids.length, 8);
  for (const id of ids) store.push(id);
  const { bytes, ends } = store.parts();
  const idHashes = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++)
    idHashes[i] = fnv1a(bytes, i === 0 ? 0 : (ends[i - 1] as number), ends[i] as number);
  return { n: ids.length, idBytes: bytes, idEnds: ends, idHashes };
}

describe("looking candidate rows up in the baseline's index", () => {
  // Short ids over a small alphabet, so that ids repeat between the sides and hashes collide in slots.
  const id = fc.string({ unit: fc.constantFrom("a", "b", "é", "1", "😀"), maxLength: 4 });

  it("finds each row's baseline row and its columns, whichever rows a second thread takes as a copy of their own", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { minLength: 1, maxLength: 60 }),
        fc.array(id, { maxLength: 60 }),
        fc.nat(),
        (baselineIds, candidateIds, at) => {
          const baseline = indexed(baselineIds);
          const candidate = hashed(candidateIds);
          const split = at % (candidateIds.length + 1);
          const rows = baselineRowsFor(candidate.n, true);
          lookUpBaselineRows(baseline, candidate, 0, split, rows, 0);
          const rest = hashedIdRange(candidate, split, candidate.n);
          lookUpBaselineRows(baseline, rest, 0, rest.n, rows, split);
          const expected = candidateIds.map((x) => baselineIds.indexOf(x));
          expect([...rows.found]).toEqual(expected);
          const paired = expected.flatMap((j, r) => (j === -1 ? [] : [r]));
          const of = (column: ArrayLike<number>) => paired.map((r) => column[r]);
          expect(of(rows.label)).toEqual(paired.map((r) => baseline.label[expected[r] as number]));
          expect(of(rows.prediction)).toEqual(paired.map((r) => baseline.prediction[expected[r] as number]));
          expect(of(rows.score as Float64Array)).toEqual(paired.map((r) => baseline.score?.[expected[r] as number]));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("an id index built at once", () => {
  it("is built from the hashes that appending ids' bytes gives, FNV-1a's", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = a % (bytes.length + 1);
        const end = start + (b % (bytes.length - start + 1));
        const store = new ExampleIds(1, 4);
        expect(store.pushBytes(bytes, start, end)).toBe(fnv1a(bytes, start, end) | 0);
        expect([...store.bytesOf(0)]).toEqual([...bytes.subarray(start, end)]);
      }),
    );
  });

  it("finds every id's first row, and names a repeated id when there is one", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom("a", "b", "é", "1"), maxLength: 3 }), { maxLength: 80 }),
        (ids) => {
          const store = new ExampleIds(ids.length, 4);
          for (const id of ids) store.push(id);
          const hashes = Int32Array.from(ids, (_, i) => store.hash(i) | 0);
          const { index, repeated } = IdIndex.build(store, hashes);
          const firstRepeat = ids.findIndex((id, i) => ids.indexOf(id) !== i);
          expect(repeated === -1).toBe(firstRepeat === -1);
          if (repeated !== -1) {
            expect(ids.indexOf(ids[repeated] as string)).toBeLessThan(repeated);
            return;
          }
          for (const [i, id] of ids.entries()) expect(index.find(id)).toBe(i);
          expect(index.find("absent")).toBe(-1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
