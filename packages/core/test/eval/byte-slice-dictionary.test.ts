import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteSliceDictionary } from "../../src/eval/byte-slice-dictionary.js";
import { SliceDictionary } from "../../src/eval/slice-dictionary.js";

const encoder = new TextEncoder();

/** Cell texts of 0 to 12 bytes from a small alphabet (NUL and a 3-byte character included), so values repeat. */
const cellArb = fc
  .array(fc.constantFrom("a", "b", "\u0000", "é", "€", "-", "1"), { maxLength: 6 })
  .map((parts) => parts.join(""));

describe("coding slice cells from their bytes", () => {
  it("gives the codes and values of coding their strings, for short and long values alike, up to overflow", () => {
    fc.assert(
      fc.property(fc.array(cellArb, { maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (cells, maxValues) => {
        const fromBytes = new ByteSliceDictionary("c", maxValues);
        const fromText = new SliceDictionary("c", maxValues);
        // All the cells in one buffer, as a file's rows arrive.
        const bytes = cells.map((cell) => encoder.encode(cell));
        const buffer = new Uint8Array(bytes.reduce((size, b) => size + b.length + 1, 0));
        let at = 0;
        const codes = bytes.map((b, k) => {
          buffer.set(b, at + 1);
          const code = fromBytes.code(buffer, at + 1, at + 1 + b.length);
          at += b.length + 1;
          return [code, fromText.code(cells[k] === "" ? undefined : cells[k])];
        });
        for (const [byBytes, byText] of codes) expect(byBytes).toBe(byText);
        expect(fromBytes.values).toEqual(fromText.values);
        expect(fromBytes.overflowed).toBe(fromText.overflowed);
      }),
    );
  });
});
