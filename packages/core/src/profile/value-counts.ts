import { selectRank } from "./rank-selection.js";

/**
 * How often each value occurs in a column: exact while the column has at most
 * EXACT_VALUE_LIMIT distinct values, then a Misra–Gries heavy-hitters summary with
 * HEAVY_HITTER_COUNTERS counters.
 *
 * Misra–Gries ("Finding repeated elements", 1982) in the mergeable form of Agarwal, Cormode,
 * Huang, Phillips, Wei & Yi ("Mergeable summaries", PODS 2012): counters are added, and whenever
 * there are more than k counters, the (k+1)-th largest count c is subtracted from every counter
 * and those left at zero or below are dropped. Each such reduction removes at least (k + 1)·c
 * from the counted total and lowers any one value's counter by at most c, so for every value
 *   true count − ErrorBound ≤ counter ≤ true count,   ErrorBound = (total − Σ counters)/(k + 1),
 * where `total` is the number of values summarised. Any value occurring more than total/(k + 1)
 * times keeps a counter. The reduction runs on a merge and when a summary is finished (and, while
 * building, each time the counters reach 2k, to bound memory), so a merged summary and the
 * summary of the concatenated data can differ, but both keep the bound.
 */
export const EXACT_VALUE_LIMIT = 1_000;
export const HEAVY_HITTER_COUNTERS = 1_000;

export interface ValueCounts {
  /** True while every value is counted exactly (at most EXACT_VALUE_LIMIT distinct values). */
  readonly exact: boolean;
  /** Number of values summarised (the column's non-missing values). */
  readonly total: number;
  /** Counts by value text, largest first, ties by value in code-unit order. */
  readonly counts: ReadonlyMap<string, number>;
}

export const EMPTY_VALUE_COUNTS: ValueCounts = { exact: true, total: 0, counts: new Map() };

/** How far below the true count any counter may be: 0 when exact, else the Misra–Gries bound. */
export function valueCountErrorBound(values: ValueCounts): number {
  if (values.exact) return 0;
  let kept = 0;
  for (const count of values.counts.values()) kept += count;
  return (values.total - kept) / (HEAVY_HITTER_COUNTERS + 1);
}

/** The most counters a builder holds at once: one past either limit, before it acts. */
const COUNTER_CAPACITY = Math.max(EXACT_VALUE_LIMIT, 2 * HEAVY_HITTER_COUNTERS) + 1;
/** Slots a table starts with; it doubles while more than half full, up to twice the counters. */
const INITIAL_SLOTS = 16;

/** What a reduction works in, made at a column's first reduction (most columns never have one). */
interface ReductionScratch {
  /** The counts the cut is chosen from (reordered by the choosing). */
  readonly counts: Float64Array;
  /** The survivors, gathered before they go back into the cleared table. */
  readonly keys: (string | undefined)[];
  readonly hashes: Int32Array;
  readonly keptCounts: Float64Array;
}

/**
 * Counts values one at a time; calls `onInexact` once with every distinct value when exactness ends.
 *
 * The counters live in a small open-addressing table (linear probing, at most half full) rather
 * than a Map: beyond the exact limit nearly every value of a high-cardinality column is new, and a
 * Map would insert it and, at the next reduction, delete it again, while here a reduction clears a
 * few kilobytes of slots and puts the survivors back. The table grows with the distinct values,
 * so a column of a few values costs a few hundred bytes, and one past the limit about 140 KB.
 */
export class ValueCountsBuilder {
  private keys: (string | undefined)[] = new Array<string | undefined>(INITIAL_SLOTS).fill(undefined);
  private hashes = new Int32Array(INITIAL_SLOTS);
  private counts = new Float64Array(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private size = 0;
  private scratch: ReductionScratch | undefined;
  private exact = true;
  private total = 0;

  constructor(private readonly onInexact: (distinct: Iterable<string>) => void) {}

  get isExact(): boolean {
    return this.exact;
  }

  add(text: string): void {
    this.total++;
    const hash = textHash(text);
    const keys = this.keys;
    const mask = this.mask;
    let slot = hash & mask;
    for (let key = keys[slot]; key !== undefined; key = keys[slot]) {
      if (this.hashes[slot] === hash && key === text) {
        this.counts[slot]! += 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
    keys[slot] = text;
    this.hashes[slot] = hash;
    this.counts[slot] = 1;
    this.size++;
    if (2 * this.size > keys.length) this.grow();
    // Only a new value can cross a limit: the table grows on nothing else.
    if (this.exact) {
      if (this.size > EXACT_VALUE_LIMIT) {
        this.exact = false;
        this.onInexact(this.distinctValues());
      }
    } else if (this.size > 2 * HEAVY_HITTER_COUNTERS) {
      this.reduce(HEAVY_HITTER_COUNTERS);
    }
  }

  freeze(): ValueCounts {
    if (!this.exact) this.reduce(HEAVY_HITTER_COUNTERS);
    const counts = new Map<string, number>();
    for (let slot = 0; slot < this.keys.length; slot++) {
      const key = this.keys[slot];
      if (key !== undefined) counts.set(key, this.counts[slot]!);
    }
    return { exact: this.exact, total: this.total, counts: canonicalOrder(counts) };
  }

  private distinctValues(): string[] {
    const values: string[] = [];
    for (const key of this.keys) if (key !== undefined) values.push(key);
    return values;
  }

  private grow(): void {
    const { keys, hashes, counts } = this;
    const slots = keys.length * 2;
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.counts = new Float64Array(slots);
    this.mask = slots - 1;
    for (let old = 0; old < keys.length; old++) {
      const key = keys[old];
      if (key !== undefined) this.place(key, hashes[old]!, counts[old]!);
    }
  }

  /** Puts a value known to be absent into the table. */
  private place(key: string, hash: number, count: number): void {
    let slot = hash & this.mask;
    while (this.keys[slot] !== undefined) slot = (slot + 1) & this.mask;
    this.keys[slot] = key;
    this.hashes[slot] = hash;
    this.counts[slot] = count;
  }

  /** `reduceCounters` on the builder's own table. */
  private reduce(k: number): void {
    const n = this.size;
    if (n <= k) return;
    this.scratch ??= {
      counts: new Float64Array(COUNTER_CAPACITY),
      keys: new Array<string | undefined>(COUNTER_CAPACITY).fill(undefined),
      hashes: new Int32Array(COUNTER_CAPACITY),
      keptCounts: new Float64Array(COUNTER_CAPACITY),
    };
    const scratch = this.scratch;
    const { keys, hashes, counts } = this;
    let live = 0;
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== undefined) scratch.counts[live++] = counts[slot]!;
    // The (k+1)-th largest of n counts is the one of 0-based rank n − 1 − k in ascending order.
    const cut = selectRank(scratch.counts, n, n - 1 - k);
    let kept = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot];
      if (key === undefined) continue;
      if (counts[slot]! > cut) {
        scratch.keys[kept] = key;
        scratch.hashes[kept] = hashes[slot]!;
        scratch.keptCounts[kept] = counts[slot]! - cut;
        kept++;
      }
      keys[slot] = undefined;
    }
    for (let i = 0; i < kept; i++) {
      this.place(scratch.keys[i]!, scratch.hashes[i]!, scratch.keptCounts[i]!);
      scratch.keys[i] = undefined;
    }
    this.size = kept;
  }
}

/**
 * FNV-1a over the UTF-16 code units, with a final avalanche so the low bits that pick a slot
 * depend on every unit. Only where values sit depends on it, never which values are counted.
 */
function textHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return hash ^ (hash >>> 12);
}

/**
 * The summary of both summaries' values. Exact when both are exact and their union has at most
 * EXACT_VALUE_LIMIT values (then identical to counting the concatenated data).
 */
export function mergeValueCounts(a: ValueCounts, b: ValueCounts): ValueCounts {
  const counts = new Map(a.counts);
  for (const [value, count] of b.counts) counts.set(value, (counts.get(value) ?? 0) + count);
  const exact = a.exact && b.exact && counts.size <= EXACT_VALUE_LIMIT;
  if (!exact) reduceCounters(counts, HEAVY_HITTER_COUNTERS);
  return { exact, total: a.total + b.total, counts: canonicalOrder(counts) };
}

/** The Misra–Gries reduction to at most k counters (see the module comment). Mutates `counts`. */
function reduceCounters(counts: Map<string, number>, k: number): void {
  if (counts.size <= k) return;
  const sorted = [...counts.values()].sort((x, y) => y - x);
  const cut = sorted[k]!;
  for (const [value, count] of counts) {
    if (count <= cut) counts.delete(value);
    else counts.set(value, count - cut);
  }
}

/** Largest count first, ties by value in UTF-16 code-unit order, so equal summaries serialize alike. */
export function canonicalOrder(counts: ReadonlyMap<string, number>): ReadonlyMap<string, number> {
  const entries = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return new Map(entries);
}

/** The k most frequent values, with the most each count may be below the truth. */
export function topValues(
  values: ValueCounts,
  k: number,
): { readonly value: string; readonly count: number; readonly maxError: number }[] {
  const maxError = valueCountErrorBound(values);
  return [...values.counts].slice(0, k).map(([value, count]) => ({ value, count, maxError }));
}
