import { compareText } from "./slice-dictionary.js";

/**
 * Puts multiclass classes in sorted order (numeric names numerically, others by code point):
 * class indexes in `indexArrays` are rewritten in place (NaN stays NaN) and the n×k score matrix
 * gets its columns in the new order.
 */
export function sortClasses(
  names: readonly string[],
  indexArrays: readonly Float64Array[],
  score: Float64Array | null,
  width: number,
): { classes: string[]; score: Float64Array | null } {
  const order = names.map((_, i) => i).sort((a, b) => compareText(names[a] as string, names[b] as string));
  const classes = order.map((i) => names[i] as string);
  return { classes, score: remapClasses(names, classes, indexArrays, score, width) };
}

/**
 * Re-expresses class indexes over `from` as indexes over `to` (which must contain every name of
 * `from`), in place; returns the score matrix with `to.length` columns, NaN for a class the
 * scores did not cover.
 */
export function remapClasses(
  from: readonly string[],
  to: readonly string[],
  indexArrays: readonly Float64Array[],
  score: Float64Array | null,
  width: number,
): Float64Array | null {
  const position = new Map(to.map((name, i) => [name, i]));
  const map = from.map((name) => position.get(name) as number);
  for (const array of indexArrays) {
    for (let i = 0; i < array.length; i += 1) {
      const value = array[i] as number;
      if (!Number.isNaN(value)) array[i] = map[value] as number;
    }
  }
  if (score === null || width === 0) return score;
  const n = score.length / width;
  const k = to.length;
  const out = new Float64Array(n * k).fill(Number.NaN);
  for (let row = 0; row < n; row += 1) {
    for (let c = 0; c < width; c += 1) out[row * k + (map[c] as number)] = score[row * width + c] as number;
  }
  return out;
}
