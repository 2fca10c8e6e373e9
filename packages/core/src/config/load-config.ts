import { readFile } from "node:fs/promises";
import { Ajv, type ValidateFunction } from "ajv";
import schema from "../../schema/slipway.schema.json";
import { InputError } from "../errors/input-error.js";
import type { PositionedYaml } from "../yaml/positioned-yaml.js";
import { checkYamlAgainstSchema } from "../yaml/schema-checked-yaml.js";
import type { SlipwayConfig } from "./slipway-config.js";

let compiled: ValidateFunction | undefined;

/** Compiled on first use, so a process that never reads a config does not pay for it. */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(schema);
  return compiled;
}

const GATE_CONDITIONS = ["min", "max", "max_drop", "max_drop_pct", "min_gain", "max_gain_pct"] as const;

/** Rules the schema cannot express: unique names, rules that check something. */
function semanticProblems(doc: PositionedYaml): InputError[] {
  const config = doc.value as SlipwayConfig;
  const problems: InputError[] = [];
  const unique = (section: "models" | "data" | "environments") => {
    const seen = new Set<string>();
    (config[section] ?? []).forEach((item, i) => {
      if (seen.has(item.name)) {
        problems.push(
          new InputError(`${section}[${i}].name "${item.name}" is used twice`, doc.locate([section, i, "name"])),
        );
      }
      seen.add(item.name);
    });
  };
  unique("models");
  unique("data");
  unique("environments");
  const checkRules = (rules: SlipwayConfig["gates"], path: (string | number)[]) => {
    (rules ?? []).forEach((rule, i) => {
      if (!GATE_CONDITIONS.some((c) => rule[c] !== undefined)) {
        problems.push(
          new InputError(
            `gate rule for "${rule.metric}" sets no condition; expected at least one of ${GATE_CONDITIONS.join(", ")}`,
            doc.locate([...path, i]),
          ),
        );
      }
      if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) {
        problems.push(
          new InputError(
            `gate rule for "${rule.metric}" has min ${rule.min} above max ${rule.max}`,
            doc.locate([...path, i, "min"]),
          ),
        );
      }
    });
  };
  checkRules(config.gates, ["gates"]);
  (config.models ?? []).forEach((model, i) => {
    checkRules(model.gates, ["models", i, "gates"]);
  });
  return problems;
}

/** Every problem in a `.slipway.yml`, each located at its line and column; empty when valid. */
export function checkConfigText(
  text: string,
  file: string,
): { config?: SlipwayConfig; problems: InputError[]; document?: PositionedYaml } {
  const checked = checkYamlAgainstSchema(
    text,
    file,
    validator(),
    "the configuration is empty; expected a mapping with at least `version: 1`",
  );
  if (!checked.document) return { problems: [...checked.problems] };
  const doc = checked.document;
  const problems = semanticProblems(doc);
  return problems.length > 0 ? { problems } : { config: doc.value as SlipwayConfig, problems, document: doc };
}

/** Parses and validates a configuration, throwing the first problem as an InputError. */
export function parseConfig(text: string, file: string): SlipwayConfig {
  const { config, problems } = checkConfigText(text, file);
  if (!config) throw problems[0] ?? new InputError("invalid configuration", { file });
  return config;
}

export async function readConfigText(file: string, name: string = file): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? "no such file" : `cannot read the file (${code ?? "unknown error"})`, {
      file: name,
    });
  }
}

export async function readConfig(file: string): Promise<SlipwayConfig> {
  return (await readLocatedConfig(file)).config;
}

/** A valid configuration with its positions, so later findings can point at the line they concern. */
export interface LocatedConfig {
  readonly config: SlipwayConfig;
  readonly document: PositionedYaml;
}

/** Reads and validates a configuration, keeping where each key was written; `name` is shown in messages. */
export async function readLocatedConfig(path: string, name: string = path): Promise<LocatedConfig> {
  const { config, problems, document } = checkConfigText(await readConfigText(path, name), name);
  if (!config || !document) throw problems[0] ?? new InputError("invalid configuration", { file: name });
  return { config, document };
}
