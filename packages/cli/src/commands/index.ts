import type { Command } from "../command.js";
import { commentPostCommand } from "./comment-post.js";
import { configCheckCommand } from "./config-check.js";
import { dataInferCommand } from "./data-infer.js";
import { demoCommand } from "./demo.js";
import { diffCommand } from "./diff.js";
import { gateCommand } from "./gate.js";
import { validateCommand } from "./validate.js";

/** Every subcommand, in the order `slipway --help` lists them. */
export const COMMANDS: readonly Command[] = [
  configCheckCommand,
  diffCommand,
  gateCommand,
  validateCommand,
  dataInferCommand,
  commentPostCommand,
  demoCommand,
];
