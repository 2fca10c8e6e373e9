import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CellReading, parseCell, parseDate, parseDateTime } from "../../src/contract/cell-parsing.js";
import { COLUMN_TYPES } from "../../src/contract/data-contract.js";
import { dateLikeText, numberLikeText, trickyText } from "../profile/text-arbitraries.js";
import { regexParseCell, regexParseDate, regexParseDateTime } from "./regex-cell-parsing.js";

const READINGS: readonly CellReading[] = [
  { format: "csv", nullValues: new Set() },
  { format: "csv", nullValues: new Set(["NA", "-", "null"]) },
  { format: "jsonl", nullValues: new Set(["NA"]) },
  { format: "parquet", nullValues: new Set() },
];

const anyText = fc.oneof(numberLikeText, dateLikeText, trickyText, fc.constantFrom("NA", "-", "null", "", "true"));

const anyCell = fc.oneof(
  anyText,
  fc.double(),
  fc.integer(),
  fc.bigInt(),
  fc.boolean(),
  fc.constantFrom(null, undefined, Number.NaN, -0, new Date(0), new Date(86_400_000 * 3 + 1), new Date(Number.NaN)),
  fc.date({ noInvalidDate: true }),
);

describe("parsing cells without regular expressions", () => {
  it("parses every cell, as every type, in every format, exactly as the regular-expression reader", () => {
    fc.assert(
      fc.property(anyCell, fc.constantFrom(...COLUMN_TYPES), fc.constantFrom(...READINGS), (raw, type, reading) => {
        expect(Object.is(parseCell(type, raw, reading), regexParseCell(type, raw, reading))).toBe(true);
      }),
      { numRuns: 50_000 },
    );
  });

  it("reads dates and date-times exactly as the regular-expression reader", () => {
    fc.assert(
      fc.property(dateLikeText, (text) => {
        expect(parseDate(text)).toBe(regexParseDate(text));
        expect(parseDateTime(text)).toBe(regexParseDateTime(text));
      }),
      { numRuns: 50_000 },
    );
  });

  it.each([
    ["0050-01-01", -60_589_296_000_000],
    ["2024-02-29T23:59:59.999+23:59", Date.UTC(2024, 1, 29, 23, 59, 59, 999) - (23 * 60 + 59) * 60_000],
    ["2024-02-29t12:00z", Date.UTC(2024, 1, 29, 12)],
    ["2024-02-29 12:00:00-0130", Date.UTC(2024, 1, 29, 13, 30)],
    ["2023-02-29T00:00Z", undefined],
    ["2024-01-01T24:00Z", undefined],
    ["2024-01-01T12:00:60Z", undefined],
    ["2024-01-01T12:00+24:00", undefined],
    ["2024-01-01T12:00.5Z", undefined],
    ["2024-01-01T12:00:00.Z", undefined],
  ])("reads the date-time %j as %s", (text, expected) => {
    expect(parseDateTime(text)).toBe(expected);
    expect(regexParseDateTime(text)).toBe(expected);
  });

  it("reads booleans in any ASCII case and nothing that only lowers to them", () => {
    const csv = READINGS[0]!;
    for (const text of [
      "true",
      "TRUE",
      "True",
      "tRuE",
      "false",
      "FALSE",
      "fAlSe",
      "\u212arue",
      "İtrue",
      "ſalse",
      "true ",
    ]) {
      expect(parseCell("boolean", text, csv)).toBe(regexParseCell("boolean", text, csv));
    }
  });
});
