/**
 * Decimal numbers read from text in one pass over its char codes. The grammar is JSON's number
 * (RFC 8259 §6) loosened to allow a leading "+", ".5" and "5.":
 *
 *   [+-]? ( digits [ "." digits? ] | "." digits ) [ (e|E) [+-]? digits ]
 *
 * with ASCII digits only and nothing before or after (no whitespace, no "Infinity", no hex).
 * The value is always exactly `Number(text)`: computed here only where that is provably the same
 * double (see `numberTextValue`), and left to `Number` everywhere else.
 */

const CHAR_0 = 48;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_DOT = 46;
const CHAR_LOWER_E = 101;
/** Most digits whose integer is exact in a double: 10¹⁵ < 2⁵³. */
const EXACT_DIGITS = 15;
/** Powers of ten up to 10¹⁵, each an exact double. */
const POWERS_OF_TEN = Array.from({ length: EXACT_DIGITS + 1 }, (_, k) => 10 ** k);

/**
 * The value of a text of the form `[+-]?digits`, or NaN for any other text. Up to 15 digits it is
 * summed digit by digit, which is exact (every partial sum is an integer below 2⁵³, and "-0" gives
 * −0 as `Number` does); longer texts go to `Number`, which rounds them.
 */
export function integerTextValue(text: string): number {
  // Every read stays below `length`: a read past the end (NaN) would send optimized code back to
  // the interpreter, for nearly every cell.
  const length = text.length;
  let at = 0;
  let negative = false;
  if (length > 0 && isSign(text.charCodeAt(0))) {
    negative = text.charCodeAt(0) === CHAR_MINUS;
    at = 1;
  }
  const start = at;
  let value = 0;
  while (at < length) {
    const digit = text.charCodeAt(at) - CHAR_0;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
    at += 1;
  }
  if (at === start) return Number.NaN;
  if (at - start > EXACT_DIGITS) return Number(text);
  return negative ? -value : value;
}

/**
 * The value of a text of the grammar above (`Number(text)`, so possibly ±Infinity), or NaN for
 * any other text. Without an exponent and with at most 15 digits in all, it is m / 10^k for the
 * digits m and the k digits after the point: both are exact doubles, and IEEE 754 division rounds
 * the exact quotient, which is the decimal's value, to the nearest double, ties to even, just as
 * `Number` rounds the decimal (Clinger, "How to read floating point numbers accurately", 1990,
 * the fast path every correct strtod takes). Anything else goes to `Number`.
 */
export function numberTextValue(text: string): number {
  const length = text.length;
  let at = 0;
  let negative = false;
  if (length > 0 && isSign(text.charCodeAt(0))) {
    negative = text.charCodeAt(0) === CHAR_MINUS;
    at = 1;
  }
  let mantissa = 0;
  const integerStart = at;
  for (; at < length; at += 1) {
    const digit = text.charCodeAt(at) - CHAR_0;
    if (digit < 0 || digit > 9) break;
    mantissa = mantissa * 10 + digit;
  }
  const integerDigits = at - integerStart;
  let fractionDigits = 0;
  if (at < length && text.charCodeAt(at) === CHAR_DOT) {
    at += 1;
    const fractionStart = at;
    for (; at < length; at += 1) {
      const digit = text.charCodeAt(at) - CHAR_0;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
    }
    fractionDigits = at - fractionStart;
  }
  if (integerDigits === 0 && fractionDigits === 0) return Number.NaN;
  if (at === length) {
    if (integerDigits + fractionDigits > EXACT_DIGITS) return Number(text);
    const value = mantissa / POWERS_OF_TEN[fractionDigits]!;
    return negative ? -value : value;
  }
  // Only an exponent may follow; ORing 0x20 folds "E" onto "e" and nothing else onto it.
  if ((text.charCodeAt(at) | 0x20) !== CHAR_LOWER_E) return Number.NaN;
  at += 1;
  if (at < length && isSign(text.charCodeAt(at))) at += 1;
  const exponentStart = at;
  while (at < length && isDigit(text.charCodeAt(at))) at += 1;
  if (at === exponentStart || at !== length) return Number.NaN;
  return Number(text);
}

function isDigit(code: number): boolean {
  return code >= CHAR_0 && code <= CHAR_0 + 9;
}

function isSign(code: number): boolean {
  return code === CHAR_PLUS || code === CHAR_MINUS;
}
