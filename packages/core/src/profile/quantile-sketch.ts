/**
 * DDSketch quantile sketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable quantile
 * sketch with relative-error guarantees", VLDB 2019) with relative accuracy α = 1%.
 *
 * A positive value x falls in bucket i = ⌈log_γ x⌉ with γ = (1 + α)/(1 − α), the interval
 * (γ^(i−1), γ^i]; a negative value in bucket ⌈log_γ |x|⌉ of a second store; zero in its own
 * count. A bucket's representative 2γ^i/(γ + 1) is within α·|x| of every value in it, so a
 * quantile read from the sketch is within 1% (relative) of the true sample quantile.
 *
 * The stores are never collapsed: every finite double lands in one of at most ~75,000 buckets
 * (|i| ≤ 37,300 at α = 1%, subnormals included), and data spanning 10⁻⁶…10⁶ needs ~1,400.
 * Without collapsing, a merge adds bucket counts, so it is associative and commutative and the
 * merge of shards' sketches is identical to the sketch of the concatenated data.
 */
export const QUANTILE_RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + QUANTILE_RELATIVE_ACCURACY) / (1 - QUANTILE_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Bucket indexes of finite doubles stay well inside ±KEY_SPAN, so keys below order all buckets. */
const KEY_SPAN = 100_000;

/** Consecutive bucket counts: `counts[k]` is the count of bucket `offset + k`. */
export interface BucketStore {
  readonly offset: number;
  readonly counts: readonly number[];
}

export interface QuantileSketch {
  /** Number of values added (zero, positive and negative buckets together). */
  readonly count: number;
  readonly zero: number;
  readonly positive: BucketStore;
  readonly negative: BucketStore;
}

/** One non-empty bucket, for walking a sketch in ascending order of value. */
export interface SketchBucket {
  /**
   * An integer that orders buckets as their values: −(KEY_SPAN + i) for negative bucket i, 0 for
   * zero, KEY_SPAN + i for positive bucket i. Histogram bins are drawn between keys, so a bucket
   * is never split between bins.
   */
  readonly key: number;
  /** The value standing for the bucket's values (within α·|x| of each of them). */
  readonly value: number;
  /** The largest value the bucket can hold: the bucket's upper edge. */
  readonly upper: number;
  readonly count: number;
}

export const EMPTY_QUANTILE_SKETCH: QuantileSketch = {
  count: 0,
  zero: 0,
  positive: { offset: 0, counts: [] },
  negative: { offset: 0, counts: [] },
};

/** The bucket index of a positive finite value. */
export function bucketIndex(magnitude: number): number {
  return Math.ceil(Math.log(magnitude) / LOG_GAMMA);
}

/** A growable store used while building; frozen into a trimmed BucketStore. */
class GrowingStore {
  offset = 0;
  counts: number[] = [];

  /** Makes room for bucket indexes low…high, reallocating at most once. */
  private cover(low: number, high: number): void {
    if (this.counts.length === 0) {
      this.offset = low;
      this.counts = new Array<number>(high - low + 1).fill(0);
      return;
    }
    const currentHigh = this.offset + this.counts.length - 1;
    if (low >= this.offset && high <= currentHigh) return;
    const newLow = Math.min(low, this.offset);
    const newHigh = Math.max(high, currentHigh);
    const counts = new Array<number>(newHigh - newLow + 1).fill(0);
    for (let k = 0; k < this.counts.length; k++) counts[this.offset - newLow + k] = this.counts[k]!;
    this.offset = newLow;
    this.counts = counts;
  }

  add(index: number, count: number): void {
    this.cover(index, index);
    this.counts[index - this.offset]! += count;
  }

  addStore(store: BucketStore): void {
    if (store.counts.length === 0) return;
    this.cover(store.offset, store.offset + store.counts.length - 1);
    const shift = store.offset - this.offset;
    for (let k = 0; k < store.counts.length; k++) this.counts[shift + k]! += store.counts[k]!;
  }

  freeze(): BucketStore {
    let first = 0;
    let last = this.counts.length - 1;
    while (first <= last && this.counts[first] === 0) first++;
    while (last >= first && this.counts[last] === 0) last--;
    if (first > last) return { offset: 0, counts: [] };
    return { offset: this.offset + first, counts: this.counts.slice(first, last + 1) };
  }
}

/** Builds a sketch value by value (mutable; `freeze` returns an immutable sketch). */
export class QuantileSketchBuilder {
  private count = 0;
  private zero = 0;
  private readonly positive = new GrowingStore();
  private readonly negative = new GrowingStore();

  /** Adds a finite value; callers keep NaN and ±Infinity out (they have no rank). */
  add(value: number): void {
    this.count++;
    if (value > 0) this.positive.add(bucketIndex(value), 1);
    else if (value < 0) this.negative.add(bucketIndex(-value), 1);
    else this.zero++;
  }

  addSketch(sketch: QuantileSketch): void {
    this.count += sketch.count;
    this.zero += sketch.zero;
    this.positive.addStore(sketch.positive);
    this.negative.addStore(sketch.negative);
  }

  freeze(): QuantileSketch {
    return { count: this.count, zero: this.zero, positive: this.positive.freeze(), negative: this.negative.freeze() };
  }
}

/** The sketch of both sketches' values together: bucket counts add. */
export function mergeQuantileSketches(a: QuantileSketch, b: QuantileSketch): QuantileSketch {
  const builder = new QuantileSketchBuilder();
  builder.addSketch(a);
  builder.addSketch(b);
  return builder.freeze();
}

/** The non-empty buckets in ascending order of value. */
export function sketchBuckets(sketch: QuantileSketch): SketchBucket[] {
  const buckets: SketchBucket[] = [];
  const { negative, positive } = sketch;
  for (let k = negative.counts.length - 1; k >= 0; k--) {
    const count = negative.counts[k]!;
    if (count === 0) continue;
    const i = negative.offset + k;
    buckets.push({ key: -(KEY_SPAN + i), value: -representative(i), upper: -(GAMMA ** (i - 1)), count });
  }
  if (sketch.zero > 0) buckets.push({ key: 0, value: 0, upper: 0, count: sketch.zero });
  positive.counts.forEach((count, k) => {
    if (count === 0) return;
    const i = positive.offset + k;
    buckets.push({ key: KEY_SPAN + i, value: representative(i), upper: GAMMA ** i, count });
  });
  return buckets;
}

/** The key of the bucket a finite value falls in (see SketchBucket.key). */
export function bucketKey(value: number): number {
  if (value > 0) return KEY_SPAN + bucketIndex(value);
  if (value < 0) return -(KEY_SPAN + bucketIndex(-value));
  return 0;
}

function representative(i: number): number {
  return (2 * GAMMA ** i) / (GAMMA + 1);
}

/**
 * The q-quantile (0 ≤ q ≤ 1): the representative of the bucket holding the value of 0-based rank
 * ⌊q·(n − 1)⌋ in sorted order, so within 1% of that value. NaN for an empty sketch.
 */
export function sketchQuantile(sketch: QuantileSketch, q: number): number {
  if (sketch.count === 0 || !(q >= 0 && q <= 1)) return Number.NaN;
  const rank = Math.floor(q * (sketch.count - 1));
  let seen = 0;
  for (const bucket of sketchBuckets(sketch)) {
    seen += bucket.count;
    if (seen > rank) return bucket.value;
  }
  return Number.NaN;
}
