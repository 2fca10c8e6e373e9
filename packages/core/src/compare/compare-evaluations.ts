import type { EvalReport } from "../eval/eval-report.js";
import type { PairedPredictions } from "../eval/paired-predictions.js";
import type { Task } from "../eval/task.js";
import { findMetricDefinition } from "../metrics/metric-catalog.js";
import { hasNaN, rankScores, type ScoreRanking } from "../metrics/score-ranking.js";
import { DEFAULT_CONFIDENCE } from "../stats/compare-paired.js";
import { holmAdjust } from "../stats/holm-adjustment.js";
import { checkResamples, DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED } from "../stats/paired-bootstrap.js";
import {
  compareBinaryGroups,
  type GroupKernelsElsewhere,
  type PreparedBinaryGroups,
  prepareBinaryGroupsOnThreads,
} from "./binary-group-comparison.js";
import { allExamples, gatherExamples, sliceMembers } from "./example-set.js";
import {
  LITTLE_BOOTSTRAP_EXPONENT,
  LITTLE_BOOTSTRAP_MIN_EXAMPLES,
  LITTLE_BOOTSTRAP_SUBSETS,
} from "./little-bootstraps.js";
import type { ComparisonMethod, Flips, MetricComparison, ModelDiff } from "./model-diff.js";
import { compareExampleSet, type MetricStatistics, type SideRankings } from "./paired-metric-statistics.js";
import type { ResamplingOptions } from "./paired-weighted-metrics.js";
import { DEFAULT_FLIP_EXAMPLES, predictionFlips } from "./prediction-flips.js";
import { partitionRanking } from "./restricted-ranking.js";

export type { PreparedBinaryGroups } from "./binary-group-comparison.js";

/** What the comparison needs of an eval report: its metrics and report-level slices. */
export type EvalReportSummary = Pick<EvalReport, "source" | "model" | "task" | "metrics" | "slices">;

export interface ComparisonOptions {
  /** Where the baseline came from, as shown to the user (a file, `git:<ref>:<path>`, `registry:<alias>`). */
  readonly baselineSource: string;
  readonly candidateSource: string;
  /** The model's name; defaults to the one the reports name. */
  readonly model?: string | null;
  /** Confidence level of the reported intervals; default 0.95. */
  readonly confidence?: number;
  /** Further levels to compute intervals at, e.g. those gate rules ask for (see `policyConfidenceLevels`). */
  readonly extraConfidences?: readonly number[];
  /** Bootstrap replicates (≥ 1,000); default 2,000. */
  readonly resamples?: number;
  readonly seed?: number;
  /** Multiple-comparison correction of slice p-values per metric; default Holm. */
  readonly correction?: "holm" | "none";
  /**
   * Metrics whose slice rows get an index-bootstrap interval (average precision, ECE, RMSE, R²:
   * those without an analytic or cell-level method). Such a bootstrap costs n × resamples per
   * slice, which at a million rows and hundreds of slices is minutes, so a caller with a policy
   * passes the metrics its slice rules judge; the other slice rows keep their point estimates.
   * Absent: every metric, on every slice. Overall rows are always resampled.
   */
  readonly sliceIndexBootstrap?: readonly string[];
  /** How many newly-wrong and newly-right examples to list; default 10. */
  readonly maxExamples?: number;
}

/** Either side's per-example predictions, paired, or two metrics files/reports. */
export type ComparisonInput =
  | {
      readonly kind: "predictions";
      readonly paired: PairedPredictions;
      /** The reports that named the predictions, for metrics only they carry (e.g. `latency.p95`). */
      /** The passes over the examples, made ahead on several threads (`prepareComparisonOnThreads`). */
      readonly prepared?: PreparedBinaryGroups;
      readonly reports?: {
        readonly baseline?: EvalReportSummary | null;
        readonly candidate?: EvalReportSummary | null;
      };
    }
  | { readonly kind: "reports"; readonly baseline: EvalReportSummary; readonly candidate: EvalReportSummary };

/**
 * Compares a candidate evaluation with its baseline: the ungated {@link ModelDiff} (every verdict
 * `not-gated`, decision `pass`) that `applyGatePolicy` then judges.
 */
export function compareEvaluations(input: ComparisonInput, options: ComparisonOptions): ModelDiff {
  return input.kind === "predictions"
    ? comparePairedPredictions(input.paired, options, input.reports, input.prepared)
    : compareMetricReports(input.baseline, input.candidate, options);
}

/** The levels, resamples and seed of the whole set's intervals. */
function overallResampling(options: ComparisonOptions): ResamplingOptions {
  return {
    levels: confidenceLevels(options.confidence ?? DEFAULT_CONFIDENCE, options.extraConfidences),
    resamples: checkResamples(options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES),
    seed: options.seed ?? DEFAULT_BOOTSTRAP_SEED,
  };
}

/**
 * The passes over the examples that {@link comparePairedPredictions} makes for binary predictions,
 * made ahead on this thread and `elsewhere` (a worker thread) at once; hand the result to the
 * comparison as `prepared`. Undefined when those passes do not apply (then the comparison runs as
 * usual). The report is the same either way.
 */
export async function prepareComparisonOnThreads(
  paired: PairedPredictions,
  options: ComparisonOptions,
  elsewhere: GroupKernelsElsewhere,
): Promise<PreparedComparison | undefined> {
  if (paired.task !== "binary-classification") return undefined;
  let whole: SideRankings | undefined;
  const rankings = () => {
    whole ??= wholeRankings(paired);
    return whole;
  };
  let flips: Flips | null = null;
  // The flips are found while the worker thread is busy, rather than after.
  const prepared = await prepareBinaryGroupsOnThreads(paired, rankings, overallResampling(options), elsewhere, () => {
    flips = predictionFlips(paired, options.maxExamples ?? DEFAULT_FLIP_EXAMPLES);
  });
  return prepared && { ...prepared, flips };
}

/** The passes prepared by {@link prepareComparisonOnThreads}, and the flips found meanwhile. */
export interface PreparedComparison extends PreparedBinaryGroups {
  readonly flips?: Flips | null;
}

export const POINT_ESTIMATES_NOTE = "no per-example predictions: judged on point estimates";

/**
 * The comparison from per-example predictions: every metric of the task, overall and for every
 * slice `column=value`, with the paired delta's interval, p-value and n (docs/gates.md, "How each
 * interval is computed"), Holm-adjusted p-values across the slices of each metric, and flips.
 */
export function comparePairedPredictions(
  paired: PairedPredictions,
  options: ComparisonOptions,
  reports: { readonly baseline?: EvalReportSummary | null; readonly candidate?: EvalReportSummary | null } = {},
  prepared?: PreparedComparison,
): ModelDiff {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const correction = options.correction ?? "holm";
  const resampling = overallResampling(options);
  const { levels } = resampling;
  const sliceBootstrapped = options.sliceIndexBootstrap ? new Set(options.sliceIndexBootstrap) : undefined;
  const sliceResampling = sliceBootstrapped
    ? { ...resampling, indexBootstrap: (metric: string) => sliceBootstrapped.has(metric) }
    : resampling;
  const { task, classes } = paired;
  const all = allExamples(paired);
  const width = task === "multiclass-classification" ? (classes?.length ?? 0) : 1;

  const rows: MetricComparison[] = [];
  const sliceNames: (string | null)[] = [null];
  const addRows = (slice: string | null, n: number, computed: readonly MetricStatistics[]) => {
    for (const m of computed) rows.push(pairedRow(task, slice, n, m, levels));
  };
  let whole: SideRankings | undefined;
  const rankings = () => {
    whole ??= task === "binary-classification" ? wholeRankings(paired) : {};
    return whole;
  };
  const grouped = compareBinaryGroups(paired, rankings, resampling, sliceResampling, prepared);
  if (grouped !== undefined) {
    for (const group of grouped) {
      if (group.name !== null) sliceNames.push(group.name);
      addRows(group.name, group.n, group.metrics);
    }
  } else {
    addRows(null, paired.n, compareExampleSet(task, all, classes, resampling, rankings()));
    const sliceRankings = partitionRankings(paired, rankings());
    for (const slice of sliceMembers(paired)) {
      sliceNames.push(slice.name);
      const set = gatherExamples(all, slice.indices, width);
      const ranked = sliceRankings.get(slice.name) ?? {};
      addRows(slice.name, slice.indices.length, compareExampleSet(task, set, classes, sliceResampling, ranked));
    }
  }

  const pointOnly = appendReportRows(rows, sliceNames, task, reports.baseline ?? null, reports.candidate ?? null);
  const ordered = orderRows(rows, sliceNames);
  const notes: string[] = [];
  const { baselineOnly, candidateOnly } = paired.unpaired;
  if (baselineOnly > 0 || candidateOnly > 0) {
    notes.push(
      `${baselineOnly} baseline and ${candidateOnly} candidate rows have no counterpart with the same id; they are left out of every paired statistic`,
    );
  }
  if (paired.n === 0) notes.push("no example is in both evaluations, so no metric could be compared");
  const resampledLarge = ordered.filter(
    (r) =>
      r.method === "bootstrap" &&
      r.n !== null &&
      r.n >= LITTLE_BOOTSTRAP_MIN_EXAMPLES &&
      isIndexBootstrap(task, r.metric),
  );
  if (resampledLarge.length > 0) {
    const names = [...new Set(resampledLarge.map((r) => r.metric))].join(", ");
    notes.push(
      `${names}: rows with ${LITTLE_BOOTSTRAP_MIN_EXAMPLES.toLocaleString("en-US")} or more examples are resampled by the bag of little bootstraps (${LITTLE_BOOTSTRAP_SUBSETS} subsets of n^${LITTLE_BOOTSTRAP_EXPONENT} examples; Kleiner et al. 2014) instead of the full bootstrap`,
    );
  }
  const unresampled = sliceBootstrapped
    ? [...new Set(ordered.filter((r) => r.slice !== null && r.method === "point" && r.n !== null).map((r) => r.metric))]
    : [];
  if (unresampled.length > 0) {
    notes.push(
      `${unresampled.join(", ")}: slice rows show point estimates; their bootstrap intervals are computed only for metrics a slice rule judges`,
    );
  }
  if (pointOnly.length > 0) {
    notes.push(`${pointOnly.join(", ")}: read from the eval reports only, so compared on point estimates`);
  }
  if (task === "ranking")
    notes.push("ranking tasks have no per-example metrics here; only report metrics are compared");
  const flips =
    prepared?.flips !== undefined
      ? prepared.flips
      : predictionFlips(paired, options.maxExamples ?? DEFAULT_FLIP_EXAMPLES);
  if (task === "regression") {
    notes.push("regression has no per-example flips: a prediction is nearer or farther, never right or wrong");
  } else if (flips === null && task === "generation") {
    notes.push("no per-example flips: the generation results have scores but no passed column");
  }
  return {
    schema: "slipway/diff@1",
    model: options.model ?? reports.candidate?.model ?? reports.baseline?.model ?? null,
    task,
    decision: "pass",
    reasons: [],
    metrics: adjustPValues(ordered, correction),
    ...(flips ? { flips } : {}),
    baseline_source: options.baselineSource,
    candidate_source: options.candidateSource,
    statistics: {
      confidence,
      resamples: resampling.resamples,
      seed: resampling.seed,
      correction,
      paired: paired.n,
      unpaired: { baseline_only: baselineOnly, candidate_only: candidateOnly },
    },
    notes,
  };
}

/**
 * The comparison from two metrics files or eval reports without per-example predictions: point
 * estimates only (no interval, p-value or n; method `point`), overall and for the reports'
 * slices. A metric on one side only gives a row with null on the other.
 */
export function compareMetricReports(
  baseline: EvalReportSummary,
  candidate: EvalReportSummary,
  options: ComparisonOptions,
): ModelDiff {
  const task = candidate.task ?? baseline.task ?? null;
  const rows: MetricComparison[] = [];
  const sliceNames: (string | null)[] = [null];
  appendReportRows(rows, sliceNames, task, baseline, candidate);
  return {
    schema: "slipway/diff@1",
    model: options.model ?? candidate.model ?? baseline.model ?? null,
    task,
    decision: "pass",
    reasons: [],
    metrics: orderRows(rows, sliceNames),
    baseline_source: options.baselineSource,
    candidate_source: options.candidateSource,
    statistics: null,
    notes: [POINT_ESTIMATES_NOTE],
  };
}

/** Each model's score ranking of every example, sorted once (binary scores without NaN only). */
function wholeRankings(paired: PairedPredictions): SideRankings {
  const rank = (score: Float64Array | null) => (score === null || hasNaN(score) ? undefined : rankScores(score));
  return { baseline: rank(paired.baseline.score), candidate: rank(paired.candidate.score) };
}

/** The slices' rankings dealt out of the whole rankings, one pass per slice column and model. */
function partitionRankings(paired: PairedPredictions, whole: SideRankings): Map<string, SideRankings> {
  const out = new Map<string, SideRankings>();
  if (whole.baseline === undefined && whole.candidate === undefined) return out;
  for (const [column, { codes, values }] of paired.slices) {
    const sizes = values.map(() => 0);
    for (let i = 0; i < paired.n; i++) {
      const c = codes[i] as number;
      if (c >= 0) sizes[c] = (sizes[c] as number) + 1;
    }
    const split = (ranking: ScoreRanking | undefined, score: Float64Array | null) =>
      ranking === undefined || score === null ? undefined : partitionRanking(ranking, score, codes, sizes);
    const baseline = split(whole.baseline, paired.baseline.score);
    const candidate = split(whole.candidate, paired.candidate.score);
    values.forEach((value, c) => {
      out.set(`${column}=${value}`, { baseline: baseline?.[c], candidate: candidate?.[c] });
    });
  }
  return out;
}

function confidenceLevels(confidence: number, extra: readonly number[] | undefined): number[] {
  const levels = [confidence];
  for (const level of extra ?? []) if (!levels.includes(level)) levels.push(level);
  for (const level of levels) {
    if (!(level > 0 && level < 1)) throw new RangeError(`confidence must be in (0, 1), got ${level}`);
  }
  return levels;
}

/** Metrics resampled example by example (not analytic, not on cells). */
function isIndexBootstrap(task: Task | null, metric: string): boolean {
  return task === "binary-classification"
    ? metric === "average_precision" || metric === "ece"
    : task === "regression" && (metric === "rmse" || metric === "r2");
}

function finite(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
}

function directionOf(task: Task | null, metric: string): "higher" | "lower" | null {
  return task === null ? null : (findMetricDefinition(task, metric)?.direction ?? null);
}

function pairedRow(
  task: Task,
  slice: string | null,
  n: number,
  m: MetricStatistics,
  levels: readonly number[],
): MetricComparison {
  const baseline = finite(m.baseline);
  const candidate = finite(m.candidate);
  const stats = m.statistics;
  const defined = stats !== null && baseline !== null && candidate !== null;
  const intervals: Record<string, readonly [number, number] | null> = {};
  for (let k = 1; k < levels.length; k++) {
    intervals[String(levels[k])] = defined ? (stats.intervals[k] ?? null) : null;
  }
  const method: ComparisonMethod = stats !== null ? stats.method : "point";
  return {
    metric: m.metric,
    slice,
    baseline,
    candidate,
    delta: baseline !== null && candidate !== null ? (defined ? stats.delta : candidate - baseline) : null,
    ci: defined ? (stats.intervals[0] ?? null) : null,
    ...(levels.length > 1 ? { intervals } : {}),
    p_value: defined ? stats.pValue : null,
    p_adjusted: null,
    n,
    direction: directionOf(task, m.metric),
    method,
    verdict: "not-gated",
    reasons: [],
  };
}

function pointRow(
  task: Task | null,
  metric: string,
  slice: string | null,
  b: number | null,
  c: number | null,
): MetricComparison {
  return {
    metric,
    slice,
    baseline: b,
    candidate: c,
    delta: b !== null && c !== null ? c - b : null,
    ci: null,
    p_value: null,
    p_adjusted: null,
    n: null,
    direction: directionOf(task, metric),
    method: "point",
    verdict: "not-gated",
    reasons: [],
  };
}

/**
 * Adds point rows for the reports' metrics that no paired row covers (overall and per report
 * slice); returns the names of the metrics added.
 */
function appendReportRows(
  rows: MetricComparison[],
  sliceNames: (string | null)[],
  task: Task | null,
  baseline: EvalReportSummary | null,
  candidate: EvalReportSummary | null,
): string[] {
  const covered = new Set(rows.map((r) => `${r.slice ?? ""}\u0000${r.metric}`));
  const added = new Set<string>();
  const addGroup = (
    slice: string | null,
    b: ReadonlyMap<string, number> | undefined,
    c: ReadonlyMap<string, number> | undefined,
  ) => {
    const names = [...(b?.keys() ?? []), ...[...(c?.keys() ?? [])].filter((k) => !b?.has(k))];
    for (const metric of names) {
      if (covered.has(`${slice ?? ""}\u0000${metric}`)) continue;
      rows.push(pointRow(task, metric, slice, finite(b?.get(metric)), finite(c?.get(metric))));
      added.add(metric);
    }
  };
  addGroup(null, baseline?.metrics, candidate?.metrics);
  const reportSlices = [
    ...(baseline?.slices.keys() ?? []),
    ...[...(candidate?.slices.keys() ?? [])].filter((s) => !baseline?.slices.has(s)),
  ];
  for (const slice of reportSlices) {
    if (!sliceNames.includes(slice)) sliceNames.push(slice);
    addGroup(slice, baseline?.slices.get(slice), candidate?.slices.get(slice));
  }
  return [...added];
}

/** Overall rows first, then each slice's rows, slices in the order they were met. */
function orderRows(rows: readonly MetricComparison[], sliceNames: readonly (string | null)[]): MetricComparison[] {
  const rank = new Map(sliceNames.map((name, i) => [name, i]));
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (rank.get(a.row.slice) ?? 0) - (rank.get(b.row.slice) ?? 0) || a.i - b.i)
    .map(({ row }) => row);
}

/**
 * Holm's adjustment across the slices of each metric (docs/gates.md, "Slices and multiple
 * comparisons"); an overall row is a family of one, so its adjusted p-value is its own.
 */
function adjustPValues(rows: readonly MetricComparison[], correction: "holm" | "none"): MetricComparison[] {
  if (correction === "none") return [...rows];
  const adjusted = new Map<MetricComparison, number | null>();
  const families = new Map<string, MetricComparison[]>();
  for (const row of rows) {
    if (row.slice === null) {
      adjusted.set(row, row.p_value);
      continue;
    }
    const family = families.get(row.metric) ?? [];
    family.push(row);
    families.set(row.metric, family);
  }
  for (const family of families.values()) {
    const values = holmAdjust(family.map((r) => r.p_value));
    family.forEach((row, i) => {
      adjusted.set(row, values[i] ?? null);
    });
  }
  return rows.map((row) => ({ ...row, p_adjusted: adjusted.get(row) ?? null }));
}
