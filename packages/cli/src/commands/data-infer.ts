import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { InputError, serializeProfile } from "@slipway/core";
import { type DatasetProgress, inferDataContract } from "@slipway/flows";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-code.js";
import { parseOptions } from "../parse-options.js";
import { ProgressBar } from "../progress-bar.js";
import { UsageError } from "../usage-error.js";
import { tableFormatOption } from "./validate.js";

export const dataInferCommand: Command = {
  path: ["data", "infer"],
  summary: "write a data contract and a reference profile from a dataset, for review",
  usage: "data infer <data…> -o CONTRACT [--profile FILE] [--format F] [--json]",
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      output: { type: "string", short: "o" },
      profile: { type: "string" },
      format: { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length === 0) throw new UsageError("expected <data>: a file, a glob or a directory of shards");
    if (!values.output) throw new UsageError("-o CONTRACT is required: where to write the contract");
    const format = tableFormatOption(values.format);
    const bar = new ProgressBar(io, "profiling");
    let inferred: Awaited<ReturnType<typeof inferDataContract>>;
    try {
      inferred = await inferDataContract({
        workspace: io.cwd,
        data: positionals,
        ...(format ? { format } : {}),
        onProgress: (p: DatasetProgress) => bar.update(p.bytes, p.totalBytes, `${p.rows.toLocaleString("en-US")} rows`),
      });
    } finally {
      bar.finish();
    }
    const contractPath = resolve(io.cwd, values.output);
    await writeOutput(contractPath, values.output, inferred.contractText);
    const profilePath = values.profile ? resolve(io.cwd, values.profile) : undefined;
    if (profilePath && values.profile)
      await writeOutput(profilePath, values.profile, serializeProfile(inferred.profile));
    const shown = (path: string) => relative(io.cwd, path) || path;
    if (values.json) {
      io.stdout(
        `${JSON.stringify({
          schema: "slipway/data-infer@1",
          contract: shown(contractPath),
          profile: profilePath ? shown(profilePath) : null,
          rows: inferred.rows,
          files: inferred.files,
          columns: inferred.columns,
        })}\n`,
      );
    } else {
      io.stdout(
        `inferred a contract for ${inferred.columns.length} columns from ${inferred.rows.toLocaleString("en-US")} rows in ${inferred.files.length === 1 ? inferred.files[0] : `${inferred.files.length} files`}\n` +
          `  contract: ${shown(contractPath)} (review every rule: each comment says what it was inferred from)\n` +
          (profilePath ? `  reference profile: ${shown(profilePath)}\n` : ""),
      );
    }
    return ExitCode.ok;
  },
};

async function writeOutput(path: string, name: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch {
    throw new InputError("cannot be written", { file: name });
  }
}
