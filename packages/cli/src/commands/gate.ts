import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitRefReader, runQualityGate } from "@slipway/flows";
import type { Command } from "../command.js";
import { writeGateResults } from "../gate-output.js";
import { parseOptions } from "../parse-options.js";

export const gateCommand: Command = {
  path: ["gate"],
  summary: "gate the models of .slipway.yml: candidate, baseline and policy from the config",
  usage: "gate [--config FILE] [--model NAME] [--base REF] [--markdown FILE] [--json]",
  async run(args, io) {
    const { values } = parseOptions(args, {
      config: { type: "string" },
      model: { type: "string" },
      base: { type: "string" },
      markdown: { type: "string" },
      json: { type: "boolean" },
    });
    const scratchDir = await mkdtemp(join(tmpdir(), "slipway-gate-"));
    try {
      const gated = await runQualityGate({
        workspace: io.cwd,
        ...(io.workerScript ? { workerScript: io.workerScript } : {}),
        config: { path: values.config ?? ".slipway.yml", required: true },
        scratchDir,
        refReaders: [gitRefReader(io.cwd)],
        ...(values.model ? { model: values.model } : {}),
        ...(values.base ? { baseRef: values.base } : {}),
      });
      return await writeGateResults(gated, values, io);
    } finally {
      await rm(scratchDir, { recursive: true, force: true });
    }
  },
};
