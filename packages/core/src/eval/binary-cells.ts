import { cellBinary, cellNumber } from "../tabular/cell-value.js";

/** 10^k for k = 0…15, each exactly representable as a double. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * The number a CSV cell holds, read from its UTF-8 bytes; exactly `cellNumber` of the cell's text.
 * Plain decimals of at most 15 digits (`0.8732`, `-12`, `.5`) are computed without a string: the
 * digits form an integer m < 2^53 and the divisor 10^k ≤ 10^15 is exact, so m / 10^k is the
 * correctly rounded value of the decimal, which is what `Number` returns (Clinger 1990, "How to
 * read floating point numbers accurately", the exact fast path). Any other text goes through
 * `cellNumber`.
 */
export function numberFromBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === 0x2d;
  if (negative) i += 1;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i += 1) {
    const c = bytes[i] as number;
    if (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits += 1;
    } else if (c === 0x2e && fraction === -1) {
      fraction = digits;
    } else {
      return cellNumber(textOf(bytes, start, end));
    }
  }
  if (digits === 0 || digits > 15) return cellNumber(textOf(bytes, start, end));
  const scale = fraction === -1 ? 0 : digits - fraction;
  const value = scale === 0 ? mantissa : mantissa / (POWERS_OF_TEN[scale] as number);
  return negative ? -value : value;
}

/** A CSV cell as 0 or 1 (or -1), read from its bytes; exactly `cellBinary` of the cell's text. */
export function binaryFromBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end - start === 1) {
    const c = bytes[start] as number;
    if (c === 0x30 || c === 0x31) return c - 0x30;
  }
  return cellBinary(textOf(bytes, start, end));
}

const utf8 = new TextDecoder();

function textOf(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}
