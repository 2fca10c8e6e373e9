import type { SliceCodes, SliceColumn } from "./paired-predictions.js";
import { sharedArray } from "./shared-array.js";

/** Beyond this many distinct values a column is an identifier or free text, not a slice. */
export const DEFAULT_MAX_SLICE_VALUES = 1000;

/** Dictionary-encodes one slice column as rows arrive; -1 codes a missing value. */
export class SliceDictionary {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [];
  /** Set once the column has more distinct values than allowed; it is then dropped as a slice. */
  overflowed = false;

  constructor(
    readonly column: string,
    private readonly maxValues: number,
  ) {}

  code(value: string | undefined): number {
    if (value === undefined || this.overflowed) return -1;
    const known = this.codes.get(value);
    if (known !== undefined) return known;
    if (this.values.length >= this.maxValues) {
      this.overflowed = true;
      return -1;
    }
    this.codes.set(value, this.values.length);
    this.values.push(value);
    return this.values.length - 1;
  }
}

/**
 * Re-codes a column so that values are sorted (stable, readable slice order in reports);
 * `codes` is rewritten in place.
 */
export function sortedSliceColumn(codes: SliceCodes, values: readonly string[]): SliceColumn {
  const { recode, sorted } = sortedValues(values);
  for (let i = 0; i < codes.length; i += 1) {
    const code = codes[i] as number;
    if (code >= 0) codes[i] = recode[code] as number;
  }
  return { codes, values: sorted };
}

/**
 * `values` in slice order (see {@link compareText}), and for each old code its code among them
 * (`recode[c]`).
 */
export function sortedValues(values: readonly string[]): { readonly recode: Int32Array; readonly sorted: string[] } {
  const order = values.map((_, index) => index).sort((a, b) => compareText(values[a] as string, values[b] as string));
  const recode = new Int32Array(values.length);
  order.forEach((oldCode, newCode) => {
    recode[oldCode] = newCode;
  });
  return { recode, sorted: order.map((index) => values[index] as string) };
}

/**
 * The codes of a column of `valueCount` values in the narrowest type that holds them (see
 * {@link SliceCodes}): the same array when it is already that narrow, else a copy.
 */
export function narrowestCodes(codes: SliceCodes, valueCount: number): SliceCodes {
  const type = valueCount <= 128 ? Int8Array : valueCount <= 32768 ? Int16Array : Int32Array;
  if (codes instanceof type) return codes;
  const narrow = new type(codes.length);
  narrow.set(codes);
  return narrow;
}

/** Numbers in numeric order when both are numbers, otherwise by code point. */
export function compareText(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== "" && b.trim() !== "" && Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Zeroed codes of the same width as `like`, in shared memory (for statistics threads). */
export function sharedCodesLike(like: SliceCodes, length: number): SliceCodes {
  return like instanceof Int8Array
    ? sharedArray(Int8Array, length)
    : like instanceof Int16Array
      ? sharedArray(Int16Array, length)
      : sharedArray(Int32Array, length);
}
