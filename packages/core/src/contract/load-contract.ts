import { readFile } from "node:fs/promises";
import { Ajv, type ValidateFunction } from "ajv";
import schema from "../../schema/contract.schema.json";
import { InputError } from "../errors/input-error.js";
import { decodeUtf8File } from "../tabular/utf8-text.js";
import { didYouMean } from "../yaml/did-you-mean.js";
import type { PositionedYaml } from "../yaml/positioned-yaml.js";
import { checkYamlAgainstSchema } from "../yaml/schema-checked-yaml.js";
import { describePath } from "../yaml/schema-problems.js";
import { contractValue } from "./cell-parsing.js";
import {
  type Bound,
  COMPARISON_OPERATORS,
  type ColumnContract,
  type ColumnType,
  type ComparisonOperator,
  type ContractPosition,
  type DataContract,
  type DriftMethod,
  type EnumMember,
  isNumericType,
  isOrderedType,
  isTimeType,
  type RuleSetting,
  type Severity,
  type TableRule,
} from "./data-contract.js";
import { nestedQuantifier } from "./regex-safety.js";

let compiled: ValidateFunction | undefined;

/** Compiled on first use, so a process that never reads a contract does not pay for it. */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(schema);
  return compiled;
}

type Path = readonly (string | number)[];

/** A rule as written: the value alone, or `{value, severity}`. */
type Written<T> = T | { value: T; severity?: Severity };

interface WrittenColumn {
  type: Written<ColumnType>;
  description?: string;
  severity?: Severity;
  required?: Written<boolean>;
  nullable?: Written<boolean>;
  max_null_rate?: Written<number>;
  min?: Written<number | string>;
  max?: Written<number | string>;
  enum?: Written<EnumMember[]>;
  regex?: Written<string>;
  unique?: Written<boolean>;
  drift?: { method: DriftMethod; threshold: number };
}

interface WrittenContract {
  version?: 1;
  description?: string;
  columns: Record<string, WrittenColumn>;
  additional_columns?: Written<boolean>;
  min_rows?: Written<number>;
  max_rows?: Written<number>;
  null_values?: string[];
  rules?: { unique_together?: string[]; compare?: string; severity?: Severity; description?: string }[];
  drift?: { share: number };
}

const COMPARISON = new RegExp(
  `^\\s*([^\\s<>=!]+)\\s*(${COMPARISON_OPERATORS.map((op) => op.replace(/[<>=!]/g, (c) => `\\${c}`)).join("|")})\\s*([^\\s<>=!]+)\\s*$`,
);

/** Builds the typed contract, collecting every problem the schema cannot express. */
class ContractBuilder {
  readonly problems: InputError[] = [];

  constructor(private readonly doc: PositionedYaml) {}

  position(path: Path): ContractPosition {
    const { line, column } = this.doc.locate(path);
    return { line: line ?? 1, column: column ?? 1 };
  }

  problem(detail: string, path: Path): void {
    this.problems.push(new InputError(detail, this.doc.locate(path)));
  }

  /** A rule that applies whether written or not: `fallback` stands in, located at its parent. */
  defaulted<T>(written: Written<T> | undefined, fallback: T, path: Path, severity: Severity): RuleSetting<T> {
    return (
      this.optional(written, path, severity) ?? { value: fallback, severity, at: this.position(path.slice(0, -1)) }
    );
  }

  optional<T>(written: Written<T> | undefined, path: Path, severity: Severity): RuleSetting<T> | undefined {
    if (written === undefined) return undefined;
    const long = written !== null && typeof written === "object" && !Array.isArray(written) && "value" in written;
    const value = long ? (written as { value: T }).value : (written as T);
    const own = long ? (written as { severity?: Severity }).severity : undefined;
    return { value, severity: own ?? severity, at: this.position(path) };
  }

  column(name: string, written: WrittenColumn): ColumnContract {
    const path = ["columns", name];
    const severity = written.severity ?? "fail";
    const at = (key: string) => [...path, key];
    const type = this.optional(written.type, at("type"), severity) as RuleSetting<ColumnType>;
    const required = this.defaulted(written.required, true, at("required"), severity);
    const nullable = this.defaulted(written.nullable, true, at("nullable"), severity);
    const maxNullRate = this.optional(written.max_null_rate, at("max_null_rate"), severity);
    const min = this.bound(type.value, written.min, at("min"), severity);
    const max = this.bound(type.value, written.max, at("max"), severity);
    const members = this.optional(written.enum, at("enum"), severity);
    const regex = this.optional(written.regex, at("regex"), severity);
    const unique = this.optional(written.unique, at("unique"), severity);

    if (written.nullable !== undefined && !nullable.value && maxNullRate !== undefined) {
      this.problem(
        `columns.${name} sets both nullable: false and max_null_rate; expected one of them (nullable: false means a rate of 0)`,
        at("max_null_rate"),
      );
    }
    if (min && max && min.value.value > max.value.value) {
      this.problem(
        `columns.${name} has min ${min.value.text} above max ${max.value.text}; expected min <= max`,
        at("min"),
      );
    }
    if (members) this.checkEnum(name, type.value, members.value, at("enum"));
    if (regex) this.checkRegex(name, type.value, regex.value, at("regex"));
    if (written.drift && (written.drift.method === "ks" || written.drift.method === "wasserstein")) {
      if (!isNumericType(type.value)) {
        this.problem(
          `columns.${name}.drift.method ${written.drift.method} needs a numeric column, but the column is ${type.value}; expected psi, jensen_shannon, linf or chi2`,
          [...at("drift"), "method"],
        );
      }
    }
    return {
      name,
      at: this.position(path),
      ...(written.description === undefined ? {} : { description: written.description }),
      type,
      required,
      nullable,
      ...(maxNullRate ? { maxNullRate } : {}),
      ...(min ? { min } : {}),
      ...(max ? { max } : {}),
      ...(members ? { enum: members } : {}),
      ...(regex ? { regex } : {}),
      ...(unique ? { unique } : {}),
      ...(written.drift
        ? {
            drift: { method: written.drift.method, threshold: written.drift.threshold, at: this.position(at("drift")) },
          }
        : {}),
    };
  }

  bound(
    type: ColumnType,
    written: Written<number | string> | undefined,
    path: Path,
    severity: Severity,
  ): RuleSetting<Bound> | undefined {
    const setting = this.optional(written, path, severity);
    if (setting === undefined) return undefined;
    if (!isNumericType(type) && !isTimeType(type)) {
      this.problem(`${describePath(path)} applies to integer, number, date and datetime columns, not ${type}`, path);
      return undefined;
    }
    const value = contractValue(type, setting.value);
    if (typeof value !== "number") {
      const expected = isTimeType(type)
        ? type === "date"
          ? "an ISO date such as 2024-01-31"
          : "an ISO date-time such as 2024-01-31T12:00:00Z"
        : type === "integer"
          ? "an integer"
          : "a number";
      this.problem(
        `${describePath(path)} is ${JSON.stringify(setting.value)}; expected ${expected} for a ${type} column`,
        path,
      );
      return undefined;
    }
    return { ...setting, value: { text: setting.value, value } };
  }

  checkEnum(name: string, type: ColumnType, members: readonly EnumMember[], path: Path): void {
    if (type === "boolean" || isTimeType(type)) {
      this.problem(`columns.${name}.enum applies to string, integer and number columns, not ${type}`, path);
      return;
    }
    const seen = new Set<EnumMember>();
    members.forEach((member, i) => {
      if (contractValue(type, member) === undefined) {
        this.problem(
          `columns.${name}.enum[${i}] is ${JSON.stringify(member)}; expected ${type === "string" ? "a string" : `a${type === "integer" ? "n integer" : " number"}`} like the column`,
          [...path, i],
        );
      } else if (seen.has(member)) {
        this.problem(`columns.${name}.enum lists ${JSON.stringify(member)} twice; expected distinct values`, [
          ...path,
          i,
        ]);
      }
      seen.add(member);
    });
  }

  checkRegex(name: string, type: ColumnType, pattern: string, path: Path): void {
    if (type !== "string") {
      this.problem(`columns.${name}.regex applies to string columns, not ${type}`, path);
      return;
    }
    try {
      new RegExp(pattern, "u");
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(
        /^Invalid regular expression: /,
        "",
      );
      this.problem(`columns.${name}.regex is not a valid regular expression (${reason.split("\n")[0]})`, path);
      return;
    }
    const nested = nestedQuantifier(pattern);
    if (nested !== undefined) {
      this.problem(
        `columns.${name}.regex repeats the group ${JSON.stringify(nested)}, which itself repeats; expected no nested repetition, which can take exponential time on a non-matching value`,
        path,
      );
    }
  }

  tableRule(
    written: NonNullable<WrittenContract["rules"]>[number],
    index: number,
    columns: ReadonlyMap<string, ColumnContract>,
  ): TableRule | undefined {
    const path = ["rules", index];
    const severity = written.severity ?? "fail";
    const set = [written.unique_together, written.compare].filter((x) => x !== undefined).length;
    if (set !== 1) {
      this.problem(
        `rules[${index}] must set exactly one of unique_together or compare, got ${set === 0 ? "neither" : "both"}`,
        path,
      );
      return undefined;
    }
    const known = (column: string, at: Path): boolean => {
      if (columns.has(column)) return true;
      const suggestion = didYouMean(column, [...columns.keys()]);
      this.problem(
        `${describePath(at)} names the column "${column}", which the contract does not list${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
        at,
      );
      return false;
    };
    if (written.unique_together !== undefined) {
      const at = [...path, "unique_together"];
      const ok = written.unique_together.map((column, i) => known(column, [...at, i])).every(Boolean);
      return ok
        ? { kind: "unique_together", columns: written.unique_together, severity, at: this.position(at) }
        : undefined;
    }
    const expression = written.compare as string;
    const at = [...path, "compare"];
    const match = COMPARISON.exec(expression);
    if (!match) {
      this.problem(
        `rules[${index}].compare is ${JSON.stringify(expression)}; expected "column OP column" with OP one of ${COMPARISON_OPERATORS.join(" ")}`,
        at,
      );
      return undefined;
    }
    const [, left, operator, right] = match as unknown as [string, string, ComparisonOperator, string];
    if (!known(left, at) || !known(right, at)) return undefined;
    const leftType = columns.get(left)!.type.value;
    const rightType = columns.get(right)!.type.value;
    const family = (type: ColumnType) => (isNumericType(type) ? "number" : isTimeType(type) ? "time" : type);
    if (family(leftType) !== family(rightType)) {
      this.problem(
        `rules[${index}].compare compares ${left} (${leftType}) with ${right} (${rightType}); expected columns of comparable types`,
        at,
      );
      return undefined;
    }
    if (!isOrderedType(leftType) && operator !== "==" && operator !== "!=") {
      this.problem(`rules[${index}].compare orders boolean columns; expected == or != for booleans`, at);
      return undefined;
    }
    return { kind: "compare", left, operator, right, expression: expression.trim(), severity, at: this.position(at) };
  }

  contract(file: string, written: WrittenContract): DataContract {
    const columns = Object.entries(written.columns).map(([name, column]) => this.column(name, column));
    const byName = new Map(columns.map((column) => [column.name, column]));
    const rules = (written.rules ?? []).flatMap((rule, i) => this.tableRule(rule, i, byName) ?? []);
    const minRows = this.optional(written.min_rows, ["min_rows"], "fail");
    const maxRows = this.optional(written.max_rows, ["max_rows"], "fail");
    if (minRows && maxRows && minRows.value > maxRows.value) {
      this.problem(`min_rows ${minRows.value} is above max_rows ${maxRows.value}; expected min_rows <= max_rows`, [
        "min_rows",
      ]);
    }
    return {
      file,
      version: 1,
      ...(written.description === undefined ? {} : { description: written.description }),
      columns,
      additionalColumns: this.defaulted(written.additional_columns, true, ["additional_columns"], "fail"),
      ...(minRows ? { minRows } : {}),
      ...(maxRows ? { maxRows } : {}),
      nullValues: written.null_values ?? [],
      rules,
      ...(written.drift ? { drift: { share: written.drift.share, at: this.position(["drift", "share"]) } } : {}),
    };
  }
}

/** Every problem in a contract's text, each at its line and column; `contract` when there is none. */
export function checkContractText(text: string, file: string): { contract?: DataContract; problems: InputError[] } {
  const checked = checkYamlAgainstSchema(
    text,
    file,
    validator(),
    "the contract is empty; expected a mapping with `columns:`",
  );
  if (!checked.document) return { problems: [...checked.problems] };
  const doc = checked.document;
  const builder = new ContractBuilder(doc);
  const contract = builder.contract(file, doc.value as WrittenContract);
  const problems = builder.problems.sort(
    (a, b) =>
      (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
  return problems.length > 0 ? { problems } : { contract, problems };
}

/** Parses and checks a contract, throwing its first problem as an InputError. */
export function parseContract(text: string, file: string): DataContract {
  const { contract, problems } = checkContractText(text, file);
  if (!contract) throw problems[0] ?? new InputError("is not a valid data contract", { file });
  return contract;
}

/** Reads a `*.contract.yml`; a missing file, invalid UTF-8 or any problem is an InputError. */
export async function readContract(file: string): Promise<DataContract> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT"
        ? "does not exist; expected a data contract (*.contract.yml)"
        : `cannot be read (${code ?? "unknown error"})`,
      { file },
    );
  }
  return parseContract(decodeUtf8File(bytes, file), file);
}
