import { Ajv, type ValidateFunction } from "ajv";
import schema from "../../schema/slipway.schema.json";
import type { GateRuleConfig } from "../config/slipway-config.js";
import { InputError } from "../errors/input-error.js";
import { checkYamlAgainstSchema } from "../yaml/schema-checked-yaml.js";

import { type GatePolicy, gatePolicyFromRules } from "./gate-policy.js";

let compiled: ValidateFunction | undefined;

/** A policy file is `gates:` alone, each rule checked by the same schema as in `.slipway.yml`. */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true })
    .addSchema(schema)
    .compile({
      type: "object",
      additionalProperties: false,
      required: ["gates"],
      properties: { gates: { $ref: `${schema.$id}#/definitions/gates` } },
    });
  return compiled;
}

/**
 * Reads a standalone gate policy (`slipway diff --policy FILE`): YAML with a top-level `gates:`
 * list of rules. Every problem is an InputError at the line and column of the offending key.
 */
export function parsePolicyFile(text: string, file: string): GatePolicy {
  const checked = checkYamlAgainstSchema(
    text,
    file,
    validator(),
    "the policy file is empty; expected a mapping with a `gates:` list of rules",
  );
  if (!checked.document) throw checked.problems[0] ?? new InputError("invalid gate policy", { file });
  const doc = checked.document;
  const rules = (doc.value as { gates: readonly GateRuleConfig[] }).gates;
  return gatePolicyFromRules(rules, (index, key) =>
    key === undefined ? doc.locate(["gates", index]) : doc.locateKey(["gates", index], key),
  );
}
