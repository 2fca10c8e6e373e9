import * as core from "@actions/core";
import { InputError } from "@slipway/core";
import { type ActionIO, createActionIO } from "./action-io.js";

/**
 * Runs an action's main function the way every Slipway action ends: bad input fails the step
 * with one line (and an annotation at the file and line when there is one); an unexpected error
 * also fails it with one line, with the stack only when step debugging is on.
 */
export async function runAction(main: (io: ActionIO) => Promise<void>, io: ActionIO = createActionIO()): Promise<void> {
  try {
    await main(io);
  } catch (error) {
    if (error instanceof InputError) {
      const { location } = error;
      if (location?.file) {
        // One annotation that both fails the step and points at the offending line.
        io.annotate({
          level: "error",
          message: error.message,
          file: location.file,
          ...(location.line ? { line: location.line } : {}),
          ...(location.column ? { column: location.column } : {}),
        });
        process.exitCode = 1;
      } else {
        core.setFailed(error.message);
      }
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (io.env.debug && error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(message.split("\n")[0] ?? "unexpected error");
  }
}
