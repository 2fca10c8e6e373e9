import { Document, isNode, type Node, type Pair, type YAMLMap } from "yaml";
import type { TableBatch, TableHeader } from "../tabular/table-batch.js";
import type { ColumnType } from "./data-contract.js";
import { type ColumnObservation, type DatasetObservation, DatasetObserver } from "./dataset-observation.js";

/**
 * How inference loosens what it saw (docs/contracts.md#inference): numeric bounds move out by
 * RANGE_MARGIN of the observed range, null rates may double, enums need each value seen twice
 * on average, and uniqueness needs enough values to mean something.
 */
export const RANGE_MARGIN = 0.1;
export const NULL_RATE_FACTOR = 2;
export const MAX_ENUM_VALUES = 20;
export const MIN_ROWS_PER_ENUM_VALUE = 2;
export const MIN_VALUES_FOR_UNIQUE = 10;
/** PSI above 0.2 is the customary "significant shift" (Siddiqi 2006, Credit Risk Scorecards). */
export const NUMERIC_DRIFT = { method: "psi", threshold: 0.2 } as const;
/** Jensen–Shannon distance above 0.1, the default threshold of Evidently's categorical drift. */
export const CATEGORICAL_DRIFT = { method: "jensen_shannon", threshold: 0.1 } as const;
/** The dataset drifts when half its monitored columns do (Evidently's default drift share). */
export const DRIFT_SHARE = 0.5;

/** A batch source for inference: the files' headers and batches, in order. */
export interface InferenceTables {
  readonly tables: Iterable<{ readonly header: TableHeader; readonly batches: Iterable<TableBatch> }>;
}

export interface InferredContract {
  /** The contract as YAML with a comment on every rule saying what it was inferred from. */
  readonly text: string;
  readonly document: Document;
}

const TYPE_PREFERENCE: readonly ColumnType[] = ["boolean", "integer", "number", "date", "datetime", "string"];
const MS_PER_DAY = 86_400_000;
const TINY = 1e-300;

/**
 * A reviewable contract from what a dataset holds: tight where the data is clean (no nulls →
 * `nullable: false`, few distinct strings → `enum`, distinct ids → `unique`), loose where it is
 * not (ranges widened, null rates doubled). Deterministic: the same data gives the same text.
 */
export function inferContract(source: DatasetObservation | InferenceTables): InferredContract {
  const observation = "tables" in source ? observeTables(source) : source;
  const doc = new Document({ version: 1 });
  doc.commentBefore =
    ` Data contract inferred from ${count(observation.rows, "row")} in ${count(observation.files, "file")}.\n` +
    " Review every rule: each comment says what it was inferred from.";
  const root = doc.contents as YAMLMap;
  if (observation.rows > 0) {
    root.add(doc.createPair("min_rows", 1));
    comment(lastPair(root), `the sample had ${count(observation.rows, "row")}; an empty dataset is surely broken`);
  }
  const columns = doc.createNode({}) as YAMLMap;
  root.add(doc.createPair("columns", columns));
  let drifting = 0;
  for (const column of observation.columns) {
    const spec = doc.createNode({}) as YAMLMap;
    columns.add(doc.createPair(column.name, spec));
    drifting += inferColumn(doc, spec, column, observation) ? 1 : 0;
  }
  if (drifting > 0) {
    const drift = doc.createNode({}) as YAMLMap;
    drift.add(doc.createPair("share", DRIFT_SHARE));
    comment(
      lastPair(drift),
      `the dataset drifts when more than half of its ${count(drifting, "monitored column")} drift`,
    );
    root.add(doc.createPair("drift", drift));
  }
  return { document: doc, text: doc.toString({ lineWidth: 0, flowCollectionPadding: false }) };
}

function observeTables(source: InferenceTables): DatasetObservation {
  const observer = new DatasetObserver();
  for (const { header, batches } of source.tables) {
    observer.beginFile(header);
    for (const batch of batches) observer.addBatch(batch);
  }
  return observer.observation();
}

/** Fills one column's rules; answers whether it got a drift rule. */
function inferColumn(doc: Document, spec: YAMLMap, column: ColumnObservation, dataset: DatasetObservation): boolean {
  const set = (key: string, value: unknown, why: string, flow = false): void => {
    const node = doc.createNode(value, { flow }) as Node;
    spec.add(doc.createPair(key, node));
    comment(lastPair(spec), why);
  };
  const values = column.rows - column.nulls;
  const type = TYPE_PREFERENCE.find((t) => column.types.includes(t)) ?? "string";
  set(
    "type",
    type,
    values === 0
      ? `all ${count(column.rows, "value")} missing, so the type is a guess`
      : `every one of ${count(values, "value")} parsed as ${type}`,
  );
  if (column.files < dataset.files) {
    set("required", false, `present in ${column.files} of ${count(dataset.files, "file")}`);
  }
  if (column.rows > 0 && column.nulls === 0) {
    set("nullable", false, `observed 0 nulls in ${count(column.rows, "row")}`);
  } else if (column.rows > 0) {
    const rate = column.nulls / column.rows;
    const allowed = Math.min(1, roundUp(rate * NULL_RATE_FACTOR));
    set(
      "max_null_rate",
      allowed,
      `observed ${count(column.nulls, "null")} in ${count(column.rows, "row")} (${percent(rate)}); allowed up to ${NULL_RATE_FACTOR}× that`,
    );
  }
  if ((type === "integer" || type === "number") && column.numeric) {
    const { min, max } = widen(column.numeric.min, column.numeric.max, type === "integer");
    const observed = `observed ${column.numeric.min} to ${column.numeric.max}`;
    set(
      "min",
      min,
      `${observed}; widened by ${RANGE_MARGIN * 100}% of the range${column.numeric.min >= 0 ? ", not below 0" : ""}`,
    );
    set("max", max, `${observed}; widened by ${RANGE_MARGIN * 100}% of the range`);
  }
  if ((type === "date" || type === "datetime") && column.time) {
    const margin = Math.max(MS_PER_DAY, (column.time.max - column.time.min) * RANGE_MARGIN);
    const min = Math.floor((column.time.min - margin) / MS_PER_DAY) * MS_PER_DAY;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    set(
      "min",
      type === "date" ? day(min) : `${day(min)}T00:00:00Z`,
      `observed ${day(column.time.min)} to ${day(column.time.max)}; widened by ${RANGE_MARGIN * 100}% of the range, and no max since new data is newer`,
    );
  }
  const isEnum =
    type === "string" &&
    column.values !== undefined &&
    column.values.length > 0 &&
    column.values.length <= MAX_ENUM_VALUES &&
    values >= MIN_ROWS_PER_ENUM_VALUE * column.values.length;
  if (isEnum && column.values) {
    set(
      "enum",
      column.values.map((v) => v.value),
      `${count(column.values.length, "distinct value")} in ${count(values, "value")}`,
      true,
    );
  }
  const isUnique =
    (type === "string" || type === "integer") && column.distinct === true && values >= MIN_VALUES_FOR_UNIQUE;
  if (isUnique) set("unique", true, `all ${count(values, "value")} distinct`);
  if (isUnique || values === 0) return false;
  if (type === "integer" || type === "number") {
    set("drift", { ...NUMERIC_DRIFT }, "numeric: population stability index", true);
    return true;
  }
  if (type === "boolean" || isEnum) {
    set("drift", { ...CATEGORICAL_DRIFT }, "categorical: Jensen–Shannon distance", true);
    return true;
  }
  return false;
}

/**
 * Moves a range out by RANGE_MARGIN of its width (or of the value, for a single value, and at
 * least 1) to round numbers: the step is the power of ten just below the margin. A range that
 * starts at or above 0 is kept at or above 0, since most such columns are counts or amounts.
 */
export function widen(min: number, max: number, integer: boolean): { min: number; max: number } {
  const width = max - min;
  const wanted = width > 0 ? width * RANGE_MARGIN : Math.max(Math.abs(min) * RANGE_MARGIN, integer ? 1 : 0.1);
  // A range of subnormal width would give a margin, and a step, that underflow to 0.
  const margin = Math.max(wanted, TINY);
  let step = Math.max(10 ** Math.floor(Math.log10(margin)), TINY);
  if (integer) step = Math.max(1, step);
  const tidy = (x: number) => Number(x.toPrecision(12));
  // The 1e-9 keeps 0.12 - 0.006 = 0.11399999999999999 from flooring a whole step down.
  let low = tidy(Math.floor((min - margin) / step + 1e-9) * step);
  let high = tidy(Math.ceil((max + margin) / step - 1e-9) * step);
  // Rounding to 12 significant digits can move a bound back past the value it must contain.
  if (low > min) low = min;
  if (high < max) high = max;
  if (min >= 0 && low < 0) low = 0;
  return { min: low, max: high };
}

function roundUp(rate: number): number {
  if (rate === 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(rate)) - 1);
  return Number((Math.ceil(rate / step - 1e-9) * step).toPrecision(2));
}

function lastPair(map: YAMLMap): Pair {
  return map.items[map.items.length - 1] as Pair;
}

function comment(pair: Pair, text: string): void {
  if (isNode(pair.value)) pair.value.comment = ` ${text}`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

function percent(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))}%`;
}
