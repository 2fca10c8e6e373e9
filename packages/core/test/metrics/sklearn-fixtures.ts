import { readFileSync } from "node:fs";

/** Reference cases written by test/reference/generate-metric-references.py (scikit-learn). */
export interface ReferenceFile<Case> {
  readonly scikit_learn: string;
  readonly cases: readonly Case[];
}

interface CaseBase {
  readonly name: string;
  readonly n: number;
  readonly weights: number[] | null;
  /** null: undefined (the functions return NaN); a missing key: the metric must not be returned. */
  readonly expected: Record<string, number | null>;
}

export interface BinaryCase extends CaseBase {
  readonly label: number[];
  readonly prediction: number[];
  readonly score: number[] | null;
}

export interface MulticlassCase extends CaseBase {
  readonly classes: string[];
  readonly label: number[];
  readonly prediction: number[];
}

export interface RegressionCase extends CaseBase {
  readonly label: number[];
  readonly prediction: number[];
}

export interface GenerationCase extends CaseBase {
  readonly passed: number[] | null;
  readonly score: number[] | null;
}

export function loadReference<Case>(task: "binary" | "multiclass" | "regression" | "generation"): ReferenceFile<Case> {
  const url = new URL(`../../../../test/fixtures/metrics/${task}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as ReferenceFile<Case>;
}

/** Absolute tolerance against scikit-learn. */
export const TOLERANCE = 1e-9;

/** |actual − expected|, 0 when both are undefined, Infinity when only one is. */
export function referenceDifference(actual: number | undefined, expected: number | null): number {
  if (expected === null) return actual !== undefined && Number.isNaN(actual) ? 0 : Number.POSITIVE_INFINITY;
  if (actual === undefined || Number.isNaN(actual)) return Number.POSITIVE_INFINITY;
  return Math.abs(actual - expected);
}
