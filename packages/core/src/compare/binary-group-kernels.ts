import { sharedArray } from "../eval/shared-array.js";
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
  /** The groupings whose groups' entries these are (the others' are meaningless). */
  readonly groupings: readonly number[];
  readonly tallies: BinaryGroupTallies;
  readonly ranks: CountedRankStatistics | null;
  /** Each non-empty group's replicates of {@link CONFUSION_METRICS}, with `confusionResampling`. */
  readonly confusion: readonly (ConfusionReplicates | null)[] | null;
}

/**
 * Groupings [first, last) handed out one at a time to whichever thread asks next, through a
 * counter in shared memory: the threads then finish within one grouping of each other, whatever
 * else each has to do and however fast each runs.
 */
export function groupingQueue(first: number): Int32Array {
  const queue = sharedArray(Int32Array, 1);
  queue[0] = first;
  return queue;
}

/**
 * The passes for the groups of groupings [first, last), or of those this thread takes from
 * `queue` (see {@link groupingQueue}; only with ranked examples). Every sum runs over the examples
 * in order within its group, so a group's numbers are exactly those of a single pass over all
 * groupings, whichever thread computes them.
 */
export function groupKernels(
  input: GroupKernelInput,
  first: number,
  last: number,
  queue: Int32Array | null = null,
): GroupKernels {
  const { groups } = input;
  if (input.ranked === null) {
    if (queue !== null) throw new RangeError("groupings are queued with ranked examples only");
    const tallies = tallyBinaryGroups(input.pairs, groups, first, last);
    const groupings = Array.from({ length: last - first }, (_, k) => first + k);
    return { groupings, tallies, ranks: null, confusion: confusionReplicates(input, tallies, groupings) };
  }
  const groupings: number[] = [];
  const taken = function* (): Generator<number> {
    for (;;) {
      const j = queue === null ? first + groupings.length : Atomics.add(queue, 0, 1);
      if (j >= last) return;
      groupings.push(j);
      yield j;
    }
  };
  const { tallies, ranks } = partitionedGroupKernels(groups, input.ranked, taken());
  return { groupings, tallies, ranks, confusion: confusionReplicates(input, tallies, groupings) };
}

/** The confusion replicates of the non-empty groups of `groupings`, when asked for. */
function confusionReplicates(
  input: GroupKernelInput,
  tallies: BinaryGroupTallies,
  groupings: readonly number[],
): (ConfusionReplicates | null)[] | null {
  const { groups, confusionResampling } = input;
  if (confusionResampling === undefined) return null;
  const out: (ConfusionReplicates | null)[] = new Array(groups.count).fill(null);
  for (const j of groupings) {
    const [from, to] = groupRange(groups, j);
    for (let g = from; g < to; g++) {
      if ((groups.sizes[g] as number) === 0) continue;
      out[g] = pairedConfusionReplicates(
        tallies.cells.subarray(8 * g, 8 * g + 8),
        CONFUSION_METRICS,
        confusionResampling,
      );
    }
  }
  return out;
}

/** The groups [from, to) of grouping j. */
function groupRange(groups: ExampleGroups, j: number): [number, number] {
  return [groups.offsets[j] as number, j + 1 < groups.groupings ? (groups.offsets[j + 1] as number) : groups.count];
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
 * The kernels of all the groupings that `parts` hold between them (each grouping in one part):
 * each group's entries come from the part that computed it. The first part's arrays are reused.
 */
export function mergeGroupKernels(groups: ExampleGroups, parts: readonly GroupKernels[]): GroupKernels {
  const [first, ...others] = parts;
  if (first === undefined) throw new RangeError("no kernels to merge");
  const confusion = first.confusion === null ? null : [...first.confusion];
  const deLong = first.ranks === null ? null : [...first.ranks.deLong];
  for (const other of others) {
    for (const j of other.groupings) {
      const [from, to] = groupRange(groups, j);
      const take = (own: Float64Array | Uint32Array, theirs: Float64Array | Uint32Array, width: number) => {
        own.set(theirs.subarray(from * width, to * width), from * width);
      };
      take(first.tallies.cells, other.tallies.cells, 8);
      const scores = first.tallies.scores;
      const theirScores = other.tallies.scores;
      if (scores !== null && theirScores !== null) {
        take(scores.sums, theirScores.sums, 8);
        for (const side of ["baseline", "candidate"] as const) {
          const bins = scores[side].probabilities.length / groups.count;
          take(scores[side].counts, theirScores[side].counts, 2 * bins);
          take(scores[side].probabilities, theirScores[side].probabilities, bins);
        }
      }
      const ranks = first.ranks;
      const theirRanks = other.ranks;
      if (ranks !== null && theirRanks !== null && deLong !== null) {
        for (const side of ["baseline", "candidate"] as const) {
          take(ranks[side].rocAuc, theirRanks[side].rocAuc, 1);
          take(ranks[side].averagePrecision, theirRanks[side].averagePrecision, 1);
        }
        for (let g = from; g < to; g++) deLong[g] = theirRanks.deLong[g] as DeLongSums;
      }
      if (confusion !== null && other.confusion !== null) {
        for (let g = from; g < to; g++) confusion[g] = other.confusion[g] ?? null;
      }
    }
  }
  const groupings = parts.flatMap((part) => part.groupings);
  // The whole set's average precision is the one computed with grouping 0.
  const overall = (parts.find((part) => part.groupings.includes(0)) ?? first).ranks;
  const ranks =
    first.ranks === null || deLong === null || overall === null
      ? null
      : { ...first.ranks, deLong, overallAveragePrecision: overall.overallAveragePrecision };
  return { groupings, tallies: first.tallies, ranks, confusion };
}
