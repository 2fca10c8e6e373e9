import { resolve } from "node:path";
import { checkConfigText, readConfigText } from "@slipway/core";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-code.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

export const configCheckCommand: Command = {
  path: ["config", "check"],
  summary: "validate .slipway.yml against its schema",
  usage: "config check [FILE] [--json]",
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { json: { type: "boolean" } });
    if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
    const file = positionals[0] ?? ".slipway.yml";
    const text = await readConfigText(resolve(io.cwd, file));
    const { config, problems } = checkConfigText(text, file);
    if (values.json) {
      io.stdout(
        `${JSON.stringify({
          schema: "slipway/config-check@1",
          file,
          valid: problems.length === 0,
          problems: problems.map((p) => ({ message: p.detail, ...p.location })),
        })}\n`,
      );
    } else if (config) {
      const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
      const rules = (config.gates?.length ?? 0) + (config.models ?? []).reduce((s, m) => s + (m.gates?.length ?? 0), 0);
      io.stdout(
        `${file} is valid: ${count(config.models?.length ?? 0, "model")}, ${count(config.data?.length ?? 0, "dataset")}, ${count(rules, "gate rule")}, ${count(config.environments?.length ?? 0, "environment")}\n`,
      );
    } else {
      for (const problem of problems) io.stderr(`${problem.message}\n`);
    }
    return problems.length === 0 ? ExitCode.ok : ExitCode.invalidInput;
  },
};
