import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findBaselineRows,
  type HashedIds,
  hashedIdRange,
  type IndexedIds,
} from "../../src/eval/binary-side-pairing.js";
import { ExampleIds, fnv1a, IdIndex } from "../../src/eval/example-ids.js";

function indexed(ids: readonly string[]): IndexedIds {
  const store = new ExampleIds(ids.length, 8, true);
  const index = new IdIndex(store, ids.length, true);
  for (const id of ids) store.push(id);
  expect(index.insertRange(0, ids.length)).toBe(-1);
  const { bytes, ends } = store.parts();
  return { n: ids.length, idBytes: bytes, idEnds: ends, indexSlots: index.slotArray() };
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

  it("finds each row's baseline row, whichever rows a second thread takes as a copy of their own", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { maxLength: 60 }),
        fc.array(id, { maxLength: 60 }),
        fc.nat(),
        (baselineIds, candidateIds, at) => {
          const baseline = indexed(baselineIds);
          const candidate = hashed(candidateIds);
          const split = candidateIds.length === 0 ? 0 : at % (candidateIds.length + 1);
          const found = new Int32Array(candidateIds.length);
          findBaselineRows(baseline, candidate, 0, split, found);
          const rest = hashedIdRange(candidate, split, candidate.n);
          found.set(findBaselineRows(baseline, rest), split);
          expect([...found]).toEqual(candidateIds.map((x) => baselineIds.indexOf(x)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
