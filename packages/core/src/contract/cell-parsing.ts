import { civilDayMillis, fractionMillis, scanDateTimeText, scannedDateTime } from "../profile/date-time-text.js";
import { integerTextValue, numberTextValue } from "../profile/number-text.js";
import type { TableFormat } from "../tabular/table-format.js";
import type { ColumnType } from "./data-contract.js";

/** A cell that holds nothing (see `docs/contracts.md#missing-values`). */
export const MISSING: unique symbol = Symbol("missing");
/** A cell that holds something that is not a value of the column's type. */
export const INVALID: unique symbol = Symbol("invalid");

/**
 * A parsed cell: a number for integer, number, date and datetime columns (times as milliseconds
 * since the epoch), a string for string columns, a boolean for boolean columns.
 */
export type ParsedCell = number | string | boolean | typeof MISSING | typeof INVALID;

/** How the cells of one file are read: text formats need parsing, typed formats do not. */
export interface CellReading {
  readonly format: TableFormat;
  /** CSV fields that mean "missing" besides the empty field. */
  readonly nullValues: ReadonlySet<string>;
}

const MS_PER_DAY = 86_400_000;
const CHAR_MINUS = 45;
const CHAR_UPPER_Z = 90;
const CHAR_LOWER_Z = 122;

/**
 * Reads one cell as a value of `type`. Missing: `undefined`, `null`, an empty string, a NaN
 * number (how pandas writes a missing float), or in CSV one of the configured null values.
 * Text is parsed as a number or boolean only in CSV, where every cell is text; in JSONL and
 * Parquet a value keeps the type it was written with, so the JSON string "12" is not an integer.
 * Dates and times are text in CSV and JSONL, so text is parsed as a date in every format.
 */
export function parseCell(type: ColumnType, raw: unknown, reading: CellReading): ParsedCell {
  if (typeof raw === "string") {
    if (raw === "") return MISSING;
    if (reading.format !== "csv") return parseTypedText(type, raw);
    // An empty set still hashes the text to look it up: most contracts name no null values.
    if (reading.nullValues.size > 0 && reading.nullValues.has(raw)) return MISSING;
    return parseCsvText(type, raw);
  }
  if (raw === undefined || raw === null) return MISSING;
  if (typeof raw === "number" && Number.isNaN(raw)) return MISSING;
  switch (type) {
    case "string":
      return INVALID;
    case "integer":
      if (typeof raw === "number") return Number.isInteger(raw) ? raw : INVALID;
      return typeof raw === "bigint" ? Number(raw) : INVALID;
    case "number":
      if (typeof raw === "number") return Number.isFinite(raw) ? raw : INVALID;
      return typeof raw === "bigint" ? Number(raw) : INVALID;
    case "boolean":
      return typeof raw === "boolean" ? raw : INVALID;
    case "date": {
      if (!(raw instanceof Date)) return INVALID;
      const time = raw.getTime();
      return Number.isFinite(time) && time % MS_PER_DAY === 0 ? time : INVALID;
    }
    case "datetime":
      if (!(raw instanceof Date)) return INVALID;
      return Number.isFinite(raw.getTime()) ? raw.getTime() : INVALID;
  }
}

/** A non-empty CSV field, which is text whatever the column holds. */
function parseCsvText(type: ColumnType, text: string): ParsedCell {
  switch (type) {
    case "string":
      return text;
    case "integer": {
      const value = integerTextValue(text);
      return Number.isNaN(value) ? INVALID : value;
    }
    case "number": {
      // NaN for text that is no number, ±Infinity for one beyond the doubles: both invalid.
      const value = numberTextValue(text);
      return Number.isFinite(value) ? value : INVALID;
    }
    case "boolean":
      return booleanText(text) ?? INVALID;
    case "date":
      return parseDate(text) ?? INVALID;
    case "datetime":
      return parseDateTime(text) ?? INVALID;
  }
}

/** A non-empty string from a typed format (JSONL, Parquet): only dates are read from text there. */
function parseTypedText(type: ColumnType, text: string): ParsedCell {
  switch (type) {
    case "string":
      return text;
    case "date":
      return parseDate(text) ?? INVALID;
    case "datetime":
      return parseDateTime(text) ?? INVALID;
    default:
      return INVALID;
  }
}

/**
 * "true" or "false" in any ASCII case. (`toLowerCase` folds no other character onto these
 * letters: the non-ASCII ones that lower to ASCII, like the Kelvin sign, lower to none of them.)
 */
function booleanText(text: string): boolean | undefined {
  if (text === "true") return true;
  if (text === "false") return false;
  // ORing 0x20 lowers an ASCII capital and leaves its small letter, and no other code unit lands
  // on a small letter that way.
  if (text.length === 4) {
    const t = text.charCodeAt(0) | 0x20;
    const r = text.charCodeAt(1) | 0x20;
    const u = text.charCodeAt(2) | 0x20;
    const e = text.charCodeAt(3) | 0x20;
    return t === 116 && r === 114 && u === 117 && e === 101 ? true : undefined;
  }
  if (text.length === 5) {
    const f = text.charCodeAt(0) | 0x20;
    const a = text.charCodeAt(1) | 0x20;
    const l = text.charCodeAt(2) | 0x20;
    const s = text.charCodeAt(3) | 0x20;
    const e = text.charCodeAt(4) | 0x20;
    return f === 102 && a === 97 && l === 108 && s === 115 && e === 101 ? false : undefined;
  }
  return undefined;
}

/** An ISO 8601 calendar date (`2024-02-29`) as milliseconds since the epoch at UTC midnight. */
export function parseDate(text: string): number | undefined {
  if (!scanDateTimeText(text) || scannedDateTime.separator !== 0) return undefined;
  return civilDayMillis(scannedDateTime.year, scannedDateTime.month, scannedDateTime.day);
}

/**
 * An RFC 3339 date-time (or a bare date, read as its UTC midnight) as milliseconds since the
 * epoch; digits beyond milliseconds are dropped. RFC 3339 §5.6 with a space allowed for the "T"
 * (as §5.6's note permits), "t" and "z" in either case, seconds optional, and the offset optional
 * (a time without one is read as UTC).
 */
export function parseDateTime(text: string): number | undefined {
  if (!scanDateTimeText(text)) return undefined;
  const { year, month, day, separator, hour, minute, second, zone } = scannedDateTime;
  const date = civilDayMillis(year, month, day);
  if (separator === 0) return date;
  if (date === undefined || hour > 23 || minute > 59 || second > 59) return undefined;
  const { fractionStart, fractionEnd, offsetHours, offsetMinutes } = scannedDateTime;
  const millis = fractionStart < 0 ? 0 : fractionMillis(text, fractionStart, fractionEnd);
  let offset = 0;
  if (zone !== 0 && zone !== CHAR_UPPER_Z && zone !== CHAR_LOWER_Z) {
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    offset = (zone === CHAR_MINUS ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  }
  return date + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis;
}

/**
 * The key under which a parsed value is compared for uniqueness: equal values of the column's
 * type get the same key (the CSV texts "7" and "07" are the same integer), distinct ones do not.
 */
export function uniqueKey(type: ColumnType, value: number | string | boolean, raw: unknown): string {
  if (type === "integer" && typeof raw === "string" && !Number.isSafeInteger(value)) {
    // Beyond 2^53 a double merges neighbouring integers; the text keeps them apart.
    return BigInt(raw).toString();
  }
  if (type === "integer" && typeof raw === "bigint") return raw.toString();
  return typeof value === "string" ? value : String(value);
}

/** A bound or enum member from a contract as the number it is compared with, if it fits `type`. */
export function contractValue(type: ColumnType, written: unknown): number | string | undefined {
  switch (type) {
    case "integer":
      return typeof written === "number" && Number.isInteger(written) ? written : undefined;
    case "number":
      return typeof written === "number" && Number.isFinite(written) ? written : undefined;
    case "string":
      return typeof written === "string" ? written : undefined;
    case "date":
      return typeof written === "string" ? parseDate(written) : undefined;
    case "datetime":
      return typeof written === "string" ? parseDateTime(written) : undefined;
    case "boolean":
      return undefined;
  }
}
