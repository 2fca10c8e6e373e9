// `npm run bench [-- suite…]`: runs the benchmarks and records them in bench/RESULTS.md with the
// date and the machine. Suites: cold-start, gate (bench/gate.mjs), data (bench/data.mjs); each
// file's header lists its knobs. Generated data goes to bench/.data/ (ignored by git).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchColdStart } from "./cold-start.mjs";
import { benchData } from "./data.mjs";
import { benchGate } from "./gate.mjs";
import { describeMachine, today } from "./machine.mjs";
import { writeSection } from "./results-file.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const results = join(root, "bench", "RESULTS.md");
const node24 = join(
  root,
  ".tools",
  "node24",
  "node_modules",
  `node-${process.platform}-${process.arch}`,
  "bin",
  "node",
);

const suites = {
  "cold-start": async () => {
    const node = existsSync(node24) ? node24 : process.execPath;
    const version = (await import("node:child_process")).execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
    const { bare, rows } = benchColdStart(root, node);
    const table = rows
      .map(
        (r) =>
          `| ${r.action} | ${r.median.toFixed(0)} | ${r.p90.toFixed(0)} | +${r.overNode.toFixed(0)} | ${r.sizeKb.toFixed(0)} | ${r.median <= 150 && r.sizeKb <= 2048 ? "yes" : "**no**"} |`,
      )
      .join("\n");
    return `## Action cold start

${today()} · ${describeMachine()} · Node ${version} · median of ${process.env.BENCH_RUNS ?? 40} runs after 3 warm-ups

Each action's committed bundle run as \`node dist/index.js\` with its default inputs and an invalid
\`fail-on\`, so it loads, reads its inputs and stops. \`node -e 0\` on the same Node: median
${bare.median.toFixed(0)} ms (p90 ${bare.p90.toFixed(0)} ms). Target: at most 150 ms and 2 MB per action.

| action | median ms | p90 ms | over bare node, ms | bundle kB | within target |
|---|---|---|---|---|---|
${table}
`;
  },
  // The actions run on Node 24, so the CLI is measured on it too when it is installed.
  gate: () => benchGate(root, existsSync(node24) ? node24 : process.execPath),
  data: () => benchData(root, existsSync(node24) ? node24 : process.execPath),
};

const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown benchmark suite "${name}"; expected one of: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  console.error(`bench: ${name}…`);
  const section = await suite();
  writeSection(results, name, section);
  console.log(section);
}
