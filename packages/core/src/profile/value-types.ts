/**
 * How many of a column's non-missing values read as each type, for `slipway data infer` to
 * propose a column type and for a contract check to count violations.
 *
 * A value can count under several types: every integer is also a number; "1" is an integer and
 * a number but not a boolean ("true"/"false" only, in any case). Numbers are finite decimals
 * (no hex, no "Infinity", no "NaN"); text is trimmed first. Dates are ISO 8601 calendar dates,
 * optionally with a time and offset (`2024-02-29`, `2024-02-29T13:05:00Z`), and must exist on the
 * calendar (no 2023-02-29). Parquet dates and timestamps count as dates.
 */
export interface ValueTypeCounts {
  readonly integer: number;
  readonly number: number;
  readonly boolean: number;
  readonly date: number;
}

export const EMPTY_VALUE_TYPE_COUNTS: ValueTypeCounts = { integer: 0, number: 0, boolean: 0, date: 0 };

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEAN_TEXT = /^(?:true|false)$/i;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** What one non-missing cell reads as. `number` is the parsed value when it reads as a number. */
export interface ValueReading {
  readonly integer: boolean;
  /** The finite number the value reads as, or undefined. */
  readonly number: number | undefined;
  readonly boolean: boolean;
  readonly date: boolean;
}

const NOT_A_TYPE: ValueReading = { integer: false, number: undefined, boolean: false, date: false };

export function readValue(value: unknown): ValueReading {
  switch (typeof value) {
    case "number":
      // −0 reads as 0: they are the same measurement, and JSON cannot tell them apart.
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

export function mergeValueTypeCounts(a: ValueTypeCounts, b: ValueTypeCounts): ValueTypeCounts {
  return {
    integer: a.integer + b.integer,
    number: a.number + b.number,
    boolean: a.boolean + b.boolean,
    date: a.date + b.date,
  };
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
