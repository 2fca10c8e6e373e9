import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integerTextValue, numberTextValue } from "../../src/profile/number-text.js";
import { numberLikeText, trickyText } from "./text-arbitraries.js";

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What the regular expression and `Number` say: NaN for no match, else exactly `Number(text)`. */
function expectedValue(grammar: RegExp, text: string): number {
  return grammar.test(text) ? Number(text) : Number.NaN;
}

describe("reading numbers from text", () => {
  it("reads an integer text exactly as the regular expression and Number do", () => {
    fc.assert(
      fc.property(fc.oneof(numberLikeText, trickyText), (text) => {
        expect(Object.is(integerTextValue(text), expectedValue(INTEGER_TEXT, text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads a number text exactly as the regular expression and Number do", () => {
    fc.assert(
      fc.property(fc.oneof(numberLikeText, trickyText), (text) => {
        expect(Object.is(numberTextValue(text), expectedValue(NUMBER_TEXT, text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ["-0", -0],
    ["+0", 0],
    ["-0.0", -0],
    ["5.", 5],
    [".5", 0.5],
    ["+.5", 0.5],
    ["000123.4500", 123.45],
    ["0.1", 0.1],
    ["999999999999999", 999_999_999_999_999],
    ["9007199254740993", 9_007_199_254_740_992],
    ["0.30000000000000004", 0.30000000000000004],
    ["1e400", Number.POSITIVE_INFINITY],
    ["1E-3", 0.001],
    ["", Number.NaN],
    [".", Number.NaN],
    ["+", Number.NaN],
    ["5e", Number.NaN],
    ["1.2.3", Number.NaN],
    [" 1", Number.NaN],
    ["0x1f", Number.NaN],
    ["Infinity", Number.NaN],
    ["１", Number.NaN],
  ])("reads %j as %d", (text, value) => {
    expect(Object.is(numberTextValue(text), value)).toBe(true);
  });

  it("reads every amount with two decimals up to 100,000 as Number does", () => {
    for (let cents = 0; cents <= 10_000_000; cents += 7) {
      const text = (cents / 100).toFixed(2);
      if (numberTextValue(text) !== Number(text)) expect(numberTextValue(text)).toBe(Number(text));
    }
  });

  it("reads 15-digit mantissas at every position of the point as Number does", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999_999_999_999_999n }), fc.nat(15), (mantissa, point) => {
        const digits = mantissa.toString().padStart(15, "0");
        const text = `${digits.slice(0, 15 - point)}.${digits.slice(15 - point)}`;
        expect(Object.is(numberTextValue(text), Number(text))).toBe(true);
        expect(Object.is(numberTextValue(`-${text}`), Number(`-${text}`))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});
