import { type CellReading, INVALID, MISSING, type ParsedCell } from "../../src/contract/cell-parsing.js";
import type { ColumnType } from "../../src/contract/data-contract.js";

/**
 * The straightforward reader of cells: regular expressions for the text forms and a `Date` round
 * trip for the calendar. The property tests hold `parseCell`, `parseDate` and `parseDateTime` to
 * exactly its answers.
 */
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const MS_PER_DAY = 86_400_000;

export function regexParseCell(type: ColumnType, raw: unknown, reading: CellReading): ParsedCell {
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
      return text ? (regexParseDate(raw) ?? INVALID) : INVALID;
    case "datetime":
      if (raw instanceof Date) return Number.isFinite(raw.getTime()) ? raw.getTime() : INVALID;
      return text ? (regexParseDateTime(raw) ?? INVALID) : INVALID;
  }
}

export function regexParseDate(text: string): number | undefined {
  const match = DATE_TEXT.exec(text);
  if (!match) return undefined;
  return dateCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function regexParseDateTime(text: string): number | undefined {
  const day = regexParseDate(text);
  if (day !== undefined) return day;
  const match = DATETIME_TEXT.exec(text);
  if (!match) return undefined;
  const date = dateCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  if (date === undefined || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = match[7] === undefined ? 0 : Math.floor(Number(`0${match[7]}`) * 1000);
  const offset = offsetMinutes(match[8]);
  if (offset === undefined) return undefined;
  return date + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis;
}

/** A day as UTC milliseconds through a `Date` round trip: undefined when the day does not exist. */
export function dateCalendarDay(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
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
