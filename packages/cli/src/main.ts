import { InputError } from "@slipway/core";
import type { CliIO } from "./cli-io.js";
import type { Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { ExitCode } from "./exit-code.js";
import { UsageError } from "./usage-error.js";

export const VERSION = "0.1.0";

function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  const lines = commands.map((c) => `  slipway ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    "slipway: ML model CI/CD — validate data, gate models with honest statistics, ship them.",
    "",
    "Usage:",
    ...lines,
    "",
    "Exit codes: 0 success (pass or warn), 1 a gate or check failed, 2 invalid input or usage.",
    "Every command accepts --json to print one JSON object on stdout.",
    "",
  ].join("\n");
}

function findCommand(argv: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  let best: Command | undefined;
  for (const command of COMMANDS) {
    if (command.path.every((word, i) => argv[i] === word) && command.path.length > (best?.path.length ?? 0)) {
      best = command;
    }
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

/** Runs `slipway ARGV…` and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    (argv.length === 0 ? io.stderr : io.stdout)(helpText(COMMANDS));
    return argv.length === 0 ? ExitCode.invalidInput : ExitCode.ok;
  }
  if (argv[0] === "--version") {
    io.stdout(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    const prefix = COMMANDS.filter((c) => c.path[0] === argv[0]);
    const known = (prefix.length > 0 ? prefix : COMMANDS).map((c) => `slipway ${c.usage}`).join("\n  ");
    io.stderr(`slipway: unknown command "${argv.slice(0, 2).join(" ")}"; expected one of:\n  ${known}\n`);
    return ExitCode.invalidInput;
  }
  const { command, rest } = found;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`Usage: slipway ${command.usage}\n\n${command.summary}\n`);
    return ExitCode.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`slipway ${command.path.join(" ")}: ${error.message}\nUsage: slipway ${command.usage}\n`);
      return ExitCode.invalidInput;
    }
    if (error instanceof InputError) {
      io.stderr(`${error.message}\n`);
      return ExitCode.invalidInput;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`slipway: unexpected error: ${message.split("\n")[0]}\n`);
    if (io.env.SLIPWAY_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return ExitCode.failed;
  }
}
