import type { PairedPredictions } from "../eval/paired-predictions.js";
import {
  accuracyFromConfusion,
  type BinaryConfusion,
  f1FromConfusion,
  precisionFromConfusion,
  recallFromConfusion,
} from "../metrics/binary-confusion.js";
import { CALIBRATION_BINS } from "../metrics/expected-calibration-error.js";
import { rankScores, type ScoreRanking } from "../metrics/score-ranking.js";
import { compareOutcomeTable, type PairedComparison } from "../stats/compare-paired.js";
import type { ConfusionCounts } from "../stats/confusion-metrics.js";
import {
  type ConfusionReplicates,
  pairedConfusionReplicates,
  sideConfusion,
} from "../stats/paired-confusion-bootstrap.js";
import { pairedMeanFromSums } from "../stats/paired-mean.js";
import type { PairedOutcomeTable } from "../stats/paired-outcome-table.js";
import {
  CONFUSION_METRICS,
  type GroupKernelInput,
  type GroupKernels,
  groupClassCounts,
  groupingQueue,
  groupKernels,
  mergeGroupKernels,
} from "./binary-group-kernels.js";
import { type BinaryGroupTallies, BRIER_SUMS, type CalibrationTally, LOG_LOSS_SUMS } from "./binary-group-tallies.js";
import { denseScoreRanks } from "./dense-score-ranks.js";
import { exampleGroups, exampleRows } from "./example-groups.js";
import { gather } from "./example-set.js";
import { type GroupedRankStatistics, groupedRankStatistics } from "./grouped-rank-statistics.js";
import type { MetricPoint } from "./little-bootstraps.js";
import {
  type MetricStatistics,
  mergeSides,
  SCORE_INDEX_BOOTSTRAP,
  type SideRankings,
  scoreIndexBootstrap,
  statisticsAtLevels,
  wantsIndexBootstrap,
} from "./paired-metric-statistics.js";
import type { ResamplingOptions } from "./paired-weighted-metrics.js";
import type { partitionedGroupKernels } from "./partitioned-group-kernels.js";
import { deLongFromSums } from "./ranked-delong.js";
import { MAX_PACKED_RANKS, rankedExamples } from "./ranked-examples.js";
import { type RowStatistics, replicateStatistics } from "./row-statistics.js";

/** One reported set of examples (the whole set, or a slice) and its compared metrics. */
export interface GroupComparison {
  /** `column=value`, or null for the whole set. */
  readonly name: string | null;
  readonly n: number;
  readonly metrics: readonly MetricStatistics[];
}

/**
 * The binary comparison of the whole set and of every non-empty slice, in report order, with
 * the values and statistics `compareExampleSet` gives each of them on its own columns (sums
 * that it accumulates example by example are accumulated here in the same order, so they agree
 * exactly; DeLong's sums agree up to rounding), computed from a few passes over all the examples
 * instead of gathering and ranking each slice: with few distinct scores, every group's numbers
 * from its own examples after a partition by group ({@link partitionedGroupKernels}); otherwise
 * {@link tallyBinaryGroups} and {@link groupedRankStatistics}.
 *
 * Undefined when the predictions are outside what those passes handle — another task, labels or
 * predictions other than 0/1, scores on one side only, or a score that is NaN or outside [0, 1] —
 * and the caller then compares each slice on its own.
 */
export function compareBinaryGroups(
  paired: PairedPredictions,
  rankings: () => SideRankings,
  overall: ResamplingOptions,
  slices: ResamplingOptions,
  prepared?: PreparedBinaryGroups,
): GroupComparison[] | undefined {
  const input = prepared?.input ?? binaryGroupInput(paired);
  if (input === undefined) return undefined;
  const { groups } = input;
  const kernels = prepared?.kernels ?? groupKernels(input, 0, groups.groupings);
  const { tallies } = kernels;
  let ranks: GroupedRankStatistics | undefined;
  let overallPoints: MetricPoint[] | undefined;
  if (kernels.ranks !== null) {
    ranks = kernels.ranks;
    overallPoints = wholeSetPoints(kernels, paired.n);
  } else if (tallies.scores !== null) {
    const { positives, negatives } = groupClassCounts(groups, tallies);
    const { baseline, candidate } = rankings();
    ranks = groupedRankStatistics(groups, positives, negatives, baseline as ScoreRanking, candidate as ScoreRanking);
  }
  const out: GroupComparison[] = [];
  for (let g = 0; g < groups.count; g++) {
    const n = groups.sizes[g] as number;
    if (n === 0) continue;
    const options = g === 0 ? overall : slices;
    const done = g === 0 ? prepared?.overallBootstrap : undefined;
    const indexBootstrap =
      ranks !== undefined && wantsIndexBootstrap(options, SCORE_INDEX_BOOTSTRAP)
        ? () => done ?? groupIndexBootstrap(paired, g, rankings, options, g === 0 ? overallPoints : undefined)
        : undefined;
    out.push({
      name: groups.names[g] ?? null,
      n,
      metrics: groupMetrics(g, n, tallies, ranks, options, indexBootstrap, drawnWith(input, kernels, g, options)),
    });
  }
  return out;
}

/** The passes over the examples made ahead of {@link compareBinaryGroups}, and what they allowed. */
export interface PreparedBinaryGroups {
  readonly input: GroupKernelInput;
  readonly kernels: GroupKernels;
  /** The whole set's average precision and ECE intervals, when computed alongside the passes. */
  readonly overallBootstrap?: RowStatistics[];
}

/**
 * A thread that takes some of the groupings of {@link prepareBinaryGroupsOnThreads}: groupings
 * [first, last), or those it takes from `queue` (see `groupingQueue`). Null when it could not
 * (its groupings are then computed here).
 */
export type GroupKernelsElsewhere = (
  input: GroupKernelInput,
  first: number,
  last: number,
  queue: Int32Array | null,
) => Promise<GroupKernels | null>;

/**
 * Runs the passes of {@link compareBinaryGroups} on two threads: `elsewhere` (a worker thread)
 * takes groupings while this thread takes the whole set, its index bootstrap (the other large
 * cost) and `meanwhile`, then groupings again. With few distinct scores the groupings are handed
 * out one at a time, so both threads finish within one grouping of each other; otherwise each
 * takes half. Each group's numbers are those of one thread doing it all (see `groupKernels`).
 * Undefined when compareBinaryGroups does not apply, or there is one grouping only (no slice
 * columns).
 */
export async function prepareBinaryGroupsOnThreads(
  paired: PairedPredictions,
  rankings: () => SideRankings,
  overall: ResamplingOptions,
  elsewhere: GroupKernelsElsewhere,
  meanwhile: () => void = () => undefined,
): Promise<PreparedBinaryGroups | undefined> {
  const grouped = binaryGroupInput(paired);
  if (grouped === undefined || grouped.groups.groupings < 2) return undefined;
  // Each thread also draws its groups' confusion bootstraps, which would otherwise come after.
  const input = { ...grouped, confusionResampling: { resamples: overall.resamples, seed: overall.seed } };
  const { groupings } = input.groups;
  const bootstrap = input.ranked !== null && wantsIndexBootstrap(overall, SCORE_INDEX_BOOTSTRAP);
  const queue = input.ranked !== null ? groupingQueue(1) : null;
  const split = queue !== null ? 1 : Math.ceil(groupings / 2);
  const away = elsewhere(input, split, groupings, queue);
  try {
    const parts = [groupKernels(input, 0, split)];
    const overallBootstrap = bootstrap
      ? groupIndexBootstrap(paired, 0, rankings, overall, wholeSetPoints(parts[0] as GroupKernels, paired.n))
      : undefined;
    meanwhile();
    if (queue !== null) parts.push(groupKernels(input, split, groupings, queue));
    const theirs = await away;
    if (theirs !== null) parts.push(theirs);
    // Whatever the worker could not do is done here, a run of groupings at a time.
    const done = new Set(parts.flatMap((part) => part.groupings));
    for (let j = 0; j < groupings; j++) {
      if (done.has(j)) continue;
      let end = j + 1;
      while (end < groupings && !done.has(end)) end++;
      parts.push(groupKernels(input, j, end));
      j = end;
    }
    const kernels = mergeGroupKernels(input.groups, parts);
    return { input, kernels, ...(overallBootstrap ? { overallBootstrap } : {}) };
  } finally {
    // A failure here leaves nothing unobserved elsewhere.
    away.catch(() => undefined);
  }
}

/**
 * Whether {@link compareBinaryGroups} handles these predictions, and if so its examples numbered
 * by group and each model's dense score ranks (when both have few enough distinct scores).
 */
export function binaryGroupInput(paired: PairedPredictions): GroupKernelInput | undefined {
  if (paired.task !== "binary-classification" || paired.n === 0) return undefined;
  const baselineScore = paired.baseline.score;
  const candidateScore = paired.candidate.score;
  if ((baselineScore === null) !== (candidateScore === null)) return undefined;
  const pairs = { n: paired.n, baseline: paired.baseline, candidate: paired.candidate };
  const numbered = exampleGroups(paired, false);
  if (baselineScore !== null && candidateScore !== null) {
    const limit = Math.min(MAX_PACKED_RANKS, Math.floor(MAX_WALKED_SCORE_COUNTS / numbered.count));
    const baseline = denseScoreRanks(baselineScore, limit);
    const candidate = baseline && denseScoreRanks(candidateScore, limit);
    if (baseline !== undefined && candidate !== undefined) {
      // The distinct scores are all there is to check of the scores (a NaN sorts last).
      if (!withinUnit(baseline.values) || !withinUnit(candidate.values)) return undefined;
      const ranked = rankedExamples(paired.label, pairs, baseline, candidate);
      return ranked && { pairs, groups: numbered, ranked };
    }
  }
  if (!groupable(paired)) return undefined;
  // The other passes read the examples' groups row by row.
  return { pairs, groups: { ...numbered, rows: exampleRows(numbered, paired.label) }, ranked: null };
}

/** Whether ascending scores all lie in [0, 1]. */
function withinUnit(sorted: Float64Array): boolean {
  return sorted.length === 0 || ((sorted[0] as number) >= 0 && (sorted[sorted.length - 1] as number) <= 1);
}

/** The whole set's average precision and ECE, as the metrics compute them, from counted kernels. */
function wholeSetPoints(kernels: GroupKernels, n: number): MetricPoint[] | undefined {
  const scores = kernels.tallies.scores;
  if (kernels.ranks === null || scores === null) return undefined;
  return [
    kernels.ranks.overallAveragePrecision,
    { baseline: calibrationError(scores.baseline, 0, n), candidate: calibrationError(scores.candidate, 0, n) },
  ];
}

/**
 * Beyond this many counts per model (groups × distinct scores) the rank statistics come from
 * walking each model's ranking ({@link groupedRankStatistics}) rather than from each group's counts
 * per distinct score ({@link partitionedGroupKernels}), which would take longer to walk than the
 * examples themselves.
 */
const MAX_WALKED_SCORE_COUNTS = 1 << 24;

/** Whether {@link compareBinaryGroups} handles these binary predictions, scored on both sides or neither. */
function groupable(paired: PairedPredictions): boolean {
  const { n, label } = paired;
  const baseline = paired.baseline;
  const candidate = paired.candidate;
  for (let i = 0; i < n; i++) {
    const y = label[i];
    const b = baseline.prediction[i];
    const c = candidate.prediction[i];
    if ((y !== 0 && y !== 1) || (b !== 0 && b !== 1) || (c !== 0 && c !== 1)) return false;
  }
  for (const score of [baseline.score, candidate.score]) {
    if (score === null) continue;
    for (let i = 0; i < n; i++) {
      const p = score[i] as number;
      if (!(p >= 0 && p <= 1)) return false;
    }
  }
  return true;
}

/** Group g's confusion replicates drawn with the passes, when they were drawn as `options` asks. */
function drawnWith(
  input: GroupKernelInput,
  kernels: GroupKernels,
  g: number,
  options: ResamplingOptions,
): ConfusionReplicates | undefined {
  const drawn = kernels.confusion?.[g] ?? undefined;
  const asked = input.confusionResampling;
  return drawn !== undefined && asked?.resamples === options.resamples && asked.seed === options.seed
    ? drawn
    : undefined;
}

function groupMetrics(
  g: number,
  n: number,
  tallies: BinaryGroupTallies,
  ranks: GroupedRankStatistics | undefined,
  options: ResamplingOptions,
  indexBootstrap: (() => RowStatistics[]) | undefined,
  drawn: ConfusionReplicates | undefined,
): MetricStatistics[] {
  const cells = tallies.cells.subarray(8 * g, 8 * g + 8);
  const baselineCounts = sideConfusion(cells, 0);
  const candidateCounts = sideConfusion(cells, 1);
  const baselineValues = confusionValues(baselineCounts);
  const candidateValues = confusionValues(candidateCounts);
  const statistics = new Map<string, RowStatistics>();
  const table = outcomeTable(cells);
  statistics.set(
    "accuracy",
    statisticsAtLevels(options.levels, (confidence) => compareOutcomeTable(table, confidence)),
  );
  const replicates = drawn ?? pairedConfusionReplicates(cells, CONFUSION_METRICS, options);
  ["precision", "recall", "f1"].forEach((name, m) => {
    const metric = CONFUSION_METRICS[m] as (typeof CONFUSION_METRICS)[number];
    statistics.set(
      name,
      replicateStatistics(
        { baseline: metric(baselineCounts), candidate: metric(candidateCounts) },
        replicates.deltas[m] as Float64Array,
        replicates.valid[m] as number,
        replicates.resamples,
        options.levels,
      ),
    );
  });
  const scores = tallies.scores;
  if (scores !== null && ranks !== undefined) {
    const sums = scores.sums;
    baselineValues.roc_auc = ranks.baseline.rocAuc[g] as number;
    baselineValues.average_precision = ranks.baseline.averagePrecision[g] as number;
    baselineValues.log_loss = (sums[8 * g + LOG_LOSS_SUMS] as number) / n;
    baselineValues.brier = (sums[8 * g + BRIER_SUMS] as number) / n;
    baselineValues.ece = calibrationError(scores.baseline, g, n);
    candidateValues.roc_auc = ranks.candidate.rocAuc[g] as number;
    candidateValues.average_precision = ranks.candidate.averagePrecision[g] as number;
    candidateValues.log_loss = (sums[8 * g + LOG_LOSS_SUMS + 1] as number) / n;
    candidateValues.brier = (sums[8 * g + BRIER_SUMS + 1] as number) / n;
    candidateValues.ece = calibrationError(scores.candidate, g, n);
    statistics.set("roc_auc", deLongFromSums(ranks.deLong[g] as (typeof ranks.deLong)[number], options.levels));
    statistics.set("log_loss", meanStatistics(sums, 8 * g + LOG_LOSS_SUMS, n, options.levels));
    statistics.set("brier", meanStatistics(sums, 8 * g + BRIER_SUMS, n, options.levels));
    if (indexBootstrap !== undefined) {
      const [averagePrecision, ece] = indexBootstrap();
      if (averagePrecision) statistics.set("average_precision", averagePrecision);
      if (ece) statistics.set("ece", ece);
    }
  }
  return mergeSides(baselineValues, candidateValues, statistics);
}

/** accuracy, precision, recall and F1, as `binaryMetrics` computes them from its confusion counts. */
function confusionValues(counts: ConfusionCounts): Record<string, number> {
  const confusion: BinaryConfusion = {
    truePositive: counts.tp,
    falsePositive: counts.fp,
    falseNegative: counts.fn,
    trueNegative: counts.tn,
  };
  return {
    accuracy: accuracyFromConfusion(confusion),
    precision: precisionFromConfusion(confusion),
    recall: recallFromConfusion(confusion),
    f1: f1FromConfusion(confusion),
  };
}

/** Which model is right on each paired cell (label·4 + baseline·2 + candidate). */
function outcomeTable(cells: ArrayLike<number>): PairedOutcomeTable {
  const table = { bothCorrect: 0, candidateOnly: 0, baselineOnly: 0, neither: 0 };
  for (let k = 0; k < 8; k++) {
    const label = k >> 2;
    const baselineRight = ((k >> 1) & 1) === label;
    const candidateRight = (k & 1) === label;
    const count = cells[k] as number;
    if (baselineRight && candidateRight) table.bothCorrect += count;
    else if (candidateRight) table.candidateOnly += count;
    else if (baselineRight) table.baselineOnly += count;
    else table.neither += count;
  }
  return table;
}

/** The paired t comparison of a mean metric from the group's four sums, at every level. */
function meanStatistics(sums: Float64Array, at: number, n: number, levels: readonly number[]): RowStatistics {
  const meanSums = {
    n,
    baseline: sums[at] as number,
    candidate: sums[at + 1] as number,
    difference: sums[at + 2] as number,
    squaredDeviations: sums[at + 3] as number,
  };
  return statisticsAtLevels(levels, (confidence): PairedComparison => {
    const { baseline, candidate, delta, ci, pValue } = pairedMeanFromSums(meanSums, confidence);
    return { baseline, candidate, delta, ci, pValue, n, method: "paired-mean", confidence };
  });
}

/** `expectedCalibrationError` from a group's bins. */
function calibrationError(tally: CalibrationTally, g: number, total: number): number {
  let ece = 0;
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    const bin = g * CALIBRATION_BINS + b;
    const negatives = tally.counts[2 * bin] as number;
    const positives = tally.counts[2 * bin + 1] as number;
    const nb = negatives + positives;
    if (nb === 0) continue;
    ece += (nb / total) * Math.abs(positives / nb - (tally.probabilities[bin] as number) / nb);
  }
  return ece;
}

/** The index bootstrap of a group's average precision and ECE, on the group's own columns. */
function groupIndexBootstrap(
  paired: PairedPredictions,
  g: number,
  rankings: () => SideRankings,
  options: ResamplingOptions,
  known: readonly MetricPoint[] | undefined,
): RowStatistics[] {
  const baselineScore = paired.baseline.score as Float64Array;
  const candidateScore = paired.candidate.score as Float64Array;
  if (g === 0) {
    return scoreIndexBootstrap(
      paired.label,
      { score: baselineScore, ranking: () => rankings().baseline as ScoreRanking },
      { score: candidateScore, ranking: () => rankings().candidate as ScoreRanking },
      options,
      known,
    );
  }
  const indices = groupMembers(paired, g);
  const sb = gather(baselineScore, indices, 1);
  const sc = gather(candidateScore, indices, 1);
  return scoreIndexBootstrap(
    gather(paired.label, indices, 1),
    { score: sb, ranking: () => rankScores(sb) },
    { score: sc, ranking: () => rankScores(sc) },
    options,
  );
}

/** The examples of group g (g ≥ 1, numbered as in {@link exampleGroups}), ascending. */
function groupMembers(paired: PairedPredictions, g: number): Uint32Array {
  let offset = 1;
  for (const { codes, values } of paired.slices.values()) {
    if (g < offset + values.length) {
      const code = g - offset;
      const indices: number[] = [];
      for (let i = 0; i < paired.n; i++) if (codes[i] === code) indices.push(i);
      return Uint32Array.from(indices);
    }
    offset += values.length;
  }
  throw new RangeError(`no group ${g}`);
}
