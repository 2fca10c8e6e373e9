import type { ValueReading } from "../../src/profile/value-types.js";

/**
 * The straightforward reading of a value's types, by regular expressions. The property tests hold
 * `readValue` to exactly its answers.
 */
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN_TEXT = /^(?:true|false)$/i;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const NOT_A_TYPE: ValueReading = { integer: false, number: undefined, boolean: false, date: false };

export function regexReadValue(value: unknown): ValueReading {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value)
        ? { ...NOT_A_TYPE, number: value + 0, integer: Number.isInteger(value) }
        : NOT_A_TYPE;
    case "bigint":
      return { ...NOT_A_TYPE, number: Number(value), integer: true };
    case "boolean":
      return { ...NOT_A_TYPE, boolean: true };
    case "string":
      return readText(value.trim());
    default:
      return value instanceof Date && !Number.isNaN(value.getTime()) ? { ...NOT_A_TYPE, date: true } : NOT_A_TYPE;
  }
}

function readText(text: string): ValueReading {
  if (NUMBER_TEXT.test(text)) {
    const number = Number(text) + 0;
    if (Number.isFinite(number)) return { ...NOT_A_TYPE, number, integer: INTEGER_TEXT.test(text) };
    return NOT_A_TYPE;
  }
  if (BOOLEAN_TEXT.test(text)) return { ...NOT_A_TYPE, boolean: true };
  return isCalendarDate(text) ? { ...NOT_A_TYPE, date: true } : NOT_A_TYPE;
}

function isCalendarDate(text: string): boolean {
  const match = DATE_TEXT.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > daysInMonth(year, month)) return false;
  const [hour, minute, second] = [Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0)];
  return hour <= 23 && minute <= 59 && second <= 60;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
