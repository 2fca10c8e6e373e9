import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError, type ModelDiff, renderModelDiff, worstDecision } from "@slipway/core";
import type { GatedModel } from "@slipway/flows";
import type { CliIO } from "./cli-io.js";
import { renderDiffText } from "./diff-text.js";
import { ExitCode } from "./exit-code.js";

/**
 * Prints gate results the same way for `slipway diff` and `slipway gate`: one `slipway/diff@1`
 * object with --json (a `slipway/diff-set@1` for several models), text otherwise; the Markdown
 * of the PR comment to a file with --markdown. Exit 1 only when a gate failed.
 */
export async function writeGateResults(
  gated: readonly GatedModel[],
  options: { json?: boolean | undefined; markdown?: string | undefined },
  io: CliIO,
): Promise<ExitCode> {
  const diffs: ModelDiff[] = gated.map((g) => g.diff);
  if (options.markdown) {
    const path = resolve(io.cwd, options.markdown);
    try {
      await writeFile(path, diffs.map((d) => renderModelDiff(d)).join("\n\n---\n\n"));
    } catch {
      throw new InputError("cannot write the Markdown report", { file: options.markdown });
    }
  }
  if (options.json) {
    io.stdout(`${JSON.stringify(diffs.length === 1 ? diffs[0] : { schema: "slipway/diff-set@1", diffs })}\n`);
  } else {
    io.stdout(diffs.map(renderDiffText).join("\n"));
  }
  return worstDecision(diffs.map((d) => d.decision)) === "fail" ? ExitCode.failed : ExitCode.ok;
}
