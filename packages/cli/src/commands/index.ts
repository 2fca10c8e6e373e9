import type { Command } from "../command.js";
import { commentPostCommand } from "./comment-post.js";
import { configCheckCommand } from "./config-check.js";

/** Every subcommand, in the order `slipway --help` lists them. */
export const COMMANDS: readonly Command[] = [configCheckCommand, commentPostCommand];
