import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./repo-root.js";

export interface NodeRuntime {
  readonly name: string;
  readonly path: string;
}

/** Where `.ci/run` (or `npm run setup:node24`) puts the Node 24 that GitHub's runners use. */
export const NODE24_PATH = join(
  repoRoot,
  ".tools",
  "node24",
  "node_modules",
  `node-${process.platform}-${process.arch}`,
  "bin",
  "node",
);

/**
 * The Node versions actions are tested on: the one running the tests (Node 20 on development
 * machines) and Node 24, the runtime `runs.using: node24` gives on GitHub. Under CI a missing
 * Node 24 is an error, not a skip.
 */
export function nodeRuntimes(): NodeRuntime[] {
  const runtimes: NodeRuntime[] = [{ name: `node${process.versions.node.split(".")[0]}`, path: process.execPath }];
  const node24 = process.env.SLIPWAY_NODE24 ?? NODE24_PATH;
  if (existsSync(node24)) runtimes.push({ name: "node24", path: node24 });
  else if (process.env.CI) throw new Error(`Node 24 not found at ${node24}; run \`npm run setup:node24\``);
  else
    console.warn(
      `\n*** Node 24 not installed: actions are tested on ${process.version} only. Run \`npm run setup:node24\`. ***\n`,
    );
  return runtimes;
}
