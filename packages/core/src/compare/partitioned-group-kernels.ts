import type { SliceCodes } from "../eval/paired-predictions.js";
import { CALIBRATION_BINS, calibrationBin } from "../metrics/expected-calibration-error.js";
import { exampleLogLoss } from "../metrics/log-loss.js";
import type { BinaryGroupTallies, CalibrationTally } from "./binary-group-tallies.js";
import { SpreadSums } from "./component-spread.js";
import type { ExampleGroups } from "./example-groups.js";
import type { GroupedRankStatistics } from "./grouped-rank-statistics.js";
import type { RankedExamples } from "./ranked-examples.js";
import { TiedRunSums } from "./tied-run-sums.js";

/** {@link GroupedRankStatistics}, and the whole set's average precision summed from the top score down. */
export interface CountedRankStatistics extends GroupedRankStatistics {
  /** As `averagePrecisionRanked` gives it on all the examples (its summation order). */
  readonly overallAveragePrecision: { readonly baseline: number; readonly candidate: number };
}

/** The tallies and rank statistics of the groups that {@link partitionedGroupKernels} computed. */
export interface PartitionedGroupKernels {
  readonly tallies: BinaryGroupTallies;
  readonly ranks: CountedRankStatistics;
}

/**
 * Every per-group number of a scored binary comparison — the tallies of `tallyBinaryGroups` and
 * the rank statistics of `groupedRankStatistics` — for the groups of `groupings` (taken one at a
 * time, so they may come from a queue other threads take from too), when both models' scores
 * take few distinct values.
 *
 * Each grouping's examples are first partitioned by group (a stable counting sort of the packed
 * examples, so each group's examples stay in example order), then each group is walked on its
 * own: its counts per distinct score fit in the core's cache, and its sums stay in registers.
 * Passing over all groupings at once instead would scatter every example into a table per model
 * of (groups × distinct scores) cells, tens of megabytes, at a cache miss per example and
 * grouping.
 *
 * Per group, one pass tallies the confusion cells, the log-loss and squared-error sums, the
 * calibration bins and the counts of positives and negatives per distinct score; a walk of those
 * counts in ascending score gives the group's runs of ties, hence its ROC-AUC, average precision
 * and DeLong components exactly as on its own ranking; a second pass pairs each example's two
 * components and sums the squared deviations of the paired differences. Every sum runs over the
 * group's examples in example order, so each group's numbers are those of its own columns,
 * whichever thread computes which groupings. The other groups' entries are meaningless.
 */
export function partitionedGroupKernels(
  groups: ExampleGroups,
  examples: RankedExamples,
  groupings: Iterable<number>,
): PartitionedGroupKernels {
  const { count } = groups;
  const walk = new GroupWalk(groups, examples);
  const n = examples.cells.length;
  let cells: Uint8Array | undefined;
  let ranks: Uint32Array | undefined;
  for (const j of groupings) {
    if (j === 0) {
      walk.group(0, examples.cells, examples.ranks, 0, n);
      continue;
    }
    cells ??= new Uint8Array(n);
    ranks ??= new Uint32Array(n);
    const codes = groups.columns[j - 1] as SliceCodes;
    const offset = groups.offsets[j] as number;
    const values = (j + 1 < groups.groupings ? (groups.offsets[j + 1] as number) : count) - offset;
    const starts = partitionByCode(codes, values, examples, cells, ranks);
    for (let code = 0; code < values; code++) {
      const from = starts[code] as number;
      const to = starts[code + 1] as number;
      if (to > from) walk.group(offset + code, cells, ranks, from, to);
    }
  }
  return walk.kernels();
}

/**
 * Copies the examples of each code of `codes` (0 … values − 1; −1 is none) into `cells` and
 * `ranks`, code after code, each in example order; returns where each code's examples start
 * (and, at [values], where the last one's end).
 */
function partitionByCode(
  codes: SliceCodes,
  values: number,
  examples: RankedExamples,
  cells: Uint8Array,
  ranks: Uint32Array,
): Int32Array {
  const n = codes.length;
  const starts = new Int32Array(values + 1);
  for (let i = 0; i < n; i++) {
    const code = codes[i] as number;
    if (code >= 0) starts[code + 1] = (starts[code + 1] as number) + 1;
  }
  for (let code = 0; code < values; code++) {
    starts[code + 1] = (starts[code + 1] as number) + (starts[code] as number);
  }
  const next = starts.slice(0, values);
  const fromCells = examples.cells;
  const fromRanks = examples.ranks;
  for (let i = 0; i < n; i++) {
    const code = codes[i] as number;
    if (code < 0) continue;
    const at = next[code] as number;
    next[code] = at + 1;
    cells[at] = fromCells[i] as number;
    ranks[at] = fromRanks[i] as number;
  }
  return starts;
}

/**
 * One model's per-distinct-score entries, four numbers at 4·(2r + label): the example's log loss,
 * its squared error (Brier), its score, and the group's count of such examples (which
 * {@link runSums} turns into their component numerator). An example's four numbers share a cache
 * line, so a pass reads one line per model and example where separate tables would cost four.
 */
class ScoreEntries {
  readonly entries: Float64Array;
  /** Each score's calibration bin, at [r]. */
  readonly bin: Uint8Array;

  constructor(scores: Float64Array) {
    const distinct = scores.length;
    this.entries = new Float64Array(8 * distinct);
    this.bin = new Uint8Array(distinct);
    for (let r = 0; r < distinct; r++) {
      const score = scores[r] as number;
      for (const y of [0, 1]) {
        const e = 4 * (2 * r + y);
        // As `tallyBinaryGroups` computes them from the score itself.
        this.entries[e + LOSS] = exampleLogLoss(y, score);
        const error = y - score;
        this.entries[e + SQUARED_ERROR] = error * error;
        this.entries[e + SCORE] = score;
      }
      this.bin[r] = calibrationBin(score);
    }
  }

  /** Zeroes the counts, for the next group. */
  clearCounts(): void {
    const entries = this.entries;
    for (let e = COUNT; e < entries.length; e += 4) entries[e] = 0;
  }
}

const LOSS = 0;
const SQUARED_ERROR = 1;
const SCORE = 2;
const COUNT = 3;

/** The output of {@link partitionedGroupKernels}, filled one group at a time. */
class GroupWalk {
  private readonly baseline: ScoreEntries;
  private readonly candidate: ScoreEntries;
  private readonly cells: Uint32Array;
  private readonly sums: Float64Array;
  private readonly baselineBins: CalibrationTally;
  private readonly candidateBins: CalibrationTally;
  private readonly positives: Float64Array;
  private readonly negatives: Float64Array;
  private readonly baselineRuns: TiedRunSums;
  private readonly candidateRuns: TiedRunSums;
  private readonly spread: SpreadSums;
  private overallAveragePrecision = { baseline: Number.NaN, candidate: Number.NaN };

  constructor(
    private readonly groups: ExampleGroups,
    examples: RankedExamples,
  ) {
    const { count } = groups;
    this.baseline = new ScoreEntries(examples.baselineScores);
    this.candidate = new ScoreEntries(examples.candidateScores);
    this.cells = new Uint32Array(count * 8);
    this.sums = new Float64Array(count * 8);
    this.baselineBins = calibrationTally(count);
    this.candidateBins = calibrationTally(count);
    this.positives = new Float64Array(count);
    this.negatives = new Float64Array(count);
    this.baselineRuns = new TiedRunSums(this.positives, this.negatives);
    this.candidateRuns = new TiedRunSums(this.positives, this.negatives);
    this.spread = new SpreadSums(count);
  }

  /** Group g, whose examples are [from, to) of `cells` and `ranks`. */
  group(g: number, cells: Uint8Array, ranks: Uint32Array, from: number, to: number): void {
    this.tally(g, cells, ranks, from, to);
    const out = this.cells;
    const positives =
      (out[8 * g + 4] as number) + (out[8 * g + 5] as number) + (out[8 * g + 6] as number) + (out[8 * g + 7] as number);
    this.positives[g] = positives;
    this.negatives[g] = (this.groups.sizes[g] as number) - positives;
    if (g === 0) {
      this.overallAveragePrecision = {
        baseline: descendingAveragePrecision(this.baseline.entries),
        candidate: descendingAveragePrecision(this.candidate.entries),
      };
    }
    runSums(g, this.baseline.entries, this.baselineRuns);
    runSums(g, this.candidate.entries, this.candidateRuns);
    this.spread.centreOn(this.candidateRuns.sum10, this.candidateRuns.sum01, this.positives, this.negatives, g, g + 1);
    this.pair(g, cells, ranks, from, to);
  }

  /** The first pass: `tallyBinaryGroups`'s cells, sums and bins, and the counts per distinct score. */
  private tally(g: number, cells: Uint8Array, ranks: Uint32Array, from: number, to: number): void {
    const { baseline, candidate } = this;
    baseline.clearCounts();
    candidate.clearCounts();
    const entriesB = baseline.entries;
    const entriesC = candidate.entries;
    const binB = baseline.bin;
    const binC = candidate.bin;
    const out = this.cells;
    const binsB = this.baselineBins;
    const binsC = this.candidateBins;
    const cellAt = 8 * g;
    const binAt = CALIBRATION_BINS * g;
    let lossSumB = 0;
    let lossSumC = 0;
    let lossSumD = 0;
    let squaredSumB = 0;
    let squaredSumC = 0;
    let squaredSumD = 0;
    for (let k = from; k < to; k++) {
      const cell = cells[k] as number;
      const packed = ranks[k] as number;
      const y = cell >> 2;
      const rankB = packed & 0xffff;
      const rankC = packed >>> 16;
      const eb = 4 * (2 * rankB + y);
      const ec = 4 * (2 * rankC + y);
      out[cellAt + cell] = (out[cellAt + cell] as number) + 1;
      const lb = entriesB[eb] as number;
      const lc = entriesC[ec] as number;
      lossSumB += lb;
      lossSumC += lc;
      lossSumD += lc - lb;
      const qb = entriesB[eb + SQUARED_ERROR] as number;
      const qc = entriesC[ec + SQUARED_ERROR] as number;
      squaredSumB += qb;
      squaredSumC += qc;
      squaredSumD += qc - qb;
      const b = binAt + (binB[rankB] as number);
      binsB.counts[2 * b + y] = (binsB.counts[2 * b + y] as number) + 1;
      binsB.probabilities[b] = (binsB.probabilities[b] as number) + (entriesB[eb + SCORE] as number);
      const c = binAt + (binC[rankC] as number);
      binsC.counts[2 * c + y] = (binsC.counts[2 * c + y] as number) + 1;
      binsC.probabilities[c] = (binsC.probabilities[c] as number) + (entriesC[ec + SCORE] as number);
      entriesB[eb + COUNT] = (entriesB[eb + COUNT] as number) + 1;
      entriesC[ec + COUNT] = (entriesC[ec + COUNT] as number) + 1;
    }
    const s = 8 * g;
    this.sums[s] = lossSumB;
    this.sums[s + 1] = lossSumC;
    this.sums[s + 2] = lossSumD;
    this.sums[s + 4] = squaredSumB;
    this.sums[s + 5] = squaredSumC;
    this.sums[s + 6] = squaredSumD;
  }

  /**
   * The second pass: each example's two structural components (from the numerators `runSums`
   * left in the counts) around the candidate's mean, and the squared deviations of the log-loss
   * and squared-error differences from the group's mean difference.
   */
  private pair(g: number, cells: Uint8Array, ranks: Uint32Array, from: number, to: number): void {
    const { spread } = this;
    const entriesB = this.baseline.entries;
    const entriesC = this.candidate.entries;
    const size = this.groups.sizes[g] as number;
    const s = 8 * g;
    const lossDelta = (this.sums[s + 2] as number) / size;
    const squaredDelta = (this.sums[s + 6] as number) / size;
    // Numerator × 1/(2N) is the component to within an ulp, the same for both models.
    const scale10 = 1 / (2 * (this.negatives[g] as number));
    const scale01 = 1 / (2 * (this.positives[g] as number));
    const centre10 = spread.centre10[g] as number;
    const centre01 = spread.centre01[g] as number;
    // Class by class without a branch: a branch on the label is mispredicted at every other
    // example, and each miss discards the entry loads in flight. An example adds its terms times 1
    // to its class's sums and times 0 to the other's, which leaves those unchanged to the bit.
    const scales = Float64Array.of(scale01, scale10);
    const centres = Float64Array.of(centre01, centre10);
    let b10 = 0;
    let bb10 = 0;
    let c10 = 0;
    let cc10 = 0;
    let bc10 = 0;
    let b01 = 0;
    let bb01 = 0;
    let c01 = 0;
    let cc01 = 0;
    let bc01 = 0;
    let lossDeviations = 0;
    let squaredDeviations = 0;
    for (let k = from; k < to; k++) {
      const packed = ranks[k] as number;
      const y = (cells[k] as number) >> 2;
      const eb = 4 * (2 * (packed & 0xffff) + y);
      const ec = 4 * (2 * (packed >>> 16) + y);
      const scale = scales[y] as number;
      const centre = centres[y] as number;
      const b = (entriesB[eb + COUNT] as number) * scale - centre;
      const c = (entriesC[ec + COUNT] as number) * scale - centre;
      const bb = b * b;
      const cc = c * c;
      const bc = b * c;
      const positive = y;
      const negative = 1 - y;
      b10 += positive * b;
      bb10 += positive * bb;
      c10 += positive * c;
      cc10 += positive * cc;
      bc10 += positive * bc;
      b01 += negative * b;
      bb01 += negative * bb;
      c01 += negative * c;
      cc01 += negative * cc;
      bc01 += negative * bc;
      const e = (entriesC[ec + LOSS] as number) - (entriesB[eb + LOSS] as number) - lossDelta;
      lossDeviations += e * e;
      const f = (entriesC[ec + SQUARED_ERROR] as number) - (entriesB[eb + SQUARED_ERROR] as number) - squaredDelta;
      squaredDeviations += f * f;
    }
    this.sums[s + 3] = lossDeviations;
    this.sums[s + 7] = squaredDeviations;
    spread.sums10.set([b10, bb10, c10, cc10, bc10], 5 * g);
    spread.sums01.set([b01, bb01, c01, cc01, bc01], 5 * g);
  }

  kernels(): PartitionedGroupKernels {
    const { count } = this.groups;
    return {
      tallies: {
        cells: this.cells,
        scores: { sums: this.sums, baseline: this.baselineBins, candidate: this.candidateBins },
      },
      ranks: {
        baseline: this.baselineRuns.metrics(),
        candidate: this.candidateRuns.metrics(),
        deLong: this.spread.deLongSums(
          count,
          (g) => this.baselineRuns.structuralAuc(g),
          (g) => this.candidateRuns.structuralAuc(g),
          this.positives,
          this.negatives,
        ),
        overallAveragePrecision: this.overallAveragePrecision,
      },
    };
  }
}

function calibrationTally(count: number): CalibrationTally {
  return {
    counts: new Float64Array(count * 2 * CALIBRATION_BINS),
    probabilities: new Float64Array(count * CALIBRATION_BINS),
  };
}

/** `averagePrecisionRanked` from one group's counts per distinct score, walking down from the top score. */
function descendingAveragePrecision(entries: Float64Array): number {
  let truePositives = 0;
  let falsePositives = 0;
  let weightedPrecision = 0;
  for (let r = entries.length / 8 - 1; r >= 0; r--) {
    const positives = entries[8 * r + 4 + COUNT] as number;
    truePositives += positives;
    falsePositives += entries[8 * r + COUNT] as number;
    if (positives > 0) weightedPrecision += (positives * truePositives) / (truePositives + falsePositives);
  }
  return truePositives === 0 ? Number.NaN : weightedPrecision / truePositives;
}

/**
 * Walks one group's counts upwards, adding each run of tied scores to its sums, and replaces each
 * count by the component numerator of its examples: 2·(negatives below) + negatives tied for the
 * positives, 2·(positives above) + positives tied for the negatives.
 */
function runSums(g: number, entries: Float64Array, sums: TiedRunSums): void {
  const distinct = entries.length / 8;
  const positives = sums.positives[g] as number;
  for (let r = 0; r < distinct; r++) {
    const negativesAt = 8 * r + COUNT;
    const positivesAt = negativesAt + 4;
    const gn = entries[negativesAt] as number;
    const gp = entries[positivesAt] as number;
    if (gp === 0 && gn === 0) continue;
    const below = sums.negativesBelow[g] as number;
    const above = sums.positivesBelow[g] as number;
    sums.addRun(g, gp, gn);
    entries[negativesAt] = 2 * (positives - above - gp) + gp;
    entries[positivesAt] = 2 * below + gn;
  }
}
