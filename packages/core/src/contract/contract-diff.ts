import type { ColumnContract, ColumnType, DataContract, EnumMember, Severity, TableRule } from "./data-contract.js";

/**
 * How a rule moved between two contracts. `loosened`: some data that failed before now passes;
 * `tightened`: the reverse; `changed`: neither contains the other (a new regex, an enum that
 * gains and loses values).
 */
export type ContractChangeKind = "added" | "removed" | "loosened" | "tightened" | "changed";

export interface ContractChange {
  readonly kind: ContractChangeKind;
  /** The rule's key as written in the contract (`max_null_rate`, `enum`, `column`, `compare`...). */
  readonly rule: string;
  /** The column, or null for a dataset-level rule. */
  readonly column: string | null;
  readonly before: unknown;
  readonly after: unknown;
  /** One line for a reviewer, e.g. `max_null_rate of "age" loosened: 0.01 → 0.05`. */
  readonly description: string;
}

/** Types each type's values also parse as: a wider type accepts everything a narrower one does. */
const WIDER: Readonly<Record<ColumnType, readonly ColumnType[]>> = {
  integer: ["number", "string"],
  number: ["string"],
  boolean: ["string"],
  date: ["datetime", "string"],
  datetime: ["string"],
  string: [],
};

/** Every rule added, removed, loosened, tightened or changed from `before` to `after`. */
export function diffContracts(before: DataContract, after: DataContract): ContractChange[] {
  const changes: ContractChange[] = [];
  const add = (change: Omit<ContractChange, "description">, description: string) =>
    changes.push({ ...change, description });
  const scalar = (
    rule: string,
    column: string | null,
    a: unknown,
    b: unknown,
    looser: (a: never, b: never) => boolean,
  ) => {
    const change = compareValues(rule, column, a, b, looser);
    if (change) changes.push(change);
  };

  scalar("min_rows", null, before.minRows?.value, after.minRows?.value, (a: number, b: number) => b < a);
  scalar("max_rows", null, before.maxRows?.value, after.maxRows?.value, (a: number, b: number) => b > a);
  scalar(
    "additional_columns",
    null,
    before.additionalColumns.value,
    after.additionalColumns.value,
    (_a: boolean, b: boolean) => b,
  );
  const nulls = (values: readonly string[]) => [...values].sort();
  setChange("null_values", null, nulls(before.nullValues), nulls(after.nullValues), changes, false);

  const afterColumns = new Map(after.columns.map((c) => [c.name, c]));
  const beforeColumns = new Map(before.columns.map((c) => [c.name, c]));
  for (const column of before.columns) {
    if (!afterColumns.has(column.name)) {
      add(
        { kind: "removed", rule: "column", column: column.name, before: column.type.value, after: undefined },
        `column "${column.name}" removed from the contract`,
      );
    }
  }
  for (const column of after.columns) {
    const old = beforeColumns.get(column.name);
    if (!old) {
      add(
        { kind: "added", rule: "column", column: column.name, before: undefined, after: column.type.value },
        `column "${column.name}" added (${column.type.value}${column.required.value ? ", required" : ""})`,
      );
      continue;
    }
    diffColumn(old, column, changes, scalar);
  }

  const key = (rule: TableRule) =>
    rule.kind === "compare"
      ? `compare ${rule.left} ${rule.operator} ${rule.right}`
      : `unique_together ${rule.columns.join(", ")}`;
  const beforeRules = new Map(before.rules.map((r) => [key(r), r]));
  const afterRules = new Map(after.rules.map((r) => [key(r), r]));
  for (const [name, rule] of beforeRules) {
    if (!afterRules.has(name)) {
      add({ kind: "removed", rule: rule.kind, column: null, before: name, after: undefined }, `rule ${name} removed`);
    }
  }
  for (const [name, rule] of afterRules) {
    const old = beforeRules.get(name);
    if (!old)
      add({ kind: "added", rule: rule.kind, column: null, before: undefined, after: name }, `rule ${name} added`);
    else scalar(`${rule.kind} severity`, null, old.severity, rule.severity, severityLooser);
  }
  scalar("drift.share", null, before.drift?.share, after.drift?.share, (a: number, b: number) => b > a);
  return changes;
}

const severityLooser = (a: Severity, b: Severity) => a === "fail" && b === "warn";

type Scalar = (
  rule: string,
  column: string | null,
  a: unknown,
  b: unknown,
  looser: (a: never, b: never) => boolean,
) => void;

function diffColumn(old: ColumnContract, now: ColumnContract, changes: ContractChange[], scalar: Scalar): void {
  const name = now.name;
  const a = old.type.value;
  const b = now.type.value;
  if (a !== b) {
    const kind = WIDER[a].includes(b) ? "loosened" : WIDER[b].includes(a) ? "tightened" : "changed";
    changes.push({
      kind,
      rule: "type",
      column: name,
      before: a,
      after: b,
      description: `type of "${name}" ${kind}: ${a} → ${b}`,
    });
  }
  scalar("required", name, old.required.value, now.required.value, (_x: boolean, y: boolean) => !y);
  // A column's null policy as the largest null rate it allows: nullable: false is 0, no rule is 1.
  const nullRate = (c: ColumnContract) => (!c.nullable.value ? 0 : (c.maxNullRate?.value ?? 1));
  const ra = nullRate(old);
  const rb = nullRate(now);
  if (ra !== rb) {
    const kind = rb > ra ? "loosened" : "tightened";
    const describe = (c: ColumnContract) =>
      !c.nullable.value ? "nullable: false" : c.maxNullRate ? `max_null_rate ${c.maxNullRate.value}` : "any nulls";
    const rule = old.maxNullRate && now.maxNullRate ? "max_null_rate" : "nullable";
    changes.push({
      kind,
      rule,
      column: name,
      before: ra,
      after: rb,
      description: `${rule} of "${name}" ${kind}: ${describe(old)} → ${describe(now)}`,
    });
  }
  for (const bound of ["min", "max"] as const) {
    const x = old[bound]?.value;
    const y = now[bound]?.value;
    const change = compareValues(bound, name, x?.value, y?.value, (p: number, q: number) =>
      bound === "min" ? q < p : q > p,
    );
    // Shown as written, so dates read as dates rather than milliseconds.
    if (change)
      changes.push({ ...change, before: x?.text, after: y?.text, description: boundText(change, x?.text, y?.text) });
  }
  setChange("enum", name, old.enum?.value, now.enum?.value, changes, true);
  const ga = old.regex?.value;
  const gb = now.regex?.value;
  if (ga !== gb) {
    const kind = ga === undefined ? "added" : gb === undefined ? "removed" : "changed";
    changes.push({
      kind,
      rule: "regex",
      column: name,
      before: ga,
      after: gb,
      description: `regex of "${name}" ${kind}${kind === "changed" ? `: ${ga} → ${gb}` : `: ${ga ?? gb}`}`,
    });
  }
  scalar(
    "unique",
    name,
    old.unique?.value === true ? true : undefined,
    now.unique?.value === true ? true : undefined,
    () => false,
  );
  const da = old.drift;
  const db = now.drift;
  if (da && db && da.method !== db.method) {
    changes.push({
      kind: "changed",
      rule: "drift.method",
      column: name,
      before: da.method,
      after: db.method,
      description: `drift method of "${name}" changed: ${da.method} → ${db.method}`,
    });
  } else {
    // ks and chi2 thresholds are p-values (drift below them), the others distances (drift above).
    const pValue = (da ?? db)?.method === "ks" || (da ?? db)?.method === "chi2";
    scalar("drift.threshold", name, da?.threshold, db?.threshold, (x: number, y: number) => (pValue ? y < x : y > x));
  }
  for (const rule of ["type", "nullable", "max_null_rate", "min", "max", "enum", "regex", "unique"] as const) {
    const sa = ruleSeverity(old, rule);
    const sb = ruleSeverity(now, rule);
    if (sa && sb && sa !== sb) {
      const kind = severityLooser(sa, sb) ? "loosened" : "tightened";
      changes.push({
        kind,
        rule: `${rule} severity`,
        column: name,
        before: sa,
        after: sb,
        description: `${rule} of "${name}" ${kind}: severity ${sa} → ${sb}`,
      });
    }
  }
}

function boundText(change: ContractChange, a: unknown, b: unknown): string {
  const what = `${change.rule} of "${change.column}"`;
  if (change.kind === "added") return `${what} added: ${String(b)}`;
  if (change.kind === "removed") return `${what} removed (was ${String(a)})`;
  return `${what} ${change.kind}: ${String(a)} → ${String(b)}`;
}

function ruleSeverity(column: ColumnContract, rule: string): Severity | undefined {
  switch (rule) {
    case "type":
      return column.type.severity;
    case "nullable":
      return column.nullable.value ? undefined : column.nullable.severity;
    case "max_null_rate":
      return column.maxNullRate?.severity;
    case "min":
      return column.min?.severity;
    case "max":
      return column.max?.severity;
    case "enum":
      return column.enum?.severity;
    case "regex":
      return column.regex?.severity;
    case "unique":
      return column.unique?.value ? column.unique.severity : undefined;
    default:
      return undefined;
  }
}

function compareValues(
  rule: string,
  column: string | null,
  a: unknown,
  b: unknown,
  looser: (a: never, b: never) => boolean,
): ContractChange | undefined {
  if (a === b) return undefined;
  const what = column === null ? rule : `${rule} of "${column}"`;
  if (a === undefined)
    return { kind: "added", rule, column, before: a, after: b, description: `${what} added: ${String(b)}` };
  if (b === undefined) {
    return { kind: "removed", rule, column, before: a, after: b, description: `${what} removed (was ${String(a)})` };
  }
  const kind = looser(a as never, b as never) ? "loosened" : "tightened";
  return { kind, rule, column, before: a, after: b, description: `${what} ${kind}: ${String(a)} → ${String(b)}` };
}

/**
 * A change of a set of allowed values: a superset loosens, a subset tightens. For `null_values`
 * (`allowList` false) more members mean more cells read as missing, which is neither.
 */
function setChange(
  rule: string,
  column: string | null,
  a: readonly EnumMember[] | undefined,
  b: readonly EnumMember[] | undefined,
  changes: ContractChange[],
  allowList: boolean,
): void {
  const what = column === null ? rule : `${rule} of "${column}"`;
  const show = (values: readonly EnumMember[]) => `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
  if (a === undefined && b === undefined) return;
  if (a === undefined || b === undefined) {
    const kind = a === undefined ? "added" : "removed";
    changes.push({ kind, rule, column, before: a, after: b, description: `${what} ${kind}: ${show((a ?? b)!)}` });
    return;
  }
  const sa = new Set(a);
  const sb = new Set(b);
  const gained = b.filter((v) => !sa.has(v));
  const lost = a.filter((v) => !sb.has(v));
  if (gained.length === 0 && lost.length === 0) return;
  if (allowList && (gained.length === 0 || lost.length === 0)) {
    const kind = gained.length > 0 ? "loosened" : "tightened";
    const detail = gained.length > 0 ? `gains ${show(gained)}` : `loses ${show(lost)}`;
    changes.push({ kind, rule, column, before: a, after: b, description: `${what} ${kind}: ${detail}` });
    return;
  }
  const parts = [gained.length > 0 ? `gains ${show(gained)}` : "", lost.length > 0 ? `loses ${show(lost)}` : ""];
  changes.push({
    kind: "changed",
    rule,
    column,
    before: a,
    after: b,
    description: `${what} changed: ${parts.filter(Boolean).join(", ")}`,
  });
}
