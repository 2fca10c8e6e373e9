import type { ValidateFunction } from "ajv";
import { InputError } from "../errors/input-error.js";
import { type PositionedYaml, parsePositionedYaml } from "./positioned-yaml.js";
import { schemaProblems } from "./schema-problems.js";

/** A YAML file checked against its JSON Schema: the document when valid, else every problem. */
export type SchemaCheckedYaml =
  | { readonly document: PositionedYaml; readonly problems: readonly [] }
  | { readonly document?: undefined; readonly problems: readonly InputError[] };

/**
 * The first steps every Slipway YAML input shares (`.slipway.yml`, data contracts, gate policy
 * files): parse with positions, refuse an empty document with `emptyMessage`, and validate
 * against the schema, each problem located at its line and column.
 */
export function checkYamlAgainstSchema(
  text: string,
  file: string,
  validate: ValidateFunction,
  emptyMessage: string,
): SchemaCheckedYaml {
  let document: PositionedYaml;
  try {
    document = parsePositionedYaml(text, file);
  } catch (error) {
    if (error instanceof InputError) return { problems: [error] };
    throw error;
  }
  if (document.value === null || document.value === undefined) {
    return { problems: [new InputError(emptyMessage, { file, line: 1, column: 1 })] };
  }
  if (!validate(document.value)) return { problems: schemaProblems(document, validate.errors ?? []) };
  return { document, problems: [] };
}
