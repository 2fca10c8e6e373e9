import type { ErrorObject } from "ajv";
import { InputError } from "../errors/input-error.js";
import { didYouMean } from "./did-you-mean.js";
import type { PositionedYaml } from "./positioned-yaml.js";

type Segment = string | number;

function pathSegments(instancePath: string): Segment[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `gates[0].confidence`, the way a user would name the place in their file. */
export function describePath(path: readonly Segment[]): string {
  let out = "";
  for (const segment of path) {
    out += typeof segment === "number" ? `[${segment}]` : out === "" ? segment : `.${segment}`;
  }
  return out === "" ? "the document" : out;
}

function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "true or false",
  null: "null",
};

/**
 * Turns ajv's errors into one clear, located problem each. Alternatives (`anyOf`) are judged by
 * the branch that matches the value's shape, so a mapping with a typo gets "unknown key", not
 * "must be string".
 */
export function schemaProblems(doc: PositionedYaml, errors: readonly ErrorObject[]): InputError[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const relevant = errors.filter((e) => {
    if (e.keyword === "anyOf") return false;
    // Inside an alternative, a type mismatch only says "this was the other branch".
    for (const p of anyOfPaths) {
      if ((e.instancePath === p || e.instancePath.startsWith(`${p}/`)) && e.keyword === "type") return false;
    }
    return true;
  });
  const chosen = dropMisspelledRequired(relevant.length > 0 ? relevant : errors.filter((e) => e.keyword === "anyOf"));

  const problems: InputError[] = [];
  const seen = new Set<string>();
  for (const error of chosen) {
    const problem = toProblem(doc, error);
    if (!seen.has(problem.message)) {
      seen.add(problem.message);
      problems.push(problem);
    }
  }
  return problems.sort(
    (a, b) =>
      (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
}

/** A missing required key that is present under a misspelled name is one problem, not two. */
function dropMisspelledRequired(errors: readonly ErrorObject[]): ErrorObject[] {
  const misspelled = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== "additionalProperties") continue;
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
    const suggestion = didYouMean(key, allowed);
    if (suggestion) misspelled.add(`${e.instancePath}\u0000${suggestion}`);
  }
  return errors.filter(
    (e) =>
      e.keyword !== "required" ||
      !misspelled.has(`${e.instancePath}\u0000${(e.params as { missingProperty: string }).missingProperty}`),
  );
}

function toProblem(doc: PositionedYaml, error: ErrorObject): InputError {
  const path = pathSegments(error.instancePath);
  const where = describePath(path);
  const value = valueAt(doc.value, path);
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const suggestion = didYouMean(key, allowed);
      const hint = suggestion ? `; did you mean "${suggestion}"?` : `; expected one of: ${allowed.join(", ")}`;
      return new InputError(`unknown key "${key}" in ${where}${hint}`, doc.locateKey(path, key));
    }
    case "required": {
      const key = String((error.params as { missingProperty: string }).missingProperty);
      return new InputError(`${where} is missing the required key "${key}"`, doc.locate(path));
    }
    case "type": {
      const expected = String((error.params as { type: string }).type)
        .split(",")
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(" or ");
      return new InputError(`${where} must be ${expected}, got ${show(value)}`, doc.locate(path));
    }
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => String(v));
      const suggestion = typeof value === "string" ? didYouMean(value, allowed) : undefined;
      const hint = suggestion ? `; did you mean "${suggestion}"?` : "";
      return new InputError(
        `${where} must be one of ${allowed.join(", ")}, got ${show(value)}${hint}`,
        doc.locate(path),
      );
    }
    case "const":
      return new InputError(
        `${where} must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}, got ${show(value)}`,
        doc.locate(path),
      );
    case "pattern":
      return new InputError(
        `${where} must match ${(error.params as { pattern: string }).pattern}, got ${show(value)}`,
        doc.locate(path),
      );
    case "anyOf": {
      const description = (error.parentSchema as { description?: string })?.description;
      return new InputError(
        `${where} has an unexpected form (${show(value)})${description ? `: ${description}` : ""}`,
        doc.locate(path),
      );
    }
    default:
      return new InputError(`${where} ${error.message ?? "is invalid"}, got ${show(value)}`, doc.locate(path));
  }
}
