import type { Task } from "../eval/task.js";

/**
 * The comparison of a candidate model with its baseline, judged by a gate policy: the value behind
 * the model-diff comment, the job summary and `slipway diff --json`. Field names are the
 * `slipway/diff@1` wire format (snake_case) so the value serialises as is.
 */
export interface ModelDiff {
  readonly schema: "slipway/diff@1";
  readonly model: string | null;
  readonly task: Task | null;
  readonly decision: Decision;
  /** One human-readable reason per triggered rule, most severe first. */
  readonly reasons: readonly string[];
  /** Overall rows first, then slices; every metric either side reported, gated or not. */
  readonly metrics: readonly MetricComparison[];
  /** Per-example flips; present only when both sides have per-example predictions. */
  readonly flips?: Flips;
  /** Where the baseline came from, as printed to the user (a file, `git:<ref>:<path>`, `registry:<alias>`). */
  readonly baseline_source: string;
  readonly candidate_source: string;
  /** How intervals were computed; null without per-example predictions. */
  readonly statistics: StatisticsSummary | null;
  /** Caveats a reviewer must see, e.g. point estimates only, unpaired rows. */
  readonly notes: readonly string[];
}

export type Decision = "pass" | "warn" | "fail";

/**
 * A metric row's gate verdict: `pass`/`warn`/`fail` when at least one rule judged it,
 * `not-gated` when no rule applies (or the slice is below `min_slice_size`).
 */
export type Verdict = Decision | "not-gated";

export type ComparisonMethod = "mcnemar-newcombe" | "delong" | "bootstrap" | "paired-mean" | "point";

export interface MetricComparison {
  readonly metric: string;
  /** `column=value`, or null for the whole evaluation set. */
  readonly slice: string | null;
  readonly baseline: number | null;
  readonly candidate: number | null;
  /** candidate − baseline; null when either side is missing. */
  readonly delta: number | null;
  /** Interval of the paired delta at `statistics.confidence`, or null (point estimates only). */
  readonly ci: readonly [number, number] | null;
  /**
   * Intervals of the paired delta at further confidence levels a gate rule asked for, keyed by the
   * level as written (`"0.99"`); absent when no rule asked for another level.
   */
  readonly intervals?: Readonly<Record<string, readonly [number, number] | null>>;
  readonly p_value: number | null;
  /** Holm-adjusted across the slices of the same metric; null when not applicable. */
  readonly p_adjusted: number | null;
  /** Paired examples behind the row, or null for metrics read from a metrics file. */
  readonly n: number | null;
  readonly direction: "higher" | "lower" | null;
  readonly method: ComparisonMethod;
  readonly verdict: Verdict;
  /** Why the verdict is what it is, one line per rule that judged this row. */
  readonly reasons: readonly string[];
}

export interface FlipExample {
  readonly id: string;
  readonly label: string;
  readonly baseline_prediction: string;
  readonly candidate_prediction: string;
  readonly baseline_score: number | null;
  readonly candidate_score: number | null;
}

export interface Flips {
  /** Examples the baseline got wrong and the candidate gets right. */
  readonly improved: number;
  /** Examples the baseline got right and the candidate gets wrong. */
  readonly regressed: number;
  readonly unchanged: number;
  /** The worst newly-wrong examples (most confidently wrong first), and the best newly-right. */
  readonly examples: { readonly regressed: readonly FlipExample[]; readonly improved: readonly FlipExample[] };
}

export interface StatisticsSummary {
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
  readonly correction: "holm" | "none";
  readonly paired: number;
  readonly unpaired: { readonly baseline_only: number; readonly candidate_only: number };
}
