/** Each example's place among a model's distinct scores. */
export interface DenseRanks {
  /** `ranks[i]`: how many distinct scores are below example i's (0 for the lowest). */
  readonly ranks: Uint16Array | Uint32Array;
  /** How many distinct scores there are. */
  readonly count: number;
  /** The distinct scores, ascending: rank r's is `values[r]` (0 for −0). */
  readonly values: Float64Array;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * The dense ranks of `score` when it takes at most `limit` distinct values, else undefined (as
 * soon as the limit is passed). Scores compare by numeric equality, as in `rankScores`: −0 and 0
 * are one score. Scores must not be NaN.
 *
 * One pass through a hash table of the distinct values, which stays in cache when they are few,
 * then a sort of the distinct values alone: no sort of the examples, whose random writes at ten
 * million rows cost more than everything else here.
 */
export function denseScoreRanks(score: Float64Array, limit: number): DenseRanks | undefined {
  const n = score.length;
  let capacity = 16;
  while (capacity < limit * 2) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Float64Array(capacity);
  const slots = new Int32Array(capacity).fill(-1);
  const values: number[] = [];
  const ids = limit <= 0x10000 ? new Uint16Array(n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const value = (score[i] as number) + 0; // −0 + 0 is +0
    bits[0] = value;
    let h = Math.imul((words[0] as number) ^ Math.imul(words[1] as number, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const id = slots[slot] as number;
      if (id === -1) {
        if (values.length === limit) return undefined;
        slots[slot] = values.length;
        keys[slot] = value;
        ids[i] = values.length;
        values.push(value);
        break;
      }
      if (keys[slot] === value) {
        ids[i] = id;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const sorted = Float64Array.from(values).sort();
  const rankOf = ids instanceof Uint16Array ? new Uint16Array(values.length) : new Uint32Array(values.length);
  values.forEach((value, id) => {
    rankOf[id] = lowerBound(sorted, value);
  });
  for (let i = 0; i < n; i++) ids[i] = rankOf[ids[i] as number] as number;
  return { ranks: ids, count: values.length, values: sorted };
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
