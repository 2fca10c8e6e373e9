import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { checkConfigText, InputError, readConfigText } from "@slipway/core";
import type { Command } from "../command.js";
import { runGateStage } from "../demo/gate-stage.js";
import { runValidateStage } from "../demo/validate-stage.js";
import { ExitCode } from "../exit-code.js";
import { parseOptions } from "../parse-options.js";

/**
 * `npm run demo`: every stage Slipway has, run for real on the example model repository with
 * embedded defaults only (no GitHub, no network), printing where each result went. The example
 * candidate is meant to be blocked (it regresses on one region), so a FAIL decision is the
 * expected outcome, not an error of the demo.
 */
export const demoCommand: Command = {
  path: ["demo"],
  summary: "run the whole pipeline on examples/ and print where everything went",
  usage: "demo [--examples DIR] [--out DIR]",
  async run(args, io) {
    const { values } = parseOptions(args, { examples: { type: "string" }, out: { type: "string" } });
    const examplesDir = resolve(io.cwd, values.examples ?? "examples");
    const outDir = resolve(io.cwd, values.out ?? join(".slipway-out", "demo"));
    const configFile = join(examplesDir, ".slipway.yml");
    if (!existsSync(configFile))
      throw new InputError("no example repository here (expected .slipway.yml)", {
        file: relative(io.cwd, configFile) || configFile,
      });
    await rm(outDir, { recursive: true, force: true });

    io.stdout(`Slipway demo on ${relative(io.cwd, examplesDir) || "."}/ → results in ${relative(io.cwd, outDir)}/\n\n`);
    const { problems } = checkConfigText(await readConfigText(configFile), relative(io.cwd, configFile));
    if (problems.length > 0) throw problems[0]!;
    io.stdout(`config: ${relative(io.cwd, configFile)} is valid\n\n`);

    await runValidateStage(examplesDir, outDir, io);
    io.stdout("  (expected: fresh production data that drifted fails its contract's drift rules)\n\n");

    const decision = await runGateStage(examplesDir, outDir, io);
    io.stdout(
      decision === "fail"
        ? "  (expected: the candidate is better overall but regresses on region=apac, which the policy blocks)\n"
        : "",
    );
    return ExitCode.ok;
  },
};
