import { type ConfusionCounts, confusionF1, confusionPrecision, confusionRecall } from "../stats/confusion-metrics.js";
import { type ConfusionReplicates, pairedConfusionReplicates } from "../stats/paired-confusion-bootstrap.js";
import { type BinaryGroupTallies, type ScoredPairs, tallyBinaryGroups } from "./binary-group-tallies.js";
import type { ExampleGroups } from "./example-groups.js";
import { type CountedRankStatistics, partitionedGroupKernels } from "./partitioned-group-kernels.js";
import type { DeLongSums } from "./ranked-delong.js";
import type { RankedExamples } from "./ranked-examples.js";

/**
 * What a comparison of every group needs from the examples one by one: the passes that read all
 * of them once per grouping (the whole set, then each slice column), which are most of its time
 * at millions of examples. Everything here is in shared memory or small, so that a worker thread
 * can take some of the groupings (see {@link groupKernels}).
 */
export interface GroupKernelInput {
  readonly pairs: ScoredPairs;
  readonly groups: ExampleGroups;
  /** The examples packed with both models' dense score ranks, when both have few enough distinct scores. */
  readonly ranked: RankedExamples | null;
  /**
   * When given, each group's bootstrap of its confusion metrics is drawn with the groups' other
   * passes (it is the same for every group: the seed does not depend on the group).
   */
  readonly confusionResampling?: { readonly resamples: number; readonly seed: number };
}

/** The metrics of a paired confusion table that are bootstrapped, in the order of their replicates. */
export const CONFUSION_METRICS: readonly ((counts: ConfusionCounts) => number)[] = [
  confusionPrecision,
  confusionRecall,
  confusionF1,
];

/** The tallies and, with dense ranks, the counted rank statistics of some or all groups. */
export interface GroupKernels {
  readonly tallies: BinaryGroupTallies;
  readonly ranks: CountedRankStatistics | null;
  /** Each non-empty group's replicates of {@link CONFUSION_METRICS}, with `confusionResampling`. */
  readonly confusion: readonly (ConfusionReplicates | null)[] | null;
}

/**
 * The passes for the groups of groupings [first, last). Every sum runs over the examples in
 * order within its group, so a group's numbers are exactly those of a single pass over all
 * groupings, whichever thread computes them.
 */
export function groupKernels(input: GroupKernelInput, first: number, last: number): GroupKernels {
  const { groups } = input;
  if (input.ranked === null) {
    const tallies = tallyBinaryGroups(input.pairs, groups, first, last);
    return { tallies, ranks: null, confusion: confusionReplicates(input, tallies, first, last) };
  }
  const { tallies, ranks } = partitionedGroupKernels(groups, input.ranked, first, last);
  return { tallies, ranks, confusion: confusionReplicates(input, tallies, first, last) };
}

/** The confusion replicates of the non-empty groups of groupings [first, last), when asked for. */
function confusionReplicates(
  input: GroupKernelInput,
  tallies: BinaryGroupTallies,
  first: number,
  last: number,
): (ConfusionReplicates | null)[] | null {
  const { groups, confusionResampling } = input;
  if (confusionResampling === undefined) return null;
  const out: (ConfusionReplicates | null)[] = new Array(groups.count).fill(null);
  const to = last < groups.groupings ? (groups.offsets[last] as number) : groups.count;
  for (let g = groups.offsets[first] as number; g < to; g++) {
    if ((groups.sizes[g] as number) === 0) continue;
    out[g] = pairedConfusionReplicates(
      tallies.cells.subarray(8 * g, 8 * g + 8),
      CONFUSION_METRICS,
      confusionResampling,
    );
  }
  return out;
}

/** Each group's positives and negatives, from its paired confusion cells. */
export function groupClassCounts(
  groups: ExampleGroups,
  tallies: BinaryGroupTallies,
): { readonly positives: Float64Array; readonly negatives: Float64Array } {
  const positives = new Float64Array(groups.count);
  const negatives = new Float64Array(groups.count);
  for (let g = 0; g < groups.count; g++) {
    const cells = tallies.cells.subarray(8 * g, 8 * g + 8);
    positives[g] = (cells[4] as number) + (cells[5] as number) + (cells[6] as number) + (cells[7] as number);
    negatives[g] = (groups.sizes[g] as number) - (positives[g] as number);
  }
  return { positives, negatives };
}

/**
 * The kernels of all groups from those of groupings [0, split) (`first`) and [split, end)
 * (`rest`): each group's entries come from the part that computed it.
 */
export function mergeGroupKernels(
  groups: ExampleGroups,
  first: GroupKernels,
  rest: GroupKernels,
  split: number,
): GroupKernels {
  const from = split < groups.groupings ? (groups.offsets[split] as number) : groups.count;
  const take = (own: Float64Array | Uint32Array, other: Float64Array | Uint32Array, width: number) => {
    own.set(other.subarray(from * width), from * width);
  };
  take(first.tallies.cells, rest.tallies.cells, 8);
  const confusion =
    first.confusion === null || rest.confusion === null
      ? null
      : [...first.confusion.slice(0, from), ...rest.confusion.slice(from)];
  const scores = first.tallies.scores;
  const restScores = rest.tallies.scores;
  if (scores !== null && restScores !== null) {
    take(scores.sums, restScores.sums, 8);
    for (const side of ["baseline", "candidate"] as const) {
      const bins = scores[side].probabilities.length / groups.count;
      take(scores[side].counts, restScores[side].counts, 2 * bins);
      take(scores[side].probabilities, restScores[side].probabilities, bins);
    }
  }
  const ranks = first.ranks;
  const restRanks = rest.ranks;
  if (ranks === null || restRanks === null) return { tallies: first.tallies, ranks: null, confusion };
  for (const side of ["baseline", "candidate"] as const) {
    take(ranks[side].rocAuc, restRanks[side].rocAuc, 1);
    take(ranks[side].averagePrecision, restRanks[side].averagePrecision, 1);
  }
  const deLong: DeLongSums[] = [...ranks.deLong.slice(0, from), ...restRanks.deLong.slice(from)];
  return { tallies: first.tallies, ranks: { ...ranks, deLong }, confusion };
}
