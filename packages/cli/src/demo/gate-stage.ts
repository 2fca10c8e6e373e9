import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { renderModelDiff } from "@slipway/core";
import { runQualityGate } from "@slipway/flows";
import type { CliIO } from "../cli-io.js";

/**
 * The quality gate on the example repository, as a pull request would run it: its config names
 * the candidate and the production baseline. Writes the comment Markdown and the JSON report.
 */
export async function runGateStage(examplesDir: string, outDir: string, io: CliIO): Promise<string> {
  const dir = join(outDir, "gate");
  await mkdir(dir, { recursive: true });
  const [gated] = await runQualityGate({
    workspace: examplesDir,
    config: { path: ".slipway.yml", required: true },
    scratchDir: join(dir, "scratch"),
  });
  if (!gated) throw new Error("the example config names no model");
  const { diff } = gated;
  await writeFile(join(dir, "model-diff.md"), renderModelDiff(diff));
  await writeFile(join(dir, "diff.json"), `${JSON.stringify(diff, null, 2)}\n`);
  io.stdout(`quality gate (${diff.model}): ${diff.decision.toUpperCase()}\n`);
  for (const reason of diff.reasons.slice(0, 5)) io.stdout(`  - ${reason}\n`);
  if (diff.flips) {
    io.stdout(`  flips: ${diff.flips.improved} newly right, ${diff.flips.regressed} newly wrong\n`);
  }
  io.stdout(`  comment Markdown: ${relative(io.cwd, join(dir, "model-diff.md"))}\n`);
  io.stdout(`  slipway/diff@1 report: ${relative(io.cwd, join(dir, "diff.json"))}\n`);
  return diff.decision;
}
