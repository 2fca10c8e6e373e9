import type { Command } from "../command.js";
import { commentPostCommand } from "./comment-post.js";
import { configCheckCommand } from "./config-check.js";
import { demoCommand } from "./demo.js";
import { diffCommand } from "./diff.js";
import { gateCommand } from "./gate.js";

/** Every subcommand, in the order `slipway --help` lists them. */
export const COMMANDS: readonly Command[] = [
  configCheckCommand,
  diffCommand,
  gateCommand,
  commentPostCommand,
  demoCommand,
];
