import { addSpread, SpreadSums } from "./component-spread.js";
import type { DenseRanks } from "./dense-score-ranks.js";
import type { ExampleGroups } from "./example-groups.js";
import type { GroupedRankStatistics } from "./grouped-rank-statistics.js";
import { TiedRunSums } from "./tied-run-sums.js";

/** The table cells {@link countedRankStatistics} may hold per model (two per group and distinct score). */
export const MAX_COUNTED_CELLS = 8 * 1024 * 1024;

/** Whether {@link countedRankStatistics} takes scores with these dense ranks for `groups`. */
export function countable(groups: ExampleGroups, ranks: DenseRanks): boolean {
  return groups.count * ranks.count * 2 <= MAX_COUNTED_CELLS;
}

/** {@link GroupedRankStatistics}, and the whole set's average precision summed from the top score down. */
export interface CountedRankStatistics extends GroupedRankStatistics {
  /** As `averagePrecisionRanked` gives it on all the examples (its summation order). */
  readonly overallAveragePrecision: { readonly baseline: number; readonly candidate: number };
}

/**
 * What `groupedRankStatistics` computes, for scores that take few distinct values: from each
 * model's count of positives and negatives per group and distinct score, with no ranking of the
 * examples at all. A group's runs of ties are its examples with one score, so walking a group's
 * counts in ascending score gives the same sums in the same order as walking its ranking (the
 * AUC and average precision agree exactly), and each example's structural components are read
 * from its group's and score's cell. Two sequential passes over the examples (count; pair the
 * components) and one over the tables, instead of sorting ten million scores and reading the
 * examples in that order.
 *
 * Only the groups of groupings [first, last) are computed (by default all), each exactly as in a
 * single pass; the others' entries are meaningless, and a thread that takes some groupings gives
 * its groups' entries to be merged with the rest.
 */
export function countedRankStatistics(
  groups: ExampleGroups,
  positives: Float64Array,
  negatives: Float64Array,
  baseline: DenseRanks,
  candidate: DenseRanks,
  first = 0,
  last = groups.groupings,
): CountedRankStatistics {
  const { count } = groups;
  const [baselineCells, candidateCells] = countCells(groups, baseline, candidate, first, last);
  const overallAveragePrecision = {
    baseline: descendingAveragePrecision(baselineCells, baseline.count, count),
    candidate: descendingAveragePrecision(candidateCells, candidate.count, count),
  };
  const baselineSums = runSums(baselineCells, baseline.count, positives, negatives);
  const candidateSums = runSums(candidateCells, candidate.count, positives, negatives);
  const spread = new SpreadSums(count);
  spread.centreOn(candidateSums.sum10, candidateSums.sum01, positives, negatives, 0, count);
  pairComponents(groups, positives, negatives, baseline, baselineCells, candidate, candidateCells, spread, first, last);
  const deLong = spread.deLongSums(
    count,
    (g) => baselineSums.structuralAuc(g),
    (g) => candidateSums.structuralAuc(g),
    positives,
    negatives,
  );
  return {
    baseline: baselineSums.metrics(),
    candidate: candidateSums.metrics(),
    deLong,
    overallAveragePrecision,
  };
}

/**
 * Each model's negatives and positives of each group with each score, at [2·(rank·groups + g) + label]: a
 * score's cells for every group are side by side, so the cells of one example's groups lie within
 * a kilobyte or two instead of one table apart each.
 */
function countCells(
  groups: ExampleGroups,
  baseline: DenseRanks,
  candidate: DenseRanks,
  first: number,
  last: number,
): [Int32Array, Int32Array] {
  const { rows, stride, offsets, count } = groups;
  const baselineRanks = baseline.ranks;
  const candidateRanks = candidate.ranks;
  const baselineCells = new Int32Array(count * baseline.count * 2);
  const candidateCells = new Int32Array(count * candidate.count * 2);
  const n = baselineRanks.length;
  for (let i = 0; i < n; i++) {
    const base = i * stride;
    const label = rows[base] as number;
    const b = 2 * count * (baselineRanks[i] as number) + label;
    const c = 2 * count * (candidateRanks[i] as number) + label;
    for (let j = first; j < last; j++) {
      const code = j === 0 ? 0 : (rows[base + j] as number);
      if (code < 0) continue;
      const g = 2 * ((offsets[j] as number) + code);
      baselineCells[b + g] = (baselineCells[b + g] as number) + 1;
      candidateCells[c + g] = (candidateCells[c + g] as number) + 1;
    }
  }
  return [baselineCells, candidateCells];
}

/** `averagePrecisionRanked` of group 0 (every example), from its counts, walking down from the top score. */
function descendingAveragePrecision(cells: Int32Array, distinct: number, count: number): number {
  let truePositives = 0;
  let falsePositives = 0;
  let weightedPrecision = 0;
  for (let r = distinct - 1; r >= 0; r--) {
    const groupPositives = cells[2 * count * r + 1] as number;
    truePositives += groupPositives;
    falsePositives += cells[2 * count * r] as number;
    if (groupPositives > 0) {
      weightedPrecision += (groupPositives * truePositives) / (truePositives + falsePositives);
    }
  }
  return truePositives === 0 ? Number.NaN : weightedPrecision / truePositives;
}

/**
 * Walks the scores upwards, adding each group's run of tied scores to its sums, and replaces each
 * cell's counts by the component numerators of its examples: 2·(negatives below) + negatives tied
 * for the positives, 2·(positives above) + positives tied for the negatives.
 */
function runSums(cells: Int32Array, distinct: number, positives: Float64Array, negatives: Float64Array): TiedRunSums {
  const count = positives.length;
  const sums = new TiedRunSums(positives, negatives);
  const { positivesBelow, negativesBelow } = sums;
  for (let r = 0; r < distinct; r++) {
    const row = 2 * count * r;
    for (let g = 0; g < count; g++) {
      const at = row + 2 * g;
      const gn = cells[at] as number;
      const gp = cells[at + 1] as number;
      if (gp === 0 && gn === 0) continue;
      const below = negativesBelow[g] as number;
      const above = positivesBelow[g] as number;
      sums.addRun(g, gp, gn);
      cells[at] = 2 * ((positives[g] as number) - above - gp) + gp;
      cells[at + 1] = 2 * below + gn;
    }
  }
  return sums;
}

/** Pairs each example's two structural components in every group it belongs to. */
function pairComponents(
  groups: ExampleGroups,
  positives: Float64Array,
  negatives: Float64Array,
  baseline: DenseRanks,
  baselineNumerators: Int32Array,
  candidate: DenseRanks,
  candidateNumerators: Int32Array,
  spread: SpreadSums,
  first: number,
  last: number,
): void {
  const { rows, stride, offsets, count } = groups;
  const { centre10, centre01, sums10, sums01 } = spread;
  const baselineRanks = baseline.ranks;
  const candidateRanks = candidate.ranks;
  const n = baselineRanks.length;
  // Numerator × 1/(2N) is the component to within an ulp, the same for both models.
  const scale10 = negatives.map((q) => 1 / (2 * q));
  const scale01 = positives.map((p) => 1 / (2 * p));
  for (let i = 0; i < n; i++) {
    const base = i * stride;
    const label = rows[base] as number;
    const b = 2 * count * (baselineRanks[i] as number) + label;
    const c = 2 * count * (candidateRanks[i] as number) + label;
    for (let j = first; j < last; j++) {
      const code = j === 0 ? 0 : (rows[base + j] as number);
      if (code < 0) continue;
      const g = (offsets[j] as number) + code;
      const own = baselineNumerators[b + 2 * g] as number;
      const other = candidateNumerators[c + 2 * g] as number;
      if (label === 1) {
        const scale = scale10[g] as number;
        const centre = centre10[g] as number;
        addSpread(sums10, g, own * scale - centre, other * scale - centre);
      } else {
        const scale = scale01[g] as number;
        const centre = centre01[g] as number;
        addSpread(sums01, g, own * scale - centre, other * scale - centre);
      }
    }
  }
}
