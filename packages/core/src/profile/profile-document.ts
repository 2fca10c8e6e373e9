import { InputError } from "../errors/input-error.js";
import { describeJsonSyntaxError } from "../tabular/json-syntax-error.js";
import { type ColumnProfile, EXACT_SAMPLE_LIMIT, type NumericSummary } from "./column-profile.js";
import { type DatasetProfile, PROFILE_SCHEMA } from "./dataset-profile.js";
import { decodeHyperLogLog, encodeHyperLogLog, HLL_PRECISION } from "./hyperloglog.js";
import { type BucketStore, QUANTILE_RELATIVE_ACCURACY, type QuantileSketch } from "./quantile-sketch.js";
import { canonicalOrder, EXACT_VALUE_LIMIT, HEAVY_HITTER_COUNTERS, type ValueCounts } from "./value-counts.js";
import type { ValueTypeCounts } from "./value-types.js";

/*
 * The `slipway/profile@1` file: a DatasetProfile as JSON, written by `slipway data infer` and read
 * back as the reference for drift. Every field is state, nothing is derived, so parsing a
 * serialized profile gives back an equal profile and merging parsed profiles is exact.
 *
 *   { "schema": "slipway/profile@1", "rows": 1200, "columns": [ {
 *       "name": "age", "count": 1200, "nulls": 3,
 *       "types": { "integer": 1197, "number": 1197, "boolean": 0, "date": 0 },
 *       "values": { "exact": true, "counts": [["41", 38], …] },      // largest first
 *       "hyperloglog": null | { "precision": 14, "registers": "<base64 of 16,384 bytes>" },
 *       "numeric": null | { "count", "min", "max", "mean", "variance",  // variance: population;
 *                                   // mean and variance are null when they overflowed
 *           "sketch": { "relative_accuracy": 0.01, "zero": 0,
 *                       "positive": { "offset": 150, "counts": [...] }, "negative": {...} },
 *           "sample": null | [ascending numbers] } } ] }
 *
 * `hyperloglog` is present exactly when `values.exact` is false (see ColumnProfile). Parsing checks
 * types and the invariants between fields (counts add up, the sample is sorted and as long as the
 * numeric count, and so on), and reports the first problem with its JSON path.
 */

/** The profile as `slipway/profile@1` JSON text (ends with a newline). */
export function serializeProfile(profile: DatasetProfile): string {
  const document = {
    schema: PROFILE_SCHEMA,
    rows: profile.rows,
    columns: profile.columns.map(columnDocument),
  };
  return `${formatJson(document, "")}\n`;
}

function columnDocument(column: ColumnProfile): unknown {
  return {
    name: column.name,
    count: column.count,
    nulls: column.nulls,
    types: column.types,
    values: { exact: column.values.exact, counts: [...column.values.counts] },
    hyperloglog:
      column.distinctSketch === null
        ? null
        : { precision: HLL_PRECISION, registers: encodeHyperLogLog(column.distinctSketch) },
    numeric: column.numeric === null ? null : numericDocument(column.numeric),
  };
}

function numericDocument(numeric: NumericSummary): unknown {
  const { count, min, max, mean, variance } = numeric.moments;
  const { zero, positive, negative } = numeric.sketch;
  return {
    count,
    min,
    max,
    mean: Number.isFinite(mean) ? mean : null,
    variance: Number.isFinite(variance) ? variance : null,
    sketch: { relative_accuracy: QUANTILE_RELATIVE_ACCURACY, zero, positive, negative },
    sample: numeric.sample,
  };
}

/** Indented JSON, with arrays of scalars (samples, bucket counts, value-count pairs) on one line. */
function formatJson(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.every(isFlat)) return JSON.stringify(value);
    const inner = `${indent}  `;
    return `[\n${value.map((item) => inner + formatJson(item, inner)).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const inner = `${indent}  `;
    const fields = Object.entries(value).map(
      ([key, item]) => `${inner}${JSON.stringify(key)}: ${formatJson(item, inner)}`,
    );
    return fields.length === 0 ? "{}" : `{\n${fields.join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function isFlat(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => item === null || typeof item !== "object");
  return value === null || typeof value !== "object";
}

/** A profile from `slipway/profile@1` text; an InputError naming `file` and the JSON path otherwise. */
export function parseProfile(text: string, file: string): DatasetProfile {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const problem = describeJsonSyntaxError(error, text);
    const before = text.slice(0, problem.offset).split("\n");
    throw new InputError(`is not valid JSON: ${problem.reason}`, {
      file,
      line: before.length,
      column: before[before.length - 1]!.length + 1,
    });
  }
  return new ProfileReader(file).profile(document);
}

class ProfileReader {
  constructor(private readonly file: string) {}

  fail(path: string, expectation: string): never {
    throw new InputError(path === "" ? expectation : `${path}: ${expectation}`, { file: this.file });
  }

  profile(document: unknown): DatasetProfile {
    const fields = this.object(document, "", ["schema", "rows", "columns"]);
    if (fields.schema !== PROFILE_SCHEMA) {
      const found = typeof fields.schema === "string" ? `"${fields.schema}"` : describe(fields.schema);
      this.fail("schema", `expected "${PROFILE_SCHEMA}", got ${found}; is this a Slipway profile?`);
    }
    const rows = this.count(fields.rows, "rows");
    const names = new Set<string>();
    const columns = this.array(fields.columns, "columns").map((item, c) => {
      const column = this.column(item, `columns[${c}]`, rows);
      if (names.has(column.name)) this.fail(`columns[${c}].name`, `column "${column.name}" appears twice`);
      names.add(column.name);
      return column;
    });
    return { rows, columns };
  }

  column(value: unknown, path: string, rows: number): ColumnProfile {
    const fields = this.object(value, path, ["name", "count", "nulls", "types", "values", "hyperloglog", "numeric"]);
    if (typeof fields.name !== "string")
      this.fail(`${path}.name`, `expected a column name, got ${describe(fields.name)}`);
    const count = this.count(fields.count, `${path}.count`);
    if (count !== rows) this.fail(`${path}.count`, `expected ${rows} (the profile's rows), got ${count}`);
    const nulls = this.count(fields.nulls, `${path}.nulls`);
    if (nulls > count) this.fail(`${path}.nulls`, `expected at most ${count} (the column's count), got ${nulls}`);
    const present = count - nulls;
    const types = this.types(fields.types, `${path}.types`, present);
    const values = this.values(fields.values, `${path}.values`, present);
    let distinctSketch: Uint8Array | null = null;
    if (values.exact) {
      if (fields.hyperloglog !== null) this.fail(`${path}.hyperloglog`, "expected null while values.exact is true");
    } else {
      distinctSketch = this.hyperLogLog(fields.hyperloglog, `${path}.hyperloglog`);
    }
    const numeric = fields.numeric === null ? null : this.numeric(fields.numeric, `${path}.numeric`);
    const numericCount = numeric?.moments.count ?? 0;
    if (numericCount !== types.number) {
      this.fail(`${path}.numeric`, `expected ${types.number} numbers (types.number), got ${numericCount}`);
    }
    return { name: fields.name, count, nulls, types, values, distinctSketch, numeric };
  }

  types(value: unknown, path: string, present: number): ValueTypeCounts {
    const fields = this.object(value, path, ["integer", "number", "boolean", "date"]);
    const read = (key: "integer" | "number" | "boolean" | "date"): number => {
      const count = this.count(fields[key], `${path}.${key}`);
      if (count > present)
        this.fail(`${path}.${key}`, `expected at most ${present} (non-missing values), got ${count}`);
      return count;
    };
    const types = { integer: read("integer"), number: read("number"), boolean: read("boolean"), date: read("date") };
    if (types.integer > types.number)
      this.fail(`${path}.integer`, "expected at most types.number: every integer is a number");
    return types;
  }

  values(value: unknown, path: string, present: number): ValueCounts {
    const fields = this.object(value, path, ["exact", "counts"]);
    if (typeof fields.exact !== "boolean")
      this.fail(`${path}.exact`, `expected true or false, got ${describe(fields.exact)}`);
    const counts = new Map<string, number>();
    let sum = 0;
    this.array(fields.counts, `${path}.counts`).forEach((pair, k) => {
      const at = `${path}.counts[${k}]`;
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string") {
        this.fail(at, `expected a [value text, count] pair, got ${describe(pair)}`);
      }
      const count = this.count(pair[1], `${at}[1]`);
      if (count === 0) this.fail(`${at}[1]`, "expected a positive count");
      if (counts.has(pair[0])) this.fail(`${at}[0]`, `value ${JSON.stringify(pair[0])} appears twice`);
      counts.set(pair[0], count);
      sum += count;
    });
    const limit = fields.exact ? EXACT_VALUE_LIMIT : HEAVY_HITTER_COUNTERS;
    if (counts.size > limit) this.fail(`${path}.counts`, `expected at most ${limit} values, got ${counts.size}`);
    if (fields.exact ? sum !== present : sum > present) {
      this.fail(
        `${path}.counts`,
        `counts add up to ${sum}; expected ${fields.exact ? "" : "at most "}${present} (non-missing values)`,
      );
    }
    return { exact: fields.exact, total: present, counts: canonicalOrder(counts) };
  }

  hyperLogLog(value: unknown, path: string): Uint8Array {
    const fields = this.object(value, path, ["precision", "registers"]);
    if (fields.precision !== HLL_PRECISION) {
      this.fail(`${path}.precision`, `expected ${HLL_PRECISION}, got ${describe(fields.precision)}`);
    }
    const registers = typeof fields.registers === "string" ? decodeHyperLogLog(fields.registers) : undefined;
    if (registers === undefined) this.fail(`${path}.registers`, "expected base64 of 16384 registers, each at most 51");
    return registers;
  }

  numeric(value: unknown, path: string): NumericSummary {
    const fields = this.object(value, path, ["count", "min", "max", "mean", "variance", "sketch", "sample"]);
    const count = this.count(fields.count, `${path}.count`);
    if (count === 0) this.fail(`${path}.count`, "expected at least 1 (a column without numbers has numeric: null)");
    const min = this.finite(fields.min, `${path}.min`);
    const max = this.finite(fields.max, `${path}.max`);
    if (min > max) this.fail(`${path}.max`, `expected at least min (${min}), got ${max}`);
    // null: the sum of squares overflowed (values beyond about 1e154 in magnitude).
    const mean = fields.mean === null ? Number.NaN : this.finite(fields.mean, `${path}.mean`);
    const variance =
      fields.variance === null ? Number.POSITIVE_INFINITY : this.finite(fields.variance, `${path}.variance`);
    if (variance < 0) this.fail(`${path}.variance`, `expected a non-negative variance, got ${variance}`);
    const sketch = this.sketch(fields.sketch, `${path}.sketch`);
    if (sketch.count !== count) this.fail(`${path}.sketch`, `buckets hold ${sketch.count} values; expected ${count}`);
    let sample: number[] | null = null;
    if (count <= EXACT_SAMPLE_LIMIT) {
      sample = this.array(fields.sample, `${path}.sample`).map((item, k) => this.finite(item, `${path}.sample[${k}]`));
      if (sample.length !== count)
        this.fail(`${path}.sample`, `expected ${count} values (the count), got ${sample.length}`);
      for (let k = 1; k < sample.length; k++) {
        if (sample[k]! < sample[k - 1]!) this.fail(`${path}.sample[${k}]`, "expected the sample in ascending order");
      }
      if (sample[0] !== min || sample[sample.length - 1] !== max) {
        this.fail(`${path}.sample`, "expected the sample to start at min and end at max");
      }
    } else if (fields.sample !== null) {
      this.fail(`${path}.sample`, `expected null above ${EXACT_SAMPLE_LIMIT} values`);
    }
    return { moments: { count, min, max, mean, variance }, sketch, sample };
  }

  sketch(value: unknown, path: string): QuantileSketch {
    const fields = this.object(value, path, ["relative_accuracy", "zero", "positive", "negative"]);
    if (fields.relative_accuracy !== QUANTILE_RELATIVE_ACCURACY) {
      this.fail(
        `${path}.relative_accuracy`,
        `expected ${QUANTILE_RELATIVE_ACCURACY}, got ${describe(fields.relative_accuracy)}`,
      );
    }
    const zero = this.count(fields.zero, `${path}.zero`);
    const positive = this.store(fields.positive, `${path}.positive`);
    const negative = this.store(fields.negative, `${path}.negative`);
    const sum = (store: BucketStore): number => store.counts.reduce((total, count) => total + count, 0);
    return { count: zero + sum(positive) + sum(negative), zero, positive, negative };
  }

  store(value: unknown, path: string): BucketStore {
    const fields = this.object(value, path, ["offset", "counts"]);
    const offset = fields.offset;
    // Bucket indexes of finite doubles at 1% accuracy lie within ±37,300.
    if (!Number.isSafeInteger(offset) || Math.abs(offset as number) > 40_000) {
      this.fail(`${path}.offset`, `expected a bucket index between -40000 and 40000, got ${describe(offset)}`);
    }
    const counts = this.array(fields.counts, `${path}.counts`).map((item, k) =>
      this.count(item, `${path}.counts[${k}]`),
    );
    if ((offset as number) + counts.length > 40_000) this.fail(`${path}.counts`, "expected bucket indexes up to 40000");
    if (counts.length > 0 && (counts[0] === 0 || counts[counts.length - 1] === 0)) {
      this.fail(`${path}.counts`, "expected no empty buckets at either end (offset names the first non-empty bucket)");
    }
    return counts.length === 0 ? { offset: 0, counts } : { offset: offset as number, counts };
  }

  object(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.fail(path, `expected an object, got ${describe(value)}`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!keys.includes(key)) this.fail(path, `unknown field "${key}"; expected ${keys.join(", ")}`);
    }
    for (const key of keys) {
      if (!(key in record)) this.fail(path, `missing field "${key}"`);
    }
    return record;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `expected an array, got ${describe(value)}`);
    return value;
  }

  count(value: unknown, path: string): number {
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      this.fail(path, `expected a non-negative integer, got ${describe(value)}`);
    }
    return value as number;
  }

  finite(value: unknown, path: string): number {
    if (typeof value !== "number" || !Number.isFinite(value))
      this.fail(path, `expected a number, got ${describe(value)}`);
    return value;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
