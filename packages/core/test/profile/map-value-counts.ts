import {
  canonicalOrder,
  EXACT_VALUE_LIMIT,
  HEAVY_HITTER_COUNTERS,
  type ValueCounts,
} from "../../src/profile/value-counts.js";

/**
 * The plain form of ValueCountsBuilder: one Map of counts, and a reduction that sorts every
 * count and deletes the counters at or below the cut. The property tests hold ValueCountsBuilder
 * to exactly its summaries.
 */
export class MapValueCountsBuilder {
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

function reduceCounters(counts: Map<string, number>, k: number): void {
  if (counts.size <= k) return;
  const sorted = [...counts.values()].sort((x, y) => y - x);
  const cut = sorted[k]!;
  for (const [value, count] of counts) {
    if (count <= cut) counts.delete(value);
    else counts.set(value, count - cut);
  }
}
