import type { WeightedMetric } from "../stats/paired-bootstrap.js";

/** One metric of both models as weighted evaluations over the same examples. */
export interface PairedWeightedMetric {
  readonly baseline: WeightedMetric;
  readonly candidate: WeightedMetric;
}

/**
 * Builds the metrics on a subset of the examples (`indices` into the full set, ascending) or on
 * all of them (`null`). Weight vectors passed to the metrics are then indexed by position in that
 * subset. Several metrics share one resample, so their replicates cost one draw.
 */
export type PairedMetricsOn = (indices: Uint32Array | null) => readonly PairedWeightedMetric[];

export interface ResamplingOptions {
  /** Confidence levels; the first is the reported one. */
  readonly levels: readonly number[];
  readonly resamples: number;
  readonly seed: number;
  /**
   * Whether to run the (costly) index bootstrap for a metric on this set; absent means always.
   * Without it the metric's row keeps its point estimate and has no interval.
   */
  readonly indexBootstrap?: (metric: string) => boolean;
}
