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

const INTEGER_TEXT = /^[+-]?\d+$/;
// The JSON number grammar (RFC 8259 §6) loosened to allow a leading "+", ".5" and "5.".
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 §5.6 date-time, with a space allowed for the "T" (as §5.6's note permits), seconds
// optional, and the offset optional (a time without one is read as UTC).
const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const MS_PER_DAY = 86_400_000;

/**
 * Reads one cell as a value of `type`. Missing: `undefined`, `null`, an empty string, a NaN
 * number (how pandas writes a missing float), or in CSV one of the configured null values.
 * Text is parsed as a number or boolean only in CSV, where every cell is text; in JSONL and
 * Parquet a value keeps the type it was written with, so the JSON string "12" is not an integer.
 * Dates and times are text in CSV and JSONL, so text is parsed as a date in every format.
 */
export function parseCell(type: ColumnType, raw: unknown, reading: CellReading): ParsedCell {
  if (raw === undefined || raw === null || raw === "") return MISSING;
  if (typeof raw === "number" && Number.isNaN(raw)) return MISSING;
  const text = typeof raw === "string";
  if (text && reading.format === "csv" && reading.nullValues.has(raw)) return MISSING;
  const csvText = text && reading.format === "csv";
  switch (type) {
    case "string":
      return text ? raw : INVALID;
    case "integer":
      if (typeof raw === "number") return Number.isInteger(raw) ? raw : INVALID;
      if (typeof raw === "bigint") return Number(raw);
      return csvText && INTEGER_TEXT.test(raw) ? Number(raw) : INVALID;
    case "number": {
      if (typeof raw === "number") return Number.isFinite(raw) ? raw : INVALID;
      if (typeof raw === "bigint") return Number(raw);
      return csvText && NUMBER_TEXT.test(raw) && Number.isFinite(Number(raw)) ? Number(raw) : INVALID;
    }
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (csvText) {
        const lower = raw.toLowerCase();
        if (lower === "true") return true;
        if (lower === "false") return false;
      }
      return INVALID;
    case "date":
      if (raw instanceof Date) {
        const time = raw.getTime();
        return Number.isFinite(time) && time % MS_PER_DAY === 0 ? time : INVALID;
      }
      return text ? (parseDate(raw) ?? INVALID) : INVALID;
    case "datetime":
      if (raw instanceof Date) return Number.isFinite(raw.getTime()) ? raw.getTime() : INVALID;
      return text ? (parseDateTime(raw) ?? INVALID) : INVALID;
  }
}

/** An ISO 8601 calendar date (`2024-02-29`) as milliseconds since the epoch at UTC midnight. */
export function parseDate(text: string): number | undefined {
  const match = DATE_TEXT.exec(text);
  if (!match) return undefined;
  return calendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * An RFC 3339 date-time (or a bare date, read as its UTC midnight) as milliseconds since the
 * epoch; digits beyond milliseconds are dropped.
 */
export function parseDateTime(text: string): number | undefined {
  const day = parseDate(text);
  if (day !== undefined) return day;
  const match = DATETIME_TEXT.exec(text);
  if (!match) return undefined;
  const date = calendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  if (date === undefined || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = match[7] === undefined ? 0 : Math.floor(Number(`0${match[7]}`) * 1000);
  const offset = offsetMinutes(match[8]);
  if (offset === undefined) return undefined;
  return date + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis;
}

function calendarDay(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999. It rolls 2023-02-29
  // over to March 1st, so a real day is one that survives the round trip.
  const back = new Date(0);
  back.setUTCFullYear(year, month - 1, day);
  const time = back.getTime();
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return time;
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === "Z" || zone === "z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
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
