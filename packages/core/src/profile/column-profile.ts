import { isMissingCell } from "../tabular/cell-value.js";
import { addToHyperLogLog, emptyHyperLogLog, estimateHyperLogLog, mergeHyperLogLogs } from "./hyperloglog.js";
import { type Moments, MomentsBuilder, mergeMoments } from "./moments.js";
import { mergeQuantileSketches, type QuantileSketch, QuantileSketchBuilder } from "./quantile-sketch.js";
import { EMPTY_VALUE_COUNTS, mergeValueCounts, type ValueCounts, ValueCountsBuilder } from "./value-counts.js";
import {
  EMPTY_VALUE_TYPE_COUNTS,
  type MutableValueReading,
  mergeValueTypeCounts,
  readValueInto,
  type ValueTypeCounts,
} from "./value-types.js";

/**
 * A column's numbers are kept in full while there are at most this many, so drift at small n
 * (Kolmogorov–Smirnov with its exact p-value, Wasserstein-1) is computed on the data itself
 * rather than on the quantile sketch.
 */
export const EXACT_SAMPLE_LIMIT = 5_000;

/** The numeric side of a column: its values that read as finite numbers. */
export interface NumericSummary {
  readonly moments: Moments;
  readonly sketch: QuantileSketch;
  /** Every number in ascending order while there are at most EXACT_SAMPLE_LIMIT; null beyond. */
  readonly sample: readonly number[] | null;
}

/**
 * A mergeable summary of one column. Every part merges associatively and commutatively; parts
 * that are exact (counts, extremes, exact value counts, the quantile sketch, the sample, the
 * HyperLogLog registers) merge to exactly the summary of the concatenated data.
 */
export interface ColumnProfile {
  readonly name: string;
  /** Rows seen, missing cells included. */
  readonly count: number;
  /** Missing cells: empty CSV fields, JSON null or absent keys, Parquet nulls. */
  readonly nulls: number;
  readonly types: ValueTypeCounts;
  /** Counts by value text (exact up to a limit of distinct values, then heavy hitters). */
  readonly values: ValueCounts;
  /**
   * HyperLogLog registers, kept only once `values` stopped being exact: while it is exact the
   * distinct values are known, and the registers would be a function of them.
   */
  readonly distinctSketch: Uint8Array | null;
  /** Null when no value reads as a finite number. */
  readonly numeric: NumericSummary | null;
}

/** Builds one column's profile cell by cell (mutable; `freeze` returns the immutable value). */
export class ColumnProfileBuilder {
  private count = 0;
  private nulls = 0;
  private types = { ...EMPTY_VALUE_TYPE_COUNTS };
  private registers: Uint8Array | null = null;
  private readonly values = new ValueCountsBuilder((distinct) => {
    const registers = emptyHyperLogLog();
    for (const text of distinct) addToHyperLogLog(registers, text);
    this.registers = registers;
  });
  private readonly moments = new MomentsBuilder();
  private readonly sketch = new QuantileSketchBuilder();
  private sample: number[] | null = [];
  private readonly reading: MutableValueReading = { integer: false, number: undefined, boolean: false, date: false };

  constructor(private readonly name: string) {}

  add(cell: unknown): void {
    this.count++;
    if (isMissingCell(cell)) {
      this.nulls++;
      return;
    }
    const reading = this.reading;
    readValueInto(cell, reading);
    if (reading.integer) this.types.integer++;
    if (reading.boolean) this.types.boolean++;
    if (reading.date) this.types.date++;
    if (reading.number !== undefined) {
      this.types.number++;
      this.moments.add(reading.number);
      this.sketch.add(reading.number);
      if (this.sample !== null) {
        if (this.sample.length < EXACT_SAMPLE_LIMIT) this.sample.push(reading.number);
        else this.sample = null;
      }
    }
    const text = valueText(cell);
    const wasExact = this.values.isExact;
    this.values.add(text);
    if (!wasExact && this.registers !== null) addToHyperLogLog(this.registers, text);
  }

  freeze(): ColumnProfile {
    const moments = this.moments.freeze();
    return {
      name: this.name,
      count: this.count,
      nulls: this.nulls,
      types: { ...this.types },
      values: this.values.freeze(),
      distinctSketch: this.registers === null ? null : this.registers.slice(),
      numeric:
        moments.count === 0
          ? null
          : {
              moments,
              sketch: this.sketch.freeze(),
              sample: this.sample === null ? null : [...this.sample].sort((a, b) => a - b),
            },
    };
  }
}

/**
 * The text a value is counted under: text as it is, numbers and booleans as JavaScript prints
 * them, dates as ISO 8601, anything else as JSON. (So "1" in a CSV and 1 in a JSONL file are the
 * same value, and "1.0" in a CSV is a different one.)
 */
export function valueText(cell: unknown): string {
  if (typeof cell === "string") return cell;
  if (typeof cell === "number" || typeof cell === "bigint" || typeof cell === "boolean") return String(cell);
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "Invalid Date" : cell.toISOString();
  return JSON.stringify(cell, (_key, inner) => (typeof inner === "bigint" ? inner.toString() : inner)) ?? String(cell);
}

/** A profile of `count` rows that are all missing: a column absent from a shard. */
export function allMissingColumn(name: string, count: number): ColumnProfile {
  return {
    name,
    count,
    nulls: count,
    types: EMPTY_VALUE_TYPE_COUNTS,
    values: EMPTY_VALUE_COUNTS,
    distinctSketch: null,
    numeric: null,
  };
}

/** The profile of both columns' rows together (see ColumnProfile for which parts are exact). */
export function mergeColumnProfiles(a: ColumnProfile, b: ColumnProfile): ColumnProfile {
  if (a.name !== b.name) throw new RangeError(`cannot merge column "${a.name}" with column "${b.name}"`);
  const values = mergeValueCounts(a.values, b.values);
  return {
    name: a.name,
    count: a.count + b.count,
    nulls: a.nulls + b.nulls,
    types: mergeValueTypeCounts(a.types, b.types),
    values,
    distinctSketch: values.exact ? null : mergeHyperLogLogs(distinctRegisters(a), distinctRegisters(b)),
    numeric: mergeNumeric(a.numeric, b.numeric),
  };
}

/** The HyperLogLog registers of a column, built from its exact values when it has none stored. */
function distinctRegisters(column: ColumnProfile): Uint8Array {
  if (column.distinctSketch !== null) return column.distinctSketch;
  const registers = emptyHyperLogLog();
  for (const text of column.values.counts.keys()) addToHyperLogLog(registers, text);
  return registers;
}

function mergeNumeric(a: NumericSummary | null, b: NumericSummary | null): NumericSummary | null {
  if (a === null) return b;
  if (b === null) return a;
  const moments = mergeMoments(a.moments, b.moments);
  return {
    moments,
    sketch: mergeQuantileSketches(a.sketch, b.sketch),
    sample:
      a.sample !== null && b.sample !== null && moments.count <= EXACT_SAMPLE_LIMIT
        ? mergeSorted(a.sample, b.sample)
        : null,
  };
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

/** Distinct non-missing values: exact while the value counts are, else the HyperLogLog estimate. */
export function distinctCount(column: ColumnProfile): { readonly value: number; readonly exact: boolean } {
  if (column.values.exact || column.distinctSketch === null) return { value: column.values.counts.size, exact: true };
  return { value: estimateHyperLogLog(column.distinctSketch), exact: false };
}
