import type { ScoreRanking } from "../metrics/score-ranking.js";
import { addSpread, SpreadSums } from "./component-spread.js";
import { type ExampleGroups, type ExampleRows, rowsOf } from "./example-groups.js";
import type { DeLongSums } from "./ranked-delong.js";
import { TiedRunSums } from "./tied-run-sums.js";

/** Each model's rank metrics and the DeLong sums of every group (index = group). */
export interface GroupedRankStatistics {
  readonly baseline: GroupRankMetrics;
  readonly candidate: GroupRankMetrics;
  readonly deLong: readonly DeLongSums[];
}

/** As `rocAucAndAveragePrecisionRanked` gives them on the group's own examples. */
export interface GroupRankMetrics {
  readonly rocAuc: Float64Array;
  readonly averagePrecision: Float64Array;
}

/**
 * How many bytes of stored structural components a call may hold at once (4 per example and
 * grouping); past it the groupings are taken in batches, each costing two more walks.
 */
export const COMPONENT_BUDGET_BYTES = 256 * 1024 * 1024;

/**
 * Positions of a ranking taken at a time. A walk first copies the rows (and stored components)
 * of a window of whole runs into small buffers in ranking order, in a tight loop whose cache
 * misses overlap, then works on the copies: reading the examples in place costs a cache miss
 * per example that the work done between two misses keeps from overlapping.
 */
const WINDOW = 4096;

/**
 * ROC-AUC, average precision and DeLong's sums for every group, from each model's ranking of all
 * the examples, without ranking or gathering any group on its own.
 *
 * A group's ranking is the whole ranking restricted to the group: walking the whole order, a
 * group's members arrive in ascending score, and its runs of ties are the whole ranking's runs
 * restricted to it. So one walk per model, in which each example updates the running counts of
 * its groups (one per grouping), gives every group's positives and negatives below each of its
 * runs: the AUC and average precision exactly as on the group's own ranking (same sums in the
 * same order), and the structural components V₁₀ and V₀₁ of `rankedDeLong`.
 *
 * DeLong's covariance pairs the two models' components example by example, so the candidate's
 * walk stores each example's components (as integer numerators: V₁₀ = (2·negatives below + ties)
 * / 2N) and the baseline's walk reads them back. The sums of squares and products are taken
 * around the candidate's mean in each group, which makes them the centred sums of `rankedDeLong`
 * up to rounding (the baseline's mean differs from that centre by the AUC delta, whose square is
 * subtracted back), and both models' sums are accumulated in the same order, so identical
 * components give an exactly zero variance as there.
 */
export function groupedRankStatistics(
  groups: ExampleGroups,
  positives: Float64Array,
  negatives: Float64Array,
  baseline: ScoreRanking,
  candidate: ScoreRanking,
  componentBudgetBytes = COMPONENT_BUDGET_BYTES,
): GroupedRankStatistics {
  const n = baseline.order.length;
  const { count, groupings, stride } = groups;
  // The rows in the baseline's order, so that its walk reads everything sequentially, and where
  // each of the candidate's positions is in that order: its walk then gathers the rows and
  // scatters the components it stores to where the baseline's walk reads them in turn.
  const rows = permutedRows(rowsOf(groups), baseline.order, stride);
  const where = baselinePositions(baseline.order, candidate.order);
  const perBatch = Math.max(1, Math.min(groupings, Math.floor(componentBudgetBytes / (4 * Math.max(1, n)))));
  const components = new Uint32Array(n * perBatch);
  const baselineState = new WalkState(count, positives, negatives);
  const candidateState = new WalkState(count, positives, negatives);
  const spread = new SpreadSums(count);
  for (let first = 0; first < groupings; first += perBatch) {
    const batch = Int32Array.from({ length: Math.min(perBatch, groupings - first) }, (_, t) => first + t);
    storeComponents(groups, rows, where, candidate.groupEnds, batch, candidateState, components);
    for (const j of batch) {
      const last = j + 1 < groupings ? (groups.offsets[j + 1] as number) : count;
      spread.centreOn(
        candidateState.sum10,
        candidateState.sum01,
        positives,
        negatives,
        groups.offsets[j] as number,
        last,
      );
    }
    pairComponents(groups, rows, baseline.groupEnds, batch, baselineState, components, spread);
  }
  const deLong = spread.deLongSums(
    count,
    (g) => baselineState.structuralAuc(g),
    (g) => candidateState.structuralAuc(g),
    positives,
    negatives,
  );
  return { baseline: baselineState.metrics(), candidate: candidateState.metrics(), deLong };
}

/** `rows` reordered: row k of the result is row `order[k]`. */
function permutedRows(rows: Rows, order: Uint32Array, stride: number): Rows {
  const out = new (rows.constructor as new (length: number) => Rows)(rows.length);
  copyRows(rows, order, 0, order.length, stride, out);
  return out;
}

/** For each position of `other`, the position of the same example in `order`. */
function baselinePositions(order: Uint32Array, other: Uint32Array): Uint32Array {
  const position = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) position[order[k] as number] = k;
  const where = new Uint32Array(other.length);
  for (let k = 0; k < other.length; k++) where[k] = position[other[k] as number] as number;
  return where;
}

/** One model's sums for every group, and the run its walk is in. */
class WalkState extends TiedRunSums {
  /** Positives and negatives of each group in the current run, and the groups it touched. */
  readonly runPositives: Float64Array;
  readonly runNegatives: Float64Array;
  readonly touched: Int32Array;

  constructor(count: number, positives: Float64Array, negatives: Float64Array) {
    super(positives, negatives);
    this.runPositives = new Float64Array(count);
    this.runNegatives = new Float64Array(count);
    this.touched = new Int32Array(count);
  }
}

type Rows = ExampleRows;

/**
 * The candidate's walk for the groupings of `batch`, through its runs `groupEnds` whose k-th
 * example is row `where[k]` of `rows`: writes the example's component numerator for grouping
 * `batch[t]` at `components[where[k]·batch.length + t]`, 2·(negatives below) + negatives tied for
 * a positive, 2·(positives above) + positives tied for a negative.
 */
function storeComponents(
  groups: ExampleGroups,
  source: Rows,
  where: Uint32Array,
  groupEnds: Uint32Array,
  batch: Int32Array,
  state: WalkState,
  components: Uint32Array,
): void {
  const { stride, offsets } = groups;
  const { runPositives, runNegatives, positives, positivesBelow, negativesBelow } = state;
  const width = batch.length;
  let rows = windowRows(source, WINDOW, stride);
  let numerators = new Uint32Array(WINDOW * width);
  for (let run = 0; run < groupEnds.length; ) {
    const window = run === 0 ? 0 : (groupEnds[run - 1] as number);
    const last = windowEnd(groupEnds, run);
    const end = groupEnds[last - 1] as number;
    if (rows.length < (end - window) * stride) rows = windowRows(source, end - window, stride);
    if (numerators.length < (end - window) * width) numerators = new Uint32Array((end - window) * width);
    copyRows(source, where, window, end, stride, rows);
    for (let start = window; run < last; run++) {
      const runEnd = groupEnds[run] as number;
      const touchedCount = countRun(rows, start - window, runEnd - window, stride, offsets, batch, state);
      for (let k = start - window; k < runEnd - window; k++) {
        const base = k * stride;
        const positive = rows[base] === 1;
        for (let t = 0; t < width; t++) {
          const j = batch[t] as number;
          const code = j === 0 ? 0 : (rows[base + j] as number);
          if (code < 0) continue;
          const g = (offsets[j] as number) + code;
          const gp = runPositives[g] as number;
          numerators[k * width + t] = positive
            ? 2 * (negativesBelow[g] as number) + (runNegatives[g] as number)
            : 2 * ((positives[g] as number) - (positivesBelow[g] as number) - gp) + gp;
        }
      }
      closeRun(state, touchedCount);
      start = runEnd;
    }
    for (let k = window; k < end; k++) {
      const target = (where[k] as number) * width;
      const from = (k - window) * width;
      for (let t = 0; t < width; t++) components[target + t] = numerators[from + t] as number;
    }
  }
}

/**
 * The baseline's walk for the groupings of `batch`, through its runs `groupEnds` whose k-th
 * example is row k of `rows`: pairs each example's own components with the candidate's stored
 * ones into `spread`.
 */
function pairComponents(
  groups: ExampleGroups,
  rows: Rows,
  groupEnds: Uint32Array,
  batch: Int32Array,
  state: WalkState,
  components: Uint32Array,
  spread: SpreadSums,
): void {
  const { stride, offsets } = groups;
  const { runPositives, runNegatives, positives, negatives, positivesBelow, negativesBelow } = state;
  const { centre10, centre01, sums10, sums01 } = spread;
  const width = batch.length;
  for (let run = 0, start = 0; run < groupEnds.length; run++) {
    const runEnd = groupEnds[run] as number;
    const touchedCount = countRun(rows, start, runEnd, stride, offsets, batch, state);
    for (let k = start; k < runEnd; k++) {
      const base = k * stride;
      const positive = rows[base] === 1;
      for (let t = 0; t < width; t++) {
        const j = batch[t] as number;
        const code = j === 0 ? 0 : (rows[base + j] as number);
        if (code < 0) continue;
        const g = (offsets[j] as number) + code;
        const other = components[k * width + t] as number;
        if (positive) {
          const q = negatives[g] as number;
          const centre = centre10[g] as number;
          const own = ((negativesBelow[g] as number) + 0.5 * (runNegatives[g] as number)) / q;
          addSpread(sums10, g, own - centre, other / (2 * q) - centre);
        } else {
          const p = positives[g] as number;
          const gp = runPositives[g] as number;
          const centre = centre01[g] as number;
          const own = (p - (positivesBelow[g] as number) - gp + 0.5 * gp) / p;
          addSpread(sums01, g, own - centre, other / (2 * p) - centre);
        }
      }
    }
    closeRun(state, touchedCount);
    start = runEnd;
  }
}

/** The end (exclusive run index) of the window of runs that starts at run `first`. */
function windowEnd(groupEnds: Uint32Array, first: number): number {
  const window = first === 0 ? 0 : (groupEnds[first - 1] as number);
  let last = first + 1;
  while (last < groupEnds.length && (groupEnds[last] as number) - window <= WINDOW) last++;
  return last;
}

/** A buffer for the rows of `positions` examples, of the rows' own type. */
function windowRows(rows: Rows, positions: number, stride: number): Rows {
  return new (rows.constructor as new (length: number) => Rows)(Math.max(WINDOW, positions) * stride);
}

/** Copies rows `order[window]`, …, `order[end − 1]` of `source` to the start of `rows`. */
function copyRows(source: Rows, order: Uint32Array, window: number, end: number, stride: number, rows: Rows): void {
  for (let k = window; k < end; k++) {
    const from = (order[k] as number) * stride;
    const to = (k - window) * stride;
    for (let j = 0; j < stride; j++) rows[to + j] = source[from + j] as number;
  }
}

/** Counts the run at window positions [from, to) into its groups of `batch`; returns how many groups it touched. */
function countRun(
  rows: Rows,
  from: number,
  to: number,
  stride: number,
  offsets: Int32Array,
  batch: Int32Array,
  state: WalkState,
): number {
  const { runPositives, runNegatives, touched } = state;
  let touchedCount = 0;
  for (let k = from; k < to; k++) {
    const base = k * stride;
    const positive = rows[base] === 1;
    for (let t = 0; t < batch.length; t++) {
      const j = batch[t] as number;
      const code = j === 0 ? 0 : (rows[base + j] as number);
      if (code < 0) continue;
      const g = (offsets[j] as number) + code;
      if (runPositives[g] === 0 && runNegatives[g] === 0) touched[touchedCount++] = g;
      if (positive) runPositives[g] = (runPositives[g] as number) + 1;
      else runNegatives[g] = (runNegatives[g] as number) + 1;
    }
  }
  return touchedCount;
}

/** Adds the current run to the sums of each group it touched, and clears its counts. */
function closeRun(state: WalkState, touchedCount: number): void {
  const { runPositives, runNegatives, touched } = state;
  for (let t = 0; t < touchedCount; t++) {
    const g = touched[t] as number;
    state.addRun(g, runPositives[g] as number, runNegatives[g] as number);
    runPositives[g] = 0;
    runNegatives[g] = 0;
  }
}
