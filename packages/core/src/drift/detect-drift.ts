import type { DriftMethod } from "../contract/data-contract.js";
import { type ColumnProfile, distinctCount } from "../profile/column-profile.js";
import type { DatasetProfile } from "../profile/dataset-profile.js";
import { momentsStd } from "../profile/moments.js";
import { histogramCounts, referenceBins } from "../profile/numeric-histogram.js";
import { alignCategories } from "./category-counts.js";
import { chiSquareHomogeneity } from "./chi-square-test.js";
import {
  type ColumnDriftRule,
  type ColumnKind,
  checkDriftRule,
  chooseDriftMethod,
  DEFAULT_DRIFT_SHARE,
  DEFAULT_THRESHOLDS,
  DRIFT_METHODS_BY_KIND,
  type DriftPolicy,
  FEW_DISTINCT_NUMBERS,
  isPValueMethod,
  SMALL_SAMPLE_LIMIT,
} from "./drift-policy.js";
import { type EmpiricalDistribution, sampleDistribution, sketchDistribution } from "./empirical-distribution.js";
import { jensenShannonDistance } from "./jensen-shannon-distance.js";
import { kolmogorovSmirnovTest } from "./kolmogorov-smirnov.js";
import { lInfinityDistance } from "./l-infinity-distance.js";
import { populationStabilityIndex } from "./population-stability-index.js";
import { wassersteinDistance } from "./wasserstein-distance.js";

/** One `drift[]` row of `slipway/validation@1`. */
export interface DriftRow {
  readonly column: string;
  readonly method: DriftMethod;
  /** The p-value or distance; null when a side has no values to compare. */
  readonly value: number | null;
  readonly threshold: number;
  readonly drifted: boolean;
}

/**
 * Every measure computed for a column, whichever one decides: the decisive method's value is
 * `measures[method]`. Keys are the method names (`ks` and `chi2` hold p-values, `wasserstein` the
 * normed distance) plus the raw `ks_statistic`, `chi2_statistic` and `wasserstein_distance` (in
 * the column's units).
 */
export type DriftMeasures = Partial<
  Record<DriftMethod | "ks_statistic" | "chi2_statistic" | "wasserstein_distance", number | null>
>;

export interface ColumnDrift extends DriftRow {
  readonly kind: ColumnKind;
  /** Values compared on each side (numbers for a numeric column, non-missing values otherwise). */
  readonly referenceCount: number;
  readonly currentCount: number;
  readonly measures: DriftMeasures;
  /** False when a measure came from a sketch rather than from the values (see docs/drift.md). */
  readonly exact: boolean;
  /** A numeric column's PSI bins: inner edges and the counts on each side. */
  readonly bins?: { readonly edges: readonly number[]; readonly reference: number[]; readonly current: number[] };
}

export interface DriftReport {
  /** Rows in the reference's column order. */
  readonly rows: readonly DriftRow[];
  readonly columns: readonly ColumnDrift[];
  /** Drifted columns / compared columns (0 when none are compared). */
  readonly share: number;
  readonly shareThreshold: number;
  /** share ≥ shareThreshold, with at least one column compared. */
  readonly drifted: boolean;
  /** Columns only one side has: not compared here (schema checks report them). */
  readonly referenceOnly: readonly string[];
  readonly currentOnly: readonly string[];
}

/**
 * Compares a current profile with a reference profile column by column (formulas, edge cases
 * and defaults: docs/drift.md). Values are always reported, whether or not they cross their
 * threshold.
 */
export function detectDrift(reference: DatasetProfile, current: DatasetProfile, policy: DriftPolicy = {}): DriftReport {
  const ignored = new Set(policy.ignore ?? []);
  const currentColumns = new Map(current.columns.map((column) => [column.name, column]));
  const referenceNames = new Set(reference.columns.map((column) => column.name));
  const columns: ColumnDrift[] = [];
  const referenceOnly: string[] = [];
  for (const ref of reference.columns) {
    if (ignored.has(ref.name)) continue;
    const cur = currentColumns.get(ref.name);
    if (cur === undefined) {
      referenceOnly.push(ref.name);
      continue;
    }
    // Own properties only: a column named "constructor" must not pick up Object.prototype's.
    const rule =
      policy.columns !== undefined && Object.hasOwn(policy.columns, ref.name) ? policy.columns[ref.name] : undefined;
    columns.push(detectColumnDrift(ref, cur, rule ?? {}, policy.smallSampleLimit));
  }
  const currentOnly = current.columns
    .map((column) => column.name)
    .filter((name) => !referenceNames.has(name) && !ignored.has(name));
  const shareThreshold = policy.driftShare ?? DEFAULT_DRIFT_SHARE;
  const driftedCount = columns.filter((column) => column.drifted).length;
  const share = columns.length === 0 ? 0 : driftedCount / columns.length;
  return {
    rows: columns.map(({ column, method, value, threshold, drifted }) => ({
      column,
      method,
      value,
      threshold,
      drifted,
    })),
    columns,
    share,
    shareThreshold,
    drifted: columns.length > 0 && share >= shareThreshold,
    referenceOnly,
    currentOnly,
  };
}

/** How a reference column is compared when no rule says: as numbers, unless few distinct ones. */
export function inferColumnKind(reference: ColumnProfile): ColumnKind {
  const present = reference.count - reference.nulls;
  if (present === 0 || reference.types.number !== present) return "categorical";
  const distinct = distinctCount(reference);
  return distinct.exact && distinct.value <= FEW_DISTINCT_NUMBERS ? "categorical" : "numeric";
}

/** One column's drift (see detectDrift). */
export function detectColumnDrift(
  reference: ColumnProfile,
  current: ColumnProfile,
  rule: ColumnDriftRule = {},
  smallSampleLimit = SMALL_SAMPLE_LIMIT,
): ColumnDrift {
  const kind = rule.kind ?? kindOfMethod(rule.method) ?? inferColumnKind(reference);
  checkDriftRule(reference.name, kind, rule);
  const measured = kind === "numeric" ? numericMeasures(reference, current) : categoricalMeasures(reference, current);
  const method =
    rule.method ?? chooseDriftMethod(kind, Math.min(measured.referenceCount, measured.currentCount), smallSampleLimit);
  const threshold = rule.threshold ?? DEFAULT_THRESHOLDS[method];
  const value = measured.measures[method] ?? null;
  // A column that has values on one side only has changed beyond what any distance measures.
  const drifted =
    value === null
      ? (measured.referenceCount === 0) !== (measured.currentCount === 0)
      : isPValueMethod(method)
        ? value < threshold
        : value >= threshold;
  return { column: reference.name, method, value, threshold, drifted, kind, ...measured };
}

/** The kind a method implies when it applies to one kind only (PSI applies to both). */
function kindOfMethod(method: DriftMethod | undefined): ColumnKind | undefined {
  if (method === undefined || method === "psi") return undefined;
  return DRIFT_METHODS_BY_KIND.numeric.includes(method) ? "numeric" : "categorical";
}

type Measured = Pick<ColumnDrift, "referenceCount" | "currentCount" | "measures" | "exact" | "bins">;

function numericMeasures(reference: ColumnProfile, current: ColumnProfile): Measured {
  const ref = reference.numeric;
  const cur = current.numeric;
  const referenceCount = ref?.moments.count ?? 0;
  const currentCount = cur?.moments.count ?? 0;
  if (ref === null || cur === null) {
    return {
      referenceCount,
      currentCount,
      exact: true,
      measures: { ks: null, ks_statistic: null, wasserstein_distance: null, wasserstein: null, psi: null },
    };
  }
  const samples = ref.sample !== null && cur.sample !== null;
  let refDistribution: EmpiricalDistribution;
  let curDistribution: EmpiricalDistribution;
  if (ref.sample !== null && cur.sample !== null) {
    refDistribution = sampleDistribution(ref.sample);
    curDistribution = sampleDistribution(cur.sample);
  } else {
    refDistribution = sketchDistribution(ref.sketch);
    curDistribution = sketchDistribution(cur.sketch);
  }
  const ks = kolmogorovSmirnovTest(refDistribution, curDistribution, samples);
  const wasserstein = wassersteinDistance(refDistribution, curDistribution);
  // Evidently's normalisation: by the reference's standard deviation, floored at 0.001 so a
  // constant reference column still gives a finite value.
  const norm = Math.max(momentsStd(ref.moments), 0.001);
  const bins = referenceBins(ref.sketch);
  const refCounts = histogramCounts(ref.sketch, bins);
  const curCounts = histogramCounts(cur.sketch, bins);
  return {
    referenceCount,
    currentCount,
    exact: samples && ks?.exact === true,
    measures: {
      ks: ks?.pValue ?? null,
      ks_statistic: ks?.statistic ?? null,
      wasserstein_distance: wasserstein,
      wasserstein: wasserstein === null ? null : wasserstein / norm,
      psi: populationStabilityIndex(refCounts, curCounts),
    },
    bins: { edges: bins.edges, reference: refCounts, current: curCounts },
  };
}

function categoricalMeasures(reference: ColumnProfile, current: ColumnProfile): Measured {
  const aligned = alignCategories(reference.values, current.values);
  const test = chiSquareHomogeneity(aligned.reference, aligned.current);
  return {
    referenceCount: reference.values.total,
    currentCount: current.values.total,
    exact: aligned.exact,
    measures: {
      chi2: test?.pValue ?? null,
      chi2_statistic: test?.statistic ?? null,
      jensen_shannon: jensenShannonDistance(aligned.reference, aligned.current),
      linf: lInfinityDistance(aligned.reference, aligned.current),
      psi: populationStabilityIndex(aligned.reference, aligned.current),
    },
  };
}
