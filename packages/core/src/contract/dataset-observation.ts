import { cellText } from "../tabular/cell-value.js";
import type { TableBatch, TableHeader } from "../tabular/table-batch.js";
import { type CellReading, INVALID, MISSING, type ParsedCell, parseCell, uniqueKey } from "./cell-parsing.js";
import { COLUMN_TYPES, type ColumnType } from "./data-contract.js";
import { DistinctSet } from "./distinct-set.js";

/** What inference needs to know about one column, gathered in one streaming pass. */
export interface ColumnObservation {
  readonly name: string;
  /** Files that have the column, out of `DatasetObservation.files`. */
  readonly files: number;
  /** Rows of those files. */
  readonly rows: number;
  readonly nulls: number;
  /** Every type that each non-missing value parsed as, in COLUMN_TYPES order. */
  readonly types: readonly ColumnType[];
  /** Smallest and largest value as a number (when every value is one). */
  readonly numeric?: { readonly min: number; readonly max: number };
  /** Earliest and latest value in milliseconds since the epoch (when every value is a date-time). */
  readonly time?: { readonly min: number; readonly max: number };
  /** The distinct texts and their counts, when there are at most `maxTracked` of them. */
  readonly values?: readonly { readonly value: string; readonly count: number }[];
  /** Whether no non-missing value repeats; undefined when too many values to tell. */
  readonly distinct: boolean | undefined;
}

export interface DatasetObservation {
  readonly files: number;
  readonly rows: number;
  readonly columns: readonly ColumnObservation[];
}

export interface ObserveOptions {
  /** Distinct texts tracked per column for enum inference (default 20). */
  readonly maxTracked?: number;
  /** Distinct values remembered per column to tell whether it is unique (default 5,000,000). */
  readonly uniqueLimit?: number;
}

interface ColumnState {
  readonly name: string;
  files: number;
  rows: number;
  nulls: number;
  readonly alive: Set<ColumnType>;
  numeric: { min: number; max: number } | undefined;
  time: { min: number; max: number } | undefined;
  values: Map<string, number> | undefined;
  readonly seen: DistinctSet;
  distinct: boolean | undefined;
}

/**
 * Gathers, batch by batch, what `inferContract` needs: null counts, the types every value fits,
 * ranges, small sets of distinct values, and whether values repeat. Memory is bounded by the
 * tracked values and the uniqueness set, not by the data.
 */
export class DatasetObserver {
  private readonly maxTracked: number;
  private readonly uniqueLimit: number;
  private readonly states = new Map<string, ColumnState>();
  private files = 0;
  private rows = 0;
  private reading: CellReading | undefined;
  private present: ColumnState[] = [];

  constructor(options: ObserveOptions = {}) {
    this.maxTracked = options.maxTracked ?? 20;
    this.uniqueLimit = options.uniqueLimit ?? 5_000_000;
  }

  beginFile(header: TableHeader): void {
    this.files += 1;
    this.reading = { format: header.format, nullValues: new Set() };
    this.present = header.columns.map((name) => {
      let state = this.states.get(name);
      if (!state) {
        state = {
          name,
          files: 0,
          rows: 0,
          nulls: 0,
          alive: new Set(COLUMN_TYPES),
          numeric: undefined,
          time: undefined,
          values: new Map(),
          seen: new DistinctSet(this.uniqueLimit),
          distinct: true,
        };
        this.states.set(name, state);
      }
      state.files += 1;
      return state;
    });
  }

  addBatch(batch: TableBatch): void {
    const reading = this.reading;
    if (reading === undefined) throw new Error("DatasetObserver.addBatch called before beginFile");
    this.rows += batch.length;
    for (const state of this.present) {
      const cells = batch.column(state.name);
      if (cells === undefined) continue;
      state.rows += batch.length;
      for (let r = 0; r < batch.length; r += 1) this.observe(state, cells[r], reading);
    }
  }

  private observe(state: ColumnState, raw: unknown, reading: CellReading): void {
    if (parseCell("string", raw, reading) === MISSING) {
      state.nulls += 1;
      return;
    }
    // Each type is parsed once per cell: the values kept below are the ones parsed here.
    let number: number | undefined;
    let time: number | undefined;
    let integer: ParsedCell | undefined;
    for (const type of state.alive) {
      const parsed = parseCell(type, raw, reading);
      if (type === "integer") integer = parsed;
      if (parsed === INVALID) {
        state.alive.delete(type);
        continue;
      }
      if (type === "number") number = parsed as number;
      else if (type === "datetime") time = parsed as number;
    }
    if (number !== undefined) {
      if (state.numeric === undefined) state.numeric = { min: number, max: number };
      else if (number < state.numeric.min) state.numeric.min = number;
      else if (number > state.numeric.max) state.numeric.max = number;
    }
    if (time !== undefined) {
      if (state.time === undefined) state.time = { min: time, max: time };
      else if (time < state.time.min) state.time.min = time;
      else if (time > state.time.max) state.time.max = time;
    }
    const text = cellText(raw) ?? "";
    if (state.values !== undefined) {
      state.values.set(text, (state.values.get(text) ?? 0) + 1);
      if (state.values.size > this.maxTracked) state.values = undefined;
    }
    if (state.distinct === true) {
      // Integers compare as numbers ("7" and "07" are one value); anything else as its text.
      if (integer === undefined) integer = parseCell("integer", raw, reading);
      const key = typeof integer === "number" ? uniqueKey("integer", integer, raw) : text;
      const found = state.seen.add(key, 0, 0);
      if (found === "full") state.distinct = undefined;
      else if (found !== "added") state.distinct = false;
    }
  }

  observation(): DatasetObservation {
    return {
      files: this.files,
      rows: this.rows,
      columns: [...this.states.values()].map((state) => {
        const seen = state.rows > state.nulls;
        return {
          name: state.name,
          files: state.files,
          rows: state.rows,
          nulls: state.nulls,
          types: seen ? COLUMN_TYPES.filter((type) => state.alive.has(type)) : [],
          ...(state.numeric && state.alive.has("number") ? { numeric: { ...state.numeric } } : {}),
          ...(state.time && state.alive.has("datetime") ? { time: { ...state.time } } : {}),
          ...(state.values
            ? {
                values: [...state.values]
                  .map(([value, count]) => ({ value, count }))
                  .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)),
              }
            : {}),
          distinct: state.distinct,
        };
      }),
    };
  }
}
