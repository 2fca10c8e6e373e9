import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readValue } from "../../src/profile/value-types.js";
import { regexReadValue } from "./regex-value-types.js";
import { dateLikeText, numberLikeText, trickyText } from "./text-arbitraries.js";

describe("type inference counts", () => {
  it.each([
    ["42", { integer: true, number: 42, boolean: false, date: false }],
    [" -7 ", { integer: true, number: -7, boolean: false, date: false }],
    ["3.25", { integer: false, number: 3.25, boolean: false, date: false }],
    ["1e-3", { integer: false, number: 0.001, boolean: false, date: false }],
    [".5", { integer: false, number: 0.5, boolean: false, date: false }],
    ["0x1f", { integer: false, number: undefined, boolean: false, date: false }],
    ["Infinity", { integer: false, number: undefined, boolean: false, date: false }],
    ["TRUE", { integer: false, number: undefined, boolean: true, date: false }],
    ["yes", { integer: false, number: undefined, boolean: false, date: false }],
    ["2024-02-29", { integer: false, number: undefined, boolean: false, date: true }],
    ["2023-02-29", { integer: false, number: undefined, boolean: false, date: false }],
    ["2024-05-01T13:05:00.250+02:00", { integer: false, number: undefined, boolean: false, date: true }],
    ["2024-05-01T25:00", { integer: false, number: undefined, boolean: false, date: false }],
  ])("reads the text %j", (text, reading) => {
    expect(readValue(text)).toEqual(reading);
  });

  it("reads typed cells from JSONL and Parquet", () => {
    expect(readValue(7)).toMatchObject({ integer: true, number: 7 });
    expect(readValue(7.5)).toMatchObject({ integer: false, number: 7.5 });
    expect(readValue(Number.NaN)).toMatchObject({ number: undefined });
    expect(readValue(12n)).toMatchObject({ integer: true, number: 12 });
    expect(readValue(false)).toMatchObject({ boolean: true, number: undefined });
    expect(readValue(new Date("2024-05-01T00:00:00Z"))).toMatchObject({ date: true });
    expect(readValue({ a: 1 })).toEqual({ integer: false, number: undefined, boolean: false, date: false });
  });

  it("reads every value exactly as the regular-expression reading does", () => {
    const value = fc.oneof(
      numberLikeText,
      dateLikeText,
      trickyText,
      fc
        .tuple(fc.constantFrom(" ", "\t", "\u00a0", "\ufeff", ""), fc.oneof(numberLikeText, dateLikeText))
        .map(([space, text]) => `${space}${text}${space}`),
      fc.double(),
      fc.bigInt(),
      fc.boolean(),
      fc.constantFrom(null, undefined, new Date(Number.NaN), { a: 1 }),
      fc.date(),
    );
    fc.assert(
      fc.property(value, (cell) => {
        const reading = readValue(cell);
        const expected = regexReadValue(cell);
        expect(reading).toEqual(expected);
        expect(Object.is(reading.number, expected.number)).toBe(true);
      }),
      { numRuns: 50_000 },
    );
  });
});
