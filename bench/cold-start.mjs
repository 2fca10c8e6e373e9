// Cold start of every JS action: `node dist/index.js` on Node 24 (the runtime `runs.using: node24`
// gives), doing nothing beyond loading the bundle and reading its inputs. Each action is given an
// invalid value for one of its choice inputs so it stops right after reading inputs, through its
// normal error path. Timed against `node -e 0` in the same run: the difference is what the bundle
// costs. NODE_EXTRA_CA_CERTS is unset because GitHub's runners do not set it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { median, quantile } from "./machine.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 40);

function timeRuns(node, args, env, cwd) {
  const samples = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const started = process.hrtime.bigint();
    spawnSync(node, args, { env, cwd, stdio: "ignore" });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (i >= 3) samples.push(ms); // first runs warm the page cache
  }
  return { median: median(samples), p90: quantile(samples, 0.9) };
}

export function benchColdStart(root, node) {
  const workspace = mkdtempSync(join(tmpdir(), "slipway-cold-"));
  const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTIONS: "true" };
  const rows = [];
  const bare = timeRuns(node, ["-e", "0"], baseEnv, workspace);
  for (const name of readdirSync(join(root, "actions")).sort()) {
    const bundle = join(root, "actions", name, "dist", "index.js");
    if (!existsSync(bundle)) continue;
    const metadata = parse(readFileSync(join(root, "actions", name, "action.yml"), "utf8"));
    const env = { ...baseEnv };
    for (const [input, spec] of Object.entries(metadata.inputs ?? {})) {
      env[`INPUT_${input.toUpperCase()}`] = String(spec.default ?? "").replace(/\$\{\{.*?\}\}/g, "");
    }
    env["INPUT_FAIL-ON"] = "neither"; // every Slipway action has fail-on; an invalid value stops it early
    const timing = timeRuns(node, [bundle], env, workspace);
    rows.push({
      action: name,
      median: timing.median,
      p90: timing.p90,
      overNode: timing.median - bare.median,
      sizeKb: statSync(bundle).size / 1024,
    });
  }
  return { bare, rows };
}
