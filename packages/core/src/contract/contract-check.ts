import type { TableBatch, TableHeader } from "../tabular/table-batch.js";
import { type CellReading, INVALID, MISSING, type ParsedCell, parseCell, uniqueKey } from "./cell-parsing.js";
import type {
  ColumnContract,
  CompareRule,
  ContractPosition,
  DataContract,
  EnumMember,
  RuleSetting,
  Severity,
  TableRule,
  UniqueTogetherRule,
} from "./data-contract.js";
import { DistinctSet } from "./distinct-set.js";
import {
  type ContractCheckResult,
  type ContractRule,
  overallResult,
  type RowPlace,
  showValue,
  type Violation,
  type ViolationExample,
} from "./violation.js";

export interface ContractCheckOptions {
  /** Examples kept per rule (default 5). */
  readonly maxExamples?: number;
  /** Distinct values remembered per `unique` or `unique_together` rule (default 5,000,000). */
  readonly uniqueLimit?: number;
  /**
   * Check cells of these columns only, and the table rules whose columns are all among them
   * (default: every column). Checks that own disjoint columns of the same files combine, with
   * `ContractCheck.combine`, into exactly the result of one check over all columns.
   */
  readonly ownColumns?: readonly string[];
}

/** What one rule's tally holds, as plain data. */
export interface TallySnapshot {
  readonly count: number;
  readonly examples: readonly ViolationExample[];
  readonly files: readonly string[];
}

/** What a check counted for one column it owns. */
export interface ColumnCheckSnapshot {
  readonly rules: Partial<Record<ContractRule, TallySnapshot>>;
  readonly rows: number;
  readonly nulls: number;
  readonly nullExamples: readonly ViolationExample[];
  readonly uniqueCheckedRows: number | undefined;
}

/**
 * Everything a ContractCheck has counted, as plain data that crosses a thread boundary, so that
 * checks over disjoint columns of the same files can run in parallel and be combined.
 */
export interface ContractCheckPart {
  readonly fileNames: readonly string[];
  readonly fileRows: readonly number[];
  /** The columns this part checked cell by cell (every column when it owned them all). */
  readonly columns: Readonly<Record<string, ColumnCheckSnapshot>>;
  /** Every column's `required` tally: files without the column are known to every part. */
  readonly required: Readonly<Record<string, TallySnapshot>>;
  readonly extraColumns: readonly (readonly [string, TallySnapshot])[];
  /** By index into the contract's table rules; null for a rule another part owns. */
  readonly tableRules: readonly ({
    readonly tally: TallySnapshot;
    readonly uniqueCheckedRows: number | undefined;
  } | null)[];
}

export const DEFAULT_MAX_EXAMPLES = 5;
export const DEFAULT_UNIQUE_LIMIT = 5_000_000;

/** Counts and the first examples of one rule's violations. */
class Tally {
  count = 0;
  readonly examples: ViolationExample[] = [];
  readonly files: string[] = [];

  constructor(
    readonly rule: ContractRule,
    readonly column: string | null,
    readonly severity: Severity,
    readonly at: ContractPosition,
    private readonly maxExamples: number,
  ) {}

  hit(example: () => ViolationExample): void {
    this.count += 1;
    if (this.examples.length < this.maxExamples) this.examples.push(example());
  }

  /** A violating cell: row `r` of a batch located by `placeOf`, holding `raw`. */
  hitCell(placeOf: (r: number) => RowPlace, r: number, raw: unknown): void {
    this.count += 1;
    if (this.examples.length < this.maxExamples) this.examples.push({ ...placeOf(r), value: showValue(raw) });
  }

  hitFile(file: string): void {
    this.count += 1;
    if (this.files.length < this.maxExamples) this.files.push(file);
  }

  snapshot(): TallySnapshot {
    return { count: this.count, examples: [...this.examples], files: [...this.files] };
  }

  restore(snapshot: TallySnapshot): void {
    this.count = snapshot.count;
    this.examples.splice(0, this.examples.length, ...snapshot.examples);
    this.files.splice(0, this.files.length, ...snapshot.files);
  }
}

/** A uniqueness check over one column or a tuple of columns, bounded in memory. */
class UniqueCheck {
  readonly seen: DistinctSet;
  /** Rows checked before the set filled up; undefined while it has room. */
  checkedRows: number | undefined;
  rows = 0;

  constructor(
    readonly tally: Tally,
    limit: number,
  ) {
    this.seen = new DistinctSet(limit);
  }

  add(
    key: string,
    shownAt: (r: number) => unknown,
    placeOf: (r: number) => RowPlace,
    r: number,
    row: number,
    fileIndex: number,
    fileNames: readonly string[],
  ): void {
    if (this.checkedRows !== undefined) return;
    const found = this.seen.add(key, fileIndex, row);
    if (found === "full") {
      this.checkedRows = this.rows;
      return;
    }
    this.rows += 1;
    if (found === "added") return;
    this.tally.hit(() => ({
      ...placeOf(r),
      value: showValue(shownAt(r)),
      duplicate_of: { file: fileNames[found.file] as string, row: found.row },
    }));
  }
}

interface ColumnState {
  readonly contract: ColumnContract;
  readonly rule: Partial<Record<ContractRule, Tally>>;
  readonly regex: RegExp | undefined;
  readonly members: ReadonlySet<EnumMember> | undefined;
  readonly unique: UniqueCheck | undefined;
  /** Rows of the files that have the column, for the null rate. */
  rows: number;
  nulls: number;
  readonly nullExamples: ViolationExample[];
  present: boolean;
  /** Whether this check reads the column's cells (see ContractCheckOptions.ownColumns). */
  readonly owned: boolean;
}

interface TableRuleState {
  readonly rule: TableRule;
  readonly tally: Tally;
  readonly unique: UniqueCheck | undefined;
  applies: boolean;
  readonly owned: boolean;
}

/**
 * Checks a dataset against a contract as its batches stream by, collecting every violation
 * (not stopping at the first) in memory that does not grow with the data: counts, a few examples
 * per rule, and the bounded sets behind `unique`. Feed it `beginFile` for each file's header,
 * then that file's batches in order, then call `finish`. Rule semantics: `docs/contracts.md`.
 */
export class ContractCheck {
  private readonly maxExamples: number;
  private readonly uniqueLimit: number;
  private readonly columns: ColumnState[];
  private readonly byName: Map<string, ColumnState>;
  private readonly tableRules: TableRuleState[];
  private readonly extraColumns = new Map<string, Tally>();
  private readonly fileNames: string[] = [];
  private readonly fileRows: number[] = [];
  private reading: CellReading | undefined;
  private currentFile = "";
  private readonly nullValues: ReadonlySet<string>;

  constructor(
    readonly contract: DataContract,
    options: ContractCheckOptions = {},
  ) {
    this.maxExamples = options.maxExamples ?? DEFAULT_MAX_EXAMPLES;
    this.uniqueLimit = options.uniqueLimit ?? DEFAULT_UNIQUE_LIMIT;
    this.nullValues = new Set(contract.nullValues);
    const own = options.ownColumns === undefined ? undefined : new Set(options.ownColumns);
    const owns = (name: string) => own === undefined || own.has(name);
    this.columns = contract.columns.map((column) => this.columnState(column, owns(column.name)));
    this.byName = new Map(this.columns.map((state) => [state.contract.name, state]));
    this.tableRules = contract.rules.map((rule) => {
      const tally = new Tally(rule.kind, null, rule.severity, rule.at, this.maxExamples);
      const owned = ruleColumns(rule).every(owns);
      return {
        rule,
        tally,
        unique: rule.kind === "unique_together" && owned ? new UniqueCheck(tally, this.uniqueLimit) : undefined,
        applies: false,
        owned,
      };
    });
  }

  /** What this check has counted so far, as plain data (see `combine`). */
  part(): ContractCheckPart {
    const columns: Record<string, ColumnCheckSnapshot> = {};
    const required: Record<string, TallySnapshot> = {};
    for (const state of this.columns) {
      const name = state.contract.name;
      if (state.rule.required) required[name] = state.rule.required.snapshot();
      if (!state.owned) continue;
      const rules: Partial<Record<ContractRule, TallySnapshot>> = {};
      for (const [rule, tally] of Object.entries(state.rule) as [ContractRule, Tally][]) {
        if (rule !== "required") rules[rule] = tally.snapshot();
      }
      columns[name] = {
        rules,
        rows: state.rows,
        nulls: state.nulls,
        nullExamples: [...state.nullExamples],
        uniqueCheckedRows: state.unique?.checkedRows,
      };
    }
    return {
      fileNames: [...this.fileNames],
      fileRows: [...this.fileRows],
      columns,
      required,
      extraColumns: [...this.extraColumns].map(([name, tally]) => [name, tally.snapshot()] as const),
      tableRules: this.tableRules.map((state) =>
        state.owned ? { tally: state.tally.snapshot(), uniqueCheckedRows: state.unique?.checkedRows } : null,
      ),
    };
  }

  /**
   * The check that read every column, rebuilt from parts that read disjoint columns of the same
   * files: each column's counts come from the part that owns it, what every part saw alike (the
   * files, their rows, missing and extra columns) from the first.
   */
  static combine(
    contract: DataContract,
    parts: readonly ContractCheckPart[],
    options: ContractCheckOptions = {},
  ): ContractCheck {
    const { ownColumns: _all, ...rest } = options;
    const check = new ContractCheck(contract, rest);
    const first = parts[0];
    if (first === undefined) return check;
    check.fileNames.push(...first.fileNames);
    check.fileRows.push(...first.fileRows);
    for (const [name, snapshot] of first.extraColumns) {
      const setting = contract.additionalColumns;
      const tally = new Tally("additional_columns", name, setting.severity, setting.at, check.maxExamples);
      tally.restore(snapshot);
      check.extraColumns.set(name, tally);
    }
    for (const state of check.columns) {
      const name = state.contract.name;
      const required = first.required[name];
      if (required) state.rule.required?.restore(required);
      const owner = parts.find((part) => part.columns[name] !== undefined)?.columns[name];
      if (owner === undefined) continue;
      for (const [rule, snapshot] of Object.entries(owner.rules) as [ContractRule, TallySnapshot][]) {
        state.rule[rule]?.restore(snapshot);
      }
      state.rows = owner.rows;
      state.nulls = owner.nulls;
      state.nullExamples.push(...owner.nullExamples);
      if (state.unique) state.unique.checkedRows = owner.uniqueCheckedRows;
    }
    check.tableRules.forEach((state, index) => {
      const owner = parts.find((part) => part.tableRules[index] != null)?.tableRules[index];
      if (!owner) return;
      state.tally.restore(owner.tally);
      if (state.unique) state.unique.checkedRows = owner.uniqueCheckedRows;
    });
    return check;
  }

  private tally(column: string, rule: ContractRule, setting: RuleSetting<unknown>): Tally {
    return new Tally(rule, column, setting.severity, setting.at, this.maxExamples);
  }

  private columnState(column: ColumnContract, owned: boolean): ColumnState {
    const rule: Partial<Record<ContractRule, Tally>> = {
      required: this.tally(column.name, "required", column.required),
      type: this.tally(column.name, "type", column.type),
      nullable: this.tally(column.name, "nullable", column.nullable),
    };
    if (column.maxNullRate) rule.max_null_rate = this.tally(column.name, "max_null_rate", column.maxNullRate);
    if (column.min) rule.min = this.tally(column.name, "min", column.min);
    if (column.max) rule.max = this.tally(column.name, "max", column.max);
    if (column.enum) rule.enum = this.tally(column.name, "enum", column.enum);
    if (column.regex) rule.regex = this.tally(column.name, "regex", column.regex);
    if (column.unique?.value) rule.unique = this.tally(column.name, "unique", column.unique);
    return {
      contract: column,
      rule,
      // Anchored: the whole value must match (docs/contracts.md#regex).
      regex: column.regex ? new RegExp(`^(?:${column.regex.value})$`, "u") : undefined,
      members: column.enum ? new Set(column.enum.value) : undefined,
      unique: rule.unique && owned ? new UniqueCheck(rule.unique, this.uniqueLimit) : undefined,
      rows: 0,
      nulls: 0,
      nullExamples: [],
      present: false,
      owned,
    };
  }

  /** Starts a file: checks which columns it has. */
  beginFile(header: TableHeader): void {
    this.currentFile = header.file;
    this.fileNames.push(header.file);
    this.fileRows.push(0);
    this.reading = { format: header.format, nullValues: this.nullValues };
    const names = new Set(header.columns);
    for (const state of this.columns) {
      state.present = names.has(state.contract.name);
      if (!state.present && state.contract.required.value) state.rule.required?.hitFile(header.file);
    }
    if (!this.contract.additionalColumns.value) {
      for (const name of header.columns) {
        if (this.byName.has(name)) continue;
        let tally = this.extraColumns.get(name);
        if (!tally) {
          const setting = this.contract.additionalColumns;
          tally = new Tally("additional_columns", name, setting.severity, setting.at, this.maxExamples);
          this.extraColumns.set(name, tally);
        }
        tally.hitFile(header.file);
      }
    }
    for (const state of this.tableRules) {
      state.applies = ruleColumns(state.rule).every((name) => names.has(name));
    }
  }

  /** Checks one batch of the current file's rows. */
  addBatch(batch: TableBatch): void {
    const reading = this.reading;
    if (reading === undefined) throw new Error("ContractCheck.addBatch called before beginFile");
    const fileIndex = this.fileNames.length - 1;
    this.fileRows[fileIndex] = (this.fileRows[fileIndex] ?? 0) + batch.length;
    const file = this.currentFile;
    const jsonl = reading.format === "jsonl";
    const placeOf = (r: number): RowPlace => {
      const row = batch.rowStart + r + 1;
      return jsonl ? { file, row, line: batch.locate(r).line as number } : { file, row };
    };
    for (const state of this.columns) {
      if (state.present && state.owned) this.checkColumn(state, batch, reading, placeOf, fileIndex);
    }
    for (const state of this.tableRules) {
      if (!state.applies || !state.owned) continue;
      if (state.rule.kind === "compare") this.checkCompare(state.rule, state.tally, batch, reading, placeOf);
      else this.checkUniqueTogether(state.rule, state.unique as UniqueCheck, batch, reading, placeOf, fileIndex);
    }
  }

  private checkColumn(
    state: ColumnState,
    batch: TableBatch,
    reading: CellReading,
    placeOf: (r: number) => RowPlace,
    fileIndex: number,
  ): void {
    const cells = batch.column(state.contract.name);
    if (cells === undefined) return;
    const { contract, rule, regex, members, unique } = state;
    const type = contract.type.value;
    const min = contract.min?.value.value;
    const max = contract.max?.value.value;
    const nullable = contract.nullable.value;
    state.rows += batch.length;
    const shownAt = (r: number) => cells[r];
    for (let r = 0; r < batch.length; r += 1) {
      const raw = cells[r];
      const value = parseCell(type, raw, reading);
      if (value === MISSING) {
        state.nulls += 1;
        if (!nullable) rule.nullable?.hitCell(placeOf, r, null);
        else if (state.nullExamples.length < this.maxExamples) state.nullExamples.push({ ...placeOf(r), value: null });
        continue;
      }
      if (value === INVALID) {
        rule.type?.hitCell(placeOf, r, raw);
        continue;
      }
      if (min !== undefined && (value as number) < min) rule.min?.hitCell(placeOf, r, raw);
      if (max !== undefined && (value as number) > max) rule.max?.hitCell(placeOf, r, raw);
      if (members !== undefined && !members.has(value as EnumMember)) rule.enum?.hitCell(placeOf, r, raw);
      if (regex !== undefined && !regex.test(value as string)) rule.regex?.hitCell(placeOf, r, raw);
      if (unique !== undefined) {
        unique.add(uniqueKey(type, value, raw), shownAt, placeOf, r, batch.rowStart + r + 1, fileIndex, this.fileNames);
      }
    }
  }

  private parsedColumn(name: string, batch: TableBatch, reading: CellReading): ((r: number) => ParsedCell) | undefined {
    const state = this.byName.get(name) as ColumnState;
    const cells = batch.column(name);
    if (cells === undefined) return undefined;
    const type = state.contract.type.value;
    return (r) => parseCell(type, cells[r], reading);
  }

  private checkCompare(
    rule: CompareRule,
    tally: Tally,
    batch: TableBatch,
    reading: CellReading,
    placeOf: (r: number) => RowPlace,
  ): void {
    const left = this.parsedColumn(rule.left, batch, reading);
    const right = this.parsedColumn(rule.right, batch, reading);
    if (!left || !right) return;
    const leftCells = batch.column(rule.left) as ArrayLike<unknown>;
    const rightCells = batch.column(rule.right) as ArrayLike<unknown>;
    for (let r = 0; r < batch.length; r += 1) {
      const a = left(r);
      const b = right(r);
      if (a === MISSING || a === INVALID || b === MISSING || b === INVALID) continue;
      if (holds(a, rule.operator, b)) continue;
      tally.hit(() => ({
        ...placeOf(r),
        value: `${rule.left}=${String(showValue(leftCells[r]))}, ${rule.right}=${String(showValue(rightCells[r]))}`,
      }));
    }
  }

  private checkUniqueTogether(
    rule: UniqueTogetherRule,
    unique: UniqueCheck,
    batch: TableBatch,
    reading: CellReading,
    placeOf: (r: number) => RowPlace,
    fileIndex: number,
  ): void {
    const parsed = rule.columns.map((name) => this.parsedColumn(name, batch, reading));
    const raws = rule.columns.map((name) => batch.column(name));
    if (parsed.some((p) => p === undefined)) return;
    const types = rule.columns.map((name) => (this.byName.get(name) as ColumnState).contract.type.value);
    const shownAt = (r: number) =>
      rule.columns.map((name, c) => `${name}=${String(showValue((raws[c] as ArrayLike<unknown>)[r]))}`).join(", ");
    rowLoop: for (let r = 0; r < batch.length; r += 1) {
      let key = "";
      for (let c = 0; c < parsed.length; c += 1) {
        const value = (parsed[c] as (r: number) => ParsedCell)(r);
        if (value === MISSING || value === INVALID) continue rowLoop;
        const raw = (raws[c] as ArrayLike<unknown>)[r];
        const part = uniqueKey(types[c]!, value, raw);
        // Length-prefixed, so ("a,b", "c") and ("a", "b,c") stay apart.
        key += `${part.length}:${part};`;
      }
      unique.add(key, shownAt, placeOf, r, batch.rowStart + r + 1, fileIndex, this.fileNames);
    }
  }

  /** The verdict over every file fed so far. */
  finish(): ContractCheckResult {
    const rows = this.fileRows.reduce((sum, n) => sum + n, 0);
    const violations: Violation[] = [];
    const notes: string[] = [];
    const { minRows, maxRows } = this.contract;
    if (minRows && rows < minRows.value) {
      violations.push(
        tableViolation(
          "min_rows",
          minRows,
          1,
          rows,
          `the dataset has ${plural(rows, "row")}; expected at least ${minRows.value}`,
        ),
      );
    }
    if (maxRows && rows > maxRows.value) {
      violations.push(
        tableViolation(
          "max_rows",
          maxRows,
          1,
          rows,
          `the dataset has ${plural(rows, "row")}; expected at most ${maxRows.value}`,
        ),
      );
    }
    for (const state of this.columns) {
      const { contract, rule } = state;
      const name = contract.name;
      const push = (tally: Tally | undefined, message: (count: number) => string, extra: Partial<Violation> = {}) => {
        if (tally && tally.count > 0) violations.push(fromTally(tally, message(tally.count), extra));
      };
      push(rule.required, (n) => `column "${name}" is missing from ${plural(n, "file")}`, {});
      push(
        rule.type,
        (n) => `${plural(n, "value")} of "${name}" ${n === 1 ? "is" : "are"} not ${article(contract.type.value)}`,
      );
      push(rule.nullable, (n) => `"${name}" is missing in ${plural(n, "row")}; expected no missing values`);
      const maxRate = contract.maxNullRate;
      if (maxRate && state.rows > 0 && state.nulls / state.rows > maxRate.value) {
        const rate = state.nulls / state.rows;
        violations.push({
          rule: "max_null_rate",
          column: name,
          count: state.nulls,
          examples: state.nullExamples,
          severity: maxRate.severity,
          message: `"${name}" is missing in ${plural(state.nulls, "row")} of ${state.rows} (${percent(rate)}); expected at most ${percent(maxRate.value)}`,
          contract_line: maxRate.at.line,
          contract_column: maxRate.at.column,
          observed: rate,
        });
      }
      push(
        rule.min,
        (n) => `${plural(n, "value")} of "${name}" ${n === 1 ? "is" : "are"} below min ${contract.min?.value.text}`,
      );
      push(
        rule.max,
        (n) => `${plural(n, "value")} of "${name}" ${n === 1 ? "is" : "are"} above max ${contract.max?.value.text}`,
      );
      push(
        rule.enum,
        (n) => `${plural(n, "value")} of "${name}" ${n === 1 ? "is" : "are"} not in the enum (${enumText(contract)})`,
      );
      push(
        rule.regex,
        (n) => `${plural(n, "value")} of "${name}" ${n === 1 ? "does" : "do"} not match ${contract.regex?.value}`,
      );
      push(rule.unique, (n) => `"${name}" repeats a value in ${plural(n, "row")}; expected unique values`);
      if (state.unique?.checkedRows !== undefined) {
        notes.push(
          `uniqueness of "${name}" checked on the first ${state.unique.checkedRows.toLocaleString("en-US")} rows only`,
        );
      }
    }
    for (const tally of this.extraColumns.values()) {
      violations.push(
        fromTally(
          tally,
          `column "${tally.column}" is not in the contract (${plural(tally.count, "file")}); expected only the contract's columns (additional_columns: false)`,
        ),
      );
    }
    for (const state of this.tableRules) {
      const { rule, tally } = state;
      if (rule.kind === "compare" && tally.count > 0) {
        violations.push(fromTally(tally, `${plural(tally.count, "row")} break ${rule.expression}`));
      }
      if (rule.kind === "unique_together") {
        const names = rule.columns.join(", ");
        if (tally.count > 0)
          violations.push(
            fromTally(tally, `(${names}) repeats in ${plural(tally.count, "row")}; expected unique combinations`),
          );
        if (state.unique?.checkedRows !== undefined) {
          notes.push(
            `uniqueness of (${names}) checked on the first ${state.unique.checkedRows.toLocaleString("en-US")} rows only`,
          );
        }
      }
    }
    return {
      result: overallResult(violations),
      rows,
      files: this.fileNames.map((file, i) => ({ file, rows: this.fileRows[i] ?? 0 })),
      violations,
      notes,
    };
  }
}

/** The columns a table rule reads. */
export function ruleColumns(rule: TableRule): readonly string[] {
  return rule.kind === "compare" ? [rule.left, rule.right] : rule.columns;
}

function holds(a: number | string | boolean, operator: CompareRule["operator"], b: number | string | boolean): boolean {
  switch (operator) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "==":
      return a === b;
    case "!=":
      return a !== b;
  }
}

function fromTally(tally: Tally, message: string, extra: Partial<Violation> = {}): Violation {
  return {
    rule: tally.rule,
    column: tally.column,
    count: tally.count,
    examples: tally.examples,
    severity: tally.severity,
    message,
    contract_line: tally.at.line,
    contract_column: tally.at.column,
    ...(tally.files.length > 0 ? { files: tally.files } : {}),
    ...extra,
  };
}

function tableViolation(
  rule: "min_rows" | "max_rows",
  setting: RuleSetting<number>,
  count: number,
  observed: number,
  message: string,
): Violation {
  return {
    rule,
    column: null,
    count,
    examples: [],
    severity: setting.severity,
    message,
    contract_line: setting.at.line,
    contract_column: setting.at.column,
    observed,
  };
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function percent(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))}%`;
}

function enumText(contract: ColumnContract): string {
  const members = contract.enum?.value ?? [];
  const shown = members.slice(0, 10).map((m) => JSON.stringify(m));
  return members.length > 10 ? `${shown.join(", ")}, … ${members.length - 10} more` : shown.join(", ");
}
