import { extname } from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { parseDocument } from "yaml";
import { InputError, type SourceLocation } from "../errors/input-error.js";
import { describeJsonSyntaxError, lineColumnAt } from "../tabular/json-syntax-error.js";
import { parsePositionedYaml } from "../yaml/positioned-yaml.js";

/** The text formats a metrics file or an eval report may be written in. */
export type MetricsFormat = "json" | "yaml" | "toml";

const EXTENSIONS: Readonly<Record<string, MetricsFormat>> = {
  ".json": "json",
  ".yaml": "yaml",
  ".yml": "yaml",
  ".toml": "toml",
};

export function metricsFormatFromPath(path: string): MetricsFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}

/** A parsed metrics document and a way back from a key path to where it was written. */
export interface PositionedDocument {
  readonly file: string;
  readonly value: unknown;
  /** Where the key at `path` is written; TOML positions are found by a best-effort search. */
  locate(path: readonly string[]): SourceLocation;
}

/** Parses JSON, YAML or TOML text; a syntax error is an InputError at its line and column. */
export function parseMetricsDocument(text: string, file: string, format: MetricsFormat): PositionedDocument {
  switch (format) {
    case "json":
      return parseJson(text, file);
    case "yaml":
      return parseYaml(text, file);
    case "toml":
      return parseTomlDocument(text, file);
  }
}

/**
 * JSON is parsed strictly by the engine (YAML would accept trailing commas and comments); the
 * same text is then read as YAML 1.2, of which JSON is a subset, only to learn positions.
 */
function parseJson(text: string, file: string): PositionedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem = describeJsonSyntaxError(error, text);
    throw new InputError(`is not valid JSON (${problem.reason}); expected a JSON object`, {
      file,
      ...lineColumnAt(text, problem.offset),
    });
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const duplicate = doc.errors.find((error) => error.code === "DUPLICATE_KEY");
  if (duplicate) {
    throw new InputError("repeats a key in one object; expected each key once", {
      file,
      ...lineColumnAt(text, duplicate.pos[0]),
    });
  }
  let positioned: PositionedDocument | undefined;
  try {
    positioned = parsePositionedYaml(text, file);
  } catch {
    // Valid JSON that YAML cannot read (a key over 1024 characters): positions fall back to the file.
  }
  return { file, value, locate: (path) => positioned?.locate(path) ?? { file } };
}

function parseYaml(text: string, file: string): PositionedDocument {
  try {
    return parsePositionedYaml(text, file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const reason = error.detail.replace(/^invalid YAML:\s*/, "");
    throw new InputError(`is not valid YAML (${reason}); expected a YAML mapping`, error.location);
  }
}

function parseTomlDocument(text: string, file: string): PositionedDocument {
  let value: unknown;
  try {
    value = parseToml(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = (error.message.split("\n")[0] ?? "").replace(/^Invalid TOML document:\s*/, "");
      throw new InputError(`is not valid TOML (${reason}); expected TOML key = value lines`, {
        file,
        line: error.line,
        column: error.column,
      });
    }
    throw error;
  }
  return { file, value, locate: (path) => locateTomlKey(text, file, path) };
}

/**
 * smol-toml does not keep positions, so a key is found by reading the text as TOML is laid out:
 * `[table]` headers set a prefix and `key = value` lines (keys possibly dotted or quoted) add to
 * it. A key written inside an inline table is not found; the file alone is named then.
 */
function locateTomlKey(text: string, file: string, path: readonly string[]): SourceLocation {
  const wanted = path.join(".");
  const lines = text.split("\n");
  let table = "";
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const header = /^\s*\[\[?([^\]]+)\]\]?/.exec(line);
    if (header) {
      table = normalizeTomlKey(header[1] as string);
      if (table === wanted) return { file, line: i + 1, column: line.indexOf("[") + 1 };
      continue;
    }
    const assignment = /^(\s*)([^=#]+?)\s*=/.exec(line);
    if (!assignment) continue;
    const key = normalizeTomlKey(assignment[2] as string);
    if ((table === "" ? key : `${table}.${key}`) === wanted) {
      return { file, line: i + 1, column: (assignment[1] as string).length + 1 };
    }
  }
  return { file };
}

function normalizeTomlKey(key: string): string {
  return key
    .split(".")
    .map((part) =>
      part
        .trim()
        .replace(/^"(.*)"$/, "$1")
        .replace(/^'(.*)'$/, "$1"),
    )
    .join(".");
}
