import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError, isTask } from "@slipway/core";
import { runQualityGate } from "@slipway/flows";
import type { Command } from "../command.js";
import { writeGateResults } from "../gate-output.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

export const diffCommand: Command = {
  path: ["diff"],
  summary: "compare two evaluations (reports, metric files or prediction files); gate them with --policy",
  usage: "diff <baseline> <candidate> [--policy FILE] [--task T] [--markdown FILE] [--json]",
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      policy: { type: "string" },
      task: { type: "string" },
      markdown: { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length !== 2)
      throw new UsageError(`expected <baseline> <candidate>, got ${positionals.length} paths`);
    const [baseline, candidate] = positionals as [string, string];
    if (values.task !== undefined && !isTask(values.task)) {
      throw new InputError(
        `--task must be one of binary-classification, multiclass-classification, regression, ranking, generation; got "${values.task}"`,
      );
    }
    const scratchDir = await mkdtemp(join(tmpdir(), "slipway-diff-"));
    try {
      const gated = await runQualityGate({
        workspace: io.cwd,
        ...(io.workerScript ? { workerScript: io.workerScript } : {}),
        baseline,
        candidate,
        scratchDir,
        ...(values.policy ? { policy: values.policy } : {}),
        ...(values.task && isTask(values.task) ? { task: values.task } : {}),
      });
      return await writeGateResults(gated, values, io);
    } finally {
      await rm(scratchDir, { recursive: true, force: true });
    }
  },
};
