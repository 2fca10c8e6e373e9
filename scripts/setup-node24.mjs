// Installs the Node 24 that GitHub's runners use for `runs.using: node24` into .tools/node24, so
// the action tests and the cold-start benchmark run the bundles on it as well as on the Node that
// runs the tooling. The binary comes from the npm registry package for this platform.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const VERSION = "24.9.0";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const prefix = join(root, ".tools", "node24");
const pkg = `node-${process.platform}-${process.arch}`;
const binary = join(prefix, "node_modules", pkg, "bin", "node");

const installed = existsSync(binary) ? execFileSync(binary, ["--version"], { encoding: "utf8" }).trim() : "";
if (installed === `v${VERSION}`) {
  console.log(`Node ${installed} is ready at ${binary}`);
} else {
  execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, `${pkg}@${VERSION}`], {
    stdio: "inherit",
  });
  console.log(`Installed Node ${execFileSync(binary, ["--version"], { encoding: "utf8" }).trim()} at ${binary}`);
}
