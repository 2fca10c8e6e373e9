import type { CliIO } from "./cli-io.js";
import type { ExitCode } from "./exit-code.js";

/** One `slipway` subcommand. */
export interface Command {
  /** Words that select it, e.g. ["config", "check"]. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Usage line(s) after `slipway`. */
  readonly usage: string;
  run(args: readonly string[], io: CliIO): Promise<ExitCode>;
}
