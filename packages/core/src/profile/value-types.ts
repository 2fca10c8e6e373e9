import { daysInMonth, scanDateTimeText, scannedDateTime } from "./date-time-text.js";
import { integerTextValue, numberTextValue } from "./number-text.js";

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

const CHAR_LOWER_T = 116;
const CHAR_LOWER_Z = 122;

/** What one non-missing cell reads as. `number` is the parsed value when it reads as a number. */
export interface ValueReading {
  readonly integer: boolean;
  /** The finite number the value reads as, or undefined. */
  readonly number: number | undefined;
  readonly boolean: boolean;
  readonly date: boolean;
}

/** A ValueReading that is overwritten cell after cell, so a column read allocates no readings. */
export interface MutableValueReading {
  integer: boolean;
  number: number | undefined;
  boolean: boolean;
  date: boolean;
}

export function readValue(value: unknown): ValueReading {
  const reading: MutableValueReading = { integer: false, number: undefined, boolean: false, date: false };
  readValueInto(value, reading);
  return reading;
}

/** `readValue` written into `reading` (every field is set). */
export function readValueInto(value: unknown, reading: MutableValueReading): void {
  reading.integer = false;
  reading.number = undefined;
  reading.boolean = false;
  reading.date = false;
  switch (typeof value) {
    case "number":
      if (Number.isFinite(value)) {
        // −0 reads as 0: they are the same measurement, and JSON cannot tell them apart.
        reading.number = value + 0;
        reading.integer = Number.isInteger(value);
      }
      return;
    case "bigint":
      reading.number = Number(value);
      reading.integer = true;
      return;
    case "boolean":
      reading.boolean = true;
      return;
    case "string":
      readText(value.trim(), reading);
      return;
    default:
      reading.date = value instanceof Date && !Number.isNaN(value.getTime());
  }
}

function readText(text: string, reading: MutableValueReading): void {
  const integer = integerTextValue(text);
  if (!Number.isNaN(integer)) {
    // A text of 309 digits or more is an integer beyond the largest double: not a finite number.
    if (Number.isFinite(integer)) {
      reading.number = integer + 0;
      reading.integer = true;
    }
    return;
  }
  const number = numberTextValue(text);
  if (!Number.isNaN(number)) {
    if (Number.isFinite(number)) reading.number = number + 0;
    return;
  }
  if (isBooleanText(text)) reading.boolean = true;
  else reading.date = isCalendarDate(text);
}

/** "true" or "false" in any ASCII case (a case-insensitive match without the `u` flag folds no other letter onto these). */
function isBooleanText(text: string): boolean {
  if (text.length === 4) {
    return (
      (text.charCodeAt(0) | 0x20) === 116 &&
      (text.charCodeAt(1) | 0x20) === 114 &&
      (text.charCodeAt(2) | 0x20) === 117 &&
      (text.charCodeAt(3) | 0x20) === 101
    );
  }
  if (text.length === 5) {
    return (
      (text.charCodeAt(0) | 0x20) === 102 &&
      (text.charCodeAt(1) | 0x20) === 97 &&
      (text.charCodeAt(2) | 0x20) === 108 &&
      (text.charCodeAt(3) | 0x20) === 115 &&
      (text.charCodeAt(4) | 0x20) === 101
    );
  }
  return false;
}

/** Only "T" and "Z" here (the contract reader also takes "t" and "z"), a leap second allowed, the offset unchecked. */
function isCalendarDate(text: string): boolean {
  if (!scanDateTimeText(text)) return false;
  const { year, month, day, separator, zone, hour, minute, second } = scannedDateTime;
  if (separator === CHAR_LOWER_T || zone === CHAR_LOWER_Z) return false;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
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
