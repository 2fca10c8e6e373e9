/**
 * ISO 8601 calendar dates and RFC 3339 date-times read straight from a text's char codes, so a
 * cell costs neither a regular-expression match (an array and a substring per field) nor a
 * `Date`. The scanner accepts the widest form any reader of this package takes,
 *
 *   YYYY-MM-DD [ (T | t | space) hh:mm [ :ss [ .fraction ] ] [ Z | z | (+|-)hh[:]mm ] ]
 *
 * and leaves the range checks and the stricter spellings (only `T` and `Z`, say) to each reader.
 */

/** The fields of the text that `scanDateTimeText` last accepted (overwritten by every scan). */
export interface ScannedDateTime {
  year: number;
  month: number;
  day: number;
  /** The char code between date and time (`T`, `t` or a space); 0 for a bare date. */
  separator: number;
  /** 0 when absent, like the minute and second. */
  hour: number;
  minute: number;
  second: number;
  /** Where the fraction of a second starts (its "."), and ends; both −1 without one. */
  fractionStart: number;
  fractionEnd: number;
  /** The char code that opens the offset (`Z`, `z`, `+` or `-`); 0 without one. */
  zone: number;
  /** The offset's hours and minutes as written (unsigned, unchecked); 0 for `Z` or none. */
  offsetHours: number;
  offsetMinutes: number;
}

const CHAR_0 = 48;
const CHAR_DASH = 45;
const CHAR_PLUS = 43;
const CHAR_COLON = 58;
const CHAR_DOT = 46;
const CHAR_SPACE = 32;
const CHAR_UPPER_T = 84;
const CHAR_LOWER_T = 116;
const CHAR_UPPER_Z = 90;
const CHAR_LOWER_Z = 122;
const MS_PER_DAY = 86_400_000;

/** One object reused by every scan: reading a column allocates nothing per cell. */
export const scannedDateTime: ScannedDateTime = {
  year: 0,
  month: 0,
  day: 0,
  separator: 0,
  hour: 0,
  minute: 0,
  second: 0,
  fractionStart: -1,
  fractionEnd: -1,
  zone: 0,
  offsetHours: 0,
  offsetMinutes: 0,
};

/**
 * Whether `text` has the form above; when it does, its fields are in `scannedDateTime`. Only the
 * shape is checked here (month 13 and hour 99 pass): each reader decides what is in range.
 */
export function scanDateTimeText(text: string): boolean {
  const length = text.length;
  if (length < 10) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return false;
  if (text.charCodeAt(4) !== CHAR_DASH || text.charCodeAt(7) !== CHAR_DASH) return false;
  const scanned = scannedDateTime;
  scanned.year = year;
  scanned.month = month;
  scanned.day = day;
  scanned.separator = 0;
  scanned.hour = 0;
  scanned.minute = 0;
  scanned.second = 0;
  scanned.fractionStart = -1;
  scanned.fractionEnd = -1;
  scanned.zone = 0;
  scanned.offsetHours = 0;
  scanned.offsetMinutes = 0;
  if (length === 10) return true;

  const separator = text.charCodeAt(10);
  if (separator !== CHAR_UPPER_T && separator !== CHAR_LOWER_T && separator !== CHAR_SPACE) return false;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (hour < 0 || minute < 0 || text.charCodeAt(13) !== CHAR_COLON) return false;
  scanned.separator = separator;
  scanned.hour = hour;
  scanned.minute = minute;
  let at = 16;
  if (at < length && text.charCodeAt(at) === CHAR_COLON) {
    const second = digitsAt(text, at + 1, 2);
    if (second < 0) return false;
    scanned.second = second;
    at += 3;
    if (at < length && text.charCodeAt(at) === CHAR_DOT) {
      const start = at;
      at += 1;
      while (at < length && isDigit(text.charCodeAt(at))) at += 1;
      if (at === start + 1) return false;
      scanned.fractionStart = start;
      scanned.fractionEnd = at;
    }
  }
  if (at === length) return true;

  const zone = text.charCodeAt(at);
  if (zone === CHAR_UPPER_Z || zone === CHAR_LOWER_Z) {
    scanned.zone = zone;
    return at + 1 === length;
  }
  if (zone !== CHAR_PLUS && zone !== CHAR_DASH) return false;
  const offsetHours = digitsAt(text, at + 1, 2);
  if (offsetHours < 0) return false;
  at += 3;
  if (at < length && text.charCodeAt(at) === CHAR_COLON) at += 1;
  const offsetMinutes = digitsAt(text, at, 2);
  if (offsetMinutes < 0 || at + 2 !== length) return false;
  scanned.zone = zone;
  scanned.offsetHours = offsetHours;
  scanned.offsetMinutes = offsetMinutes;
  return true;
}

/** The whole milliseconds of a fraction of a second written at `start` (its ".") up to `end`. */
export function fractionMillis(text: string, start: number, end: number): number {
  const digits = end - start - 1;
  // Up to three digits, ⌊0.d₁d₂d₃ · 1000⌋ in double arithmetic is exactly the integer d₁d₂d₃
  // (checked for all 1,110 such fractions in the tests); longer fractions round first, as in
  // "0.9999999999999999999" → 1, so they go through the same arithmetic as ever.
  if (digits <= 3) return digitsAt(text, start + 1, digits) * 10 ** (3 - digits);
  return Math.floor(Number(text.slice(start, end)) * 1000);
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A day of the proleptic Gregorian calendar as milliseconds since the epoch at UTC midnight, or
 * undefined when there is no such day (month 13, February 29th of a common year). Year 50 is
 * year 50, not 1950. Days from civil (Howard Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms", 2013): count from 0000-03-01 so that the leap day ends a year, then in eras of
 * 400 years (146,097 days), and shift to 1970-01-01 (719,468 days later).
 */
export function civilDayMillis(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const marchYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return (era * 146_097 + dayOfEra - 719_468) * MS_PER_DAY;
}

function isDigit(code: number): boolean {
  return code >= CHAR_0 && code <= CHAR_0 + 9;
}

/** The decimal value of `count` digits at `start`, or −1 when any of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  // Never read past the end: that NaN would send optimized code back to the interpreter.
  if (start + count > text.length) return -1;
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const digit = text.charCodeAt(i) - CHAR_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
