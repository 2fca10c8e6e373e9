import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { civilDayMillis, fractionMillis } from "../../src/profile/date-time-text.js";
import { dateCalendarDay } from "../contract/regex-cell-parsing.js";
import { digitText } from "./text-arbitraries.js";

describe("calendar days without Date", () => {
  it("agrees with a Date round trip on every day of years 0 to 9999, and rejects the days that do not exist", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: -1, max: 14 }),
        fc.integer({ min: -1, max: 33 }),
        (year, month, day) => {
          expect(civilDayMillis(year, month, day)).toBe(dateCalendarDay(year, month, day));
        },
      ),
      { numRuns: 50_000 },
    );
  });

  it("agrees with a Date round trip on every day of the leap-year edge centuries", () => {
    for (const year of [0, 1, 4, 99, 100, 399, 400, 1582, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9999]) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const expected = dateCalendarDay(year, month, day);
          if (civilDayMillis(year, month, day) !== expected)
            expect([year, month, day, civilDayMillis(year, month, day)]).toEqual([year, month, day, expected]);
        }
      }
    }
    expect(civilDayMillis(50, 1, 1)).toBe(-60_589_296_000_000);
    expect(civilDayMillis(2024, 2, 29)).toBe(Date.UTC(2024, 1, 29));
    expect(civilDayMillis(2023, 2, 29)).toBeUndefined();
  });
});

describe("fractions of a second", () => {
  it("drops digits beyond milliseconds exactly as reading the fraction as a number does", () => {
    for (let digits = 1; digits <= 3; digits += 1) {
      for (let value = 0; value < 10 ** digits; value += 1) {
        const text = `.${String(value).padStart(digits, "0")}`;
        expect(fractionMillis(text, 0, text.length)).toBe(Math.floor(Number(`0${text}`) * 1000));
      }
    }
    fc.assert(
      fc.property(digitText(1, 25), (digits) => {
        const text = `x.${digits}Z`;
        expect(fractionMillis(text, 1, text.length - 1)).toBe(Math.floor(Number(`0.${digits}`) * 1000));
      }),
      { numRuns: 20_000 },
    );
    expect(fractionMillis(".9999999999999999999", 0, 20)).toBe(1000);
  });
});
