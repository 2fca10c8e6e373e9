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

/** Counts values one at a time; calls `onInexact` once with every distinct value when exactness ends. */
export class ValueCountsBuilder {
  private readonly counts = new Map<string, number>();
  private exact = true;
  private total = 0;

  constructor(private readonly onInexact: (distinct: Iterable<string>) => void) {}

  get isExact(): boolean {
    return this.exact;
  }

  add(text: string): void {
    this.total++;
    this.counts.set(text, (this.counts.get(text) ?? 0) + 1);
    if (this.exact) {
      if (this.counts.size > EXACT_VALUE_LIMIT) {
        this.exact = false;
        this.onInexact(this.counts.keys());
      }
    } else if (this.counts.size > 2 * HEAVY_HITTER_COUNTERS) {
      reduceCounters(this.counts, HEAVY_HITTER_COUNTERS);
    }
  }

  freeze(): ValueCounts {
    if (!this.exact) reduceCounters(this.counts, HEAVY_HITTER_COUNTERS);
    return { exact: this.exact, total: this.total, counts: canonicalOrder(this.counts) };
  }
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
