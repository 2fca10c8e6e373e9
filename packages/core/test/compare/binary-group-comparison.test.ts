import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  binaryGroupInput,
  compareBinaryGroups,
  prepareBinaryGroupsOnThreads,
} from "../../src/compare/binary-group-comparison.js";
import {
  type GroupKernelInput,
  type GroupKernels,
  groupingQueue,
  groupKernels,
  mergeGroupKernels,
} from "../../src/compare/binary-group-kernels.js";
import { tallyBinaryGroups } from "../../src/compare/binary-group-tallies.js";
import { denseScoreRanks } from "../../src/compare/dense-score-ranks.js";
import { exampleGroups } from "../../src/compare/example-groups.js";
import { allExamples, gatherExamples } from "../../src/compare/example-set.js";
import { groupedRankStatistics } from "../../src/compare/grouped-rank-statistics.js";
import { compareExampleSet, type MetricStatistics } from "../../src/compare/paired-metric-statistics.js";
import type { ResamplingOptions } from "../../src/compare/paired-weighted-metrics.js";
import { partitionedGroupKernels } from "../../src/compare/partitioned-group-kernels.js";
import { type RankedExamples, rankedExamples } from "../../src/compare/ranked-examples.js";
import type { PairedPredictions, SliceColumn } from "../../src/eval/paired-predictions.js";
import { rankScores } from "../../src/metrics/score-ranking.js";
import { Xoshiro128 } from "../../src/stats/xoshiro128.js";

interface Shape {
  readonly n: number;
  readonly seed: number;
  /** Distinct score levels (ties everywhere), or 0 for scores without ties. */
  readonly levels: number;
  readonly thresholded: boolean;
}

/** Paired binary predictions with two slice columns (some examples in no slice of a column). */
function predictions({ n, seed, levels, thresholded }: Shape): PairedPredictions {
  const rng = new Xoshiro128(seed);
  const score = () => (levels === 0 ? rng.nextFloat() : rng.nextBelow(levels + 1) / levels);
  const label = Float64Array.from({ length: n }, () => (rng.nextFloat() < 0.4 ? 1 : 0));
  // Positives score higher on average, on the same grid of levels as negatives (ties across labels).
  const sb = Float64Array.from(label, (y) => (y === 1 ? Math.max(score(), score()) : score()));
  const sc = Float64Array.from(label, (y) => (y === 1 ? Math.max(score(), score(), score()) : score()));
  const predict = (s: Float64Array) =>
    Float64Array.from(s, (p) => (thresholded ? (p >= 0.5 ? 1 : 0) : rng.nextBelow(2)));
  const column = (values: readonly string[]): SliceColumn => ({
    codes: Int8Array.from({ length: n }, () => rng.nextBelow(values.length + 1) - 1),
    values,
  });
  return {
    task: "binary-classification",
    n,
    ids: Array.from({ length: n }, (_, i) => `ex${i}`),
    label,
    classes: null,
    baseline: { prediction: predict(sb), score: sb },
    candidate: { prediction: predict(sc), score: sc },
    slices: new Map([
      ["region", column(["eu", "us", "apac"])],
      ["tier", column(["a", "b", "c", "d", "e"])],
    ]),
    unpaired: { baselineOnly: 0, candidateOnly: 0 },
  };
}

const shapes = fc.record({
  n: fc.integer({ min: 1, max: 120 }),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  levels: fc.constantFrom(0, 1, 3, 10),
  thresholded: fc.boolean(),
});

const overall: ResamplingOptions = { levels: [0.95, 0.9], resamples: 1000, seed: 7 };
const slices: ResamplingOptions = { ...overall, indexBootstrap: (metric) => metric === "ece" };

/** What comparing each group on its own columns gives: the whole set, then every non-empty slice. */
interface GroupRows {
  readonly name: string | null;
  readonly n: number;
  readonly metrics: MetricStatistics[];
}

function groupByGroup(paired: PairedPredictions): GroupRows[] {
  const all = allExamples(paired);
  const rank = (score: Float64Array | null) => (score === null ? undefined : rankScores(score));
  const out: GroupRows[] = [
    {
      name: null,
      n: paired.n,
      metrics: compareExampleSet("binary-classification", all, null, overall, {
        baseline: rank(paired.baseline.score),
        candidate: rank(paired.candidate.score),
      }),
    },
  ];
  for (const [column, { codes, values }] of paired.slices) {
    values.forEach((value, code) => {
      const indices = Uint32Array.from([...codes.keys()].filter((i) => codes[i] === code));
      if (indices.length === 0) return;
      const set = gatherExamples(all, indices, 1);
      const metrics = compareExampleSet("binary-classification", set, null, slices, {
        baseline: rank(set.baseline.score),
        candidate: rank(set.candidate.score),
      });
      out.push({ name: `${column}=${value}`, n: indices.length, metrics });
    });
  }
  return out;
}

function wholeRankings(paired: PairedPredictions) {
  return () => ({
    baseline: rankScores(paired.baseline.score as Float64Array),
    candidate: rankScores(paired.candidate.score as Float64Array),
  });
}

describe("comparing every slice from passes over all the examples", () => {
  it("gives each group the values and statistics of comparing its own examples", () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const paired = predictions(shape);
        const grouped = compareBinaryGroups(paired, wholeRankings(paired), overall, slices);
        const expected = groupByGroup(paired);
        expect(grouped?.map((g) => [g.name, g.n])).toEqual(expected.map((g) => [g.name, g.n]));
        grouped?.forEach((group, k) => {
          const reference = expected[k]?.metrics ?? [];
          expect(group.metrics.map((m) => m.metric)).toEqual(reference.map((m) => m.metric));
          group.metrics.forEach((actual, m) => {
            const wanted = reference[m] as MetricStatistics;
            expect(actual.baseline).toBe(wanted.baseline);
            expect(actual.candidate).toBe(wanted.candidate);
            if (actual.metric !== "roc_auc") {
              expect(actual.statistics).toEqual(wanted.statistics);
              return;
            }
            // DeLong's sums are accumulated in another order: equal to rounding.
            const got = actual.statistics;
            const want = wanted.statistics;
            expect(got?.delta).toBe(want?.delta);
            expect(got?.pValue === null).toBe(want?.pValue === null);
            expect(got?.pValue ?? 0).toBeCloseTo(want?.pValue ?? 0, 11);
            got?.intervals.forEach((interval, level) => {
              const other = want?.intervals[level];
              expect(interval === null).toBe(other === null || other === undefined);
              expect(interval?.[0] ?? 0).toBeCloseTo(other?.[0] ?? 0, 12);
              expect(interval?.[1] ?? 0).toBeCloseTo(other?.[1] ?? 0, 12);
            });
          });
        });
      }),
      { numRuns: 60 },
    );
  });

  it("gives the whole set's little-bootstrap rows of a large evaluation exactly, from its counted point values", () => {
    const paired = { ...predictions({ n: 25_000, seed: 9, levels: 1000, thresholded: true }), slices: new Map() };
    const grouped = compareBinaryGroups(paired, wholeRankings(paired), overall, slices);
    const expected = groupByGroup(paired);
    for (const metric of ["average_precision", "ece"]) {
      const actual = grouped?.[0]?.metrics.find((m) => m.metric === metric);
      const wanted = expected[0]?.metrics.find((m) => m.metric === metric);
      expect(actual?.statistics?.intervals[0]).not.toBeNull();
      expect(actual).toEqual(wanted);
    }
  });

  it("finds no spread between two identical models, as the per-slice comparison does", () => {
    const paired = predictions({ n: 400, seed: 3, levels: 0, thresholded: true });
    const same = { ...paired, candidate: paired.baseline };
    for (const group of compareBinaryGroups(same, wholeRankings(same), overall, slices) ?? []) {
      const auc = group.metrics.find((m) => m.metric === "roc_auc")?.statistics;
      expect(auc?.intervals[0]).toEqual([0, 0]);
      expect(auc?.pValue).toBe(1);
    }
  });

  it("leaves predictions it cannot tally to the per-slice comparison", () => {
    const paired = predictions({ n: 50, seed: 1, levels: 0, thresholded: true });
    const outside = {
      ...paired,
      candidate: { ...paired.candidate, score: paired.candidate.score?.map((s) => s * 2) ?? null },
    };
    expect(compareBinaryGroups(outside, wholeRankings(outside), overall, slices)).toBeUndefined();
    const oneSided = { ...paired, candidate: { ...paired.candidate, score: null } };
    expect(compareBinaryGroups(oneSided, wholeRankings(oneSided), overall, slices)).toBeUndefined();
    const soft = { ...paired, label: paired.label.map((y) => y * 0.5) };
    expect(compareBinaryGroups(soft, wholeRankings(soft), overall, slices)).toBeUndefined();
  });
});

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first }, (_, k) => first + k);
}

/** Both models' dense ranks packed with the examples, or undefined past `limit` distinct scores. */
function ranked(paired: PairedPredictions, limit = 1 << 16): RankedExamples | undefined {
  const baseline = denseScoreRanks(paired.baseline.score as Float64Array, limit);
  const candidate = denseScoreRanks(paired.candidate.score as Float64Array, limit);
  if (baseline === undefined || candidate === undefined) return undefined;
  return rankedExamples(paired.label, paired, baseline, candidate);
}

describe("rank statistics of every group", () => {
  it("are the same from walking the rankings (in batches of groupings) and from each group's counts per distinct score", () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 1, max: 3 }), (shape, perBatch) => {
        const paired = predictions(shape);
        const groups = exampleGroups(paired);
        const { cells } = tallyBinaryGroups(paired, groups);
        const positives = Float64Array.from({ length: groups.count }, (_, g) =>
          [4, 5, 6, 7].reduce((sum, k) => sum + (cells[8 * g + k] as number), 0),
        );
        const negatives = groups.sizes.map((size, g) => size - (positives[g] as number));
        const sb = paired.baseline.score as Float64Array;
        const sc = paired.candidate.score as Float64Array;
        const walked = groupedRankStatistics(
          groups,
          positives,
          negatives,
          rankScores(sb),
          rankScores(sc),
          4 * shape.n * perBatch,
        );
        const counted = partitionedGroupKernels(
          groups,
          ranked(paired, shape.n) as RankedExamples,
          range(0, groups.groupings),
        ).ranks;
        expect(walked.baseline).toEqual(counted.baseline);
        expect(walked.candidate).toEqual(counted.candidate);
        walked.deLong.forEach((sums, g) => {
          if ((groups.sizes[g] as number) === 0) return;
          const other = counted.deLong[g];
          expect(sums.baseline).toBe(other?.baseline);
          expect(sums.candidate).toBe(other?.candidate);
          for (const key of ["s10bb", "s10cc", "s10bc", "s01bb", "s01cc", "s01bc"] as const) {
            if (Number.isNaN(sums[key])) expect(other?.[key]).toBeNaN();
            else expect(sums[key]).toBeCloseTo(other?.[key] as number, 12);
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe("the grouped comparison split between threads", () => {
  /** Another thread's answer: its groupings' kernels, copied as a message between threads copies them. */
  const elsewhere = async (input: GroupKernelInput, first: number, last: number, queue: Int32Array | null) =>
    structuredClone(groupKernels(input, first, last, queue));

  it("gives exactly the comparison of one thread, whatever the data", async () => {
    await fc.assert(
      fc.asyncProperty(shapes, async (shape) => {
        const paired = predictions(shape);
        const single = compareBinaryGroups(paired, wholeRankings(paired), overall, slices);
        const prepared = await prepareBinaryGroupsOnThreads(paired, wholeRankings(paired), overall, elsewhere);
        expect(prepared).toBeDefined();
        expect(compareBinaryGroups(paired, wholeRankings(paired), overall, slices, prepared)).toEqual(single);
      }),
      { numRuns: 60 },
    );
  });

  it("computes here whatever the other thread took and could not finish", async () => {
    // A thread that takes a grouping from the queue (or is given half of them) and then fails.
    const failing = async (_input: GroupKernelInput, _first: number, _last: number, queue: Int32Array | null) => {
      if (queue !== null) Atomics.add(queue, 0, 1);
      return null;
    };
    await fc.assert(
      fc.asyncProperty(shapes, async (shape) => {
        const paired = predictions(shape);
        const single = compareBinaryGroups(paired, wholeRankings(paired), overall, slices);
        const prepared = await prepareBinaryGroupsOnThreads(paired, wholeRankings(paired), overall, failing);
        expect(compareBinaryGroups(paired, wholeRankings(paired), overall, slices, prepared)).toEqual(single);
      }),
      { numRuns: 30 },
    );
  });

  it("gives exactly the comparison of one thread however the groupings are shared out", () => {
    fc.assert(
      fc.property(shapes, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }), (shape, owners) => {
        const paired = predictions(shape);
        const single = compareBinaryGroups(paired, wholeRankings(paired), overall, slices);
        const input = { ...(binaryGroupInput(paired) as GroupKernelInput), confusionResampling: overall };
        const { groupings } = input.groups;
        // Each grouping to one of three threads; with ranked examples, the last two share a queue.
        const parts: GroupKernels[] = [0, 1, 2].map((thread) => {
          const own = range(0, groupings).filter((j) => owners[j] === thread);
          const part = own.map((j) => structuredClone(groupKernels(input, j, j + 1)));
          return mergeGroupKernels(input.groups, part.length > 0 ? part : [groupKernels(input, 0, 0)]);
        });
        if (input.ranked !== null) {
          // Another thread took groupings [1, cut) from the queue before this one asked.
          const cut = 1 + (shape.seed % groupings);
          const queue = groupingQueue(cut);
          parts.push(groupKernels(input, 0, 1), groupKernels(input, 1, cut), groupKernels(input, 1, groupings, queue));
        }
        for (const kernels of [
          mergeGroupKernels(input.groups, parts.slice(0, 3)),
          mergeGroupKernels(input.groups, parts.slice(3)),
        ]) {
          if (kernels.groupings.length === 0) continue;
          expect(compareBinaryGroups(paired, wholeRankings(paired), overall, slices, { input, kernels })).toEqual(
            single,
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it("gives exactly the comparison of one thread on a set large enough for the little bootstraps", async () => {
    const paired = predictions({ n: 21_000, seed: 11, levels: 10, thresholded: true });
    // Slices keep their point estimates for the index-bootstrapped metrics, to keep the test short.
    const pointSlices: ResamplingOptions = { ...overall, indexBootstrap: () => false };
    const prepared = await prepareBinaryGroupsOnThreads(paired, wholeRankings(paired), overall, elsewhere);
    expect(prepared?.overallBootstrap).toBeDefined();
    expect(compareBinaryGroups(paired, wholeRankings(paired), overall, pointSlices, prepared)).toEqual(
      compareBinaryGroups(paired, wholeRankings(paired), overall, pointSlices),
    );
  });
});

describe("tallies from each group's own examples", () => {
  it("are exactly those of one pass over all the examples, for any split of the groupings", () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const paired = predictions(shape);
        const groups = exampleGroups(paired);
        const examples = ranked(paired);
        fc.pre(examples !== undefined);
        const split = 1 + (shape.seed % (groups.groupings - 1 || 1));
        const whole = tallyBinaryGroups(paired, groups);
        const parts = [partitionedGroupKernels(groups, examples as RankedExamples, range(0, split)).tallies];
        if (split < groups.groupings) {
          parts.push(
            partitionedGroupKernels(groups, examples as RankedExamples, range(split, groups.groupings)).tallies,
          );
        }
        for (let g = 0; g < groups.count; g++) {
          const part = parts[g < (groups.offsets[split] ?? groups.count) ? 0 : 1];
          const at = (array: ArrayLike<number> | undefined, width: number) =>
            Array.from({ length: width }, (_, k) => array?.[g * width + k]);
          expect(at(part?.cells, 8)).toEqual(at(whole.cells, 8));
          expect(at(part?.scores?.sums, 8)).toEqual(at(whole.scores?.sums, 8));
          for (const side of ["baseline", "candidate"] as const) {
            expect(at(part?.scores?.[side].counts, 20)).toEqual(at(whole.scores?.[side].counts, 20));
            expect(at(part?.scores?.[side].probabilities, 10)).toEqual(at(whole.scores?.[side].probabilities, 10));
          }
        }
      }),
    );
  });
});

describe("dense score ranks", () => {
  it("number the distinct scores in ascending order, −0 and 0 as one", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(-0, 0, 0.25, 0.5, 1, 0.1 + 0.2, 0.3), { minLength: 1, maxLength: 50 }),
        (raw) => {
          const score = Float64Array.from(raw);
          const dense = denseScoreRanks(score, 10);
          const distinct = [...new Set(raw.map((x) => x + 0))].sort((a, b) => a - b);
          expect(dense?.count).toBe(distinct.length);
          expect(Array.from(dense?.ranks ?? [])).toEqual(raw.map((x) => distinct.indexOf(x + 0)));
          expect(Array.from(dense?.values ?? [])).toEqual(distinct);
        },
      ),
    );
  });

  it("give up past the limit of distinct scores", () => {
    expect(denseScoreRanks(Float64Array.from([0.1, 0.2, 0.3, 0.2]), 2)).toBeUndefined();
    expect(denseScoreRanks(Float64Array.from([0.1, 0.2, 0.1, 0.2]), 2)?.count).toBe(2);
  });
});
