// Data validation of a large CSV and the same data as Parquet: `slipway validate` (contract checks,
// profile, drift against a reference profile) beside, in the same run, the parse-only throughput of
// papaparse, `wc -l`, and pandas `read_csv` with the same checks.
//
// Knobs (environment):
//   BENCH_DATA_SIZE   250m (default: 2.85M rows, about 250 MB) or 1g (11.4M rows, about 1 GB)
//   BENCH_DATA_RUNS   rounds, median quoted (default 3); each round runs every case once, in turn,
//                     so machine noise falls on all of them alike
import { execFileSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventsContract, eventsFile, generateEvents, referenceFile } from "./data-set.mjs";
import { describeMachine, median, today } from "./machine.mjs";
import { coldEnv, measureProcess, megabytes } from "./measure-process.mjs";

const PYTHON = "/usr/bin/python3";
const RSS_TARGET_BYTES = 500e6;

function parsed(stdout) {
  try {
    return JSON.parse(stdout);
  } catch {
    return null;
  }
}

export async function benchData(root, node = process.execPath) {
  const size = process.env.BENCH_DATA_SIZE ?? "250m";
  const runs = Number(process.env.BENCH_DATA_RUNS ?? 3);
  const rows = await generateEvents(size);
  const dataDir = join(root, "bench", ".data");
  const cli = join(root, "packages", "cli", "dist", "slipway.js");
  const contract = join(dataDir, "events.contract.yml");
  writeFileSync(contract, eventsContract());
  // The reference profile is written by `slipway data infer` from a separate 200k-row sample, as a
  // team would profile last month's data; its inferred contract is not used.
  const profile = join(dataDir, "events-reference.profile.json");
  execFileSync(
    node,
    [
      cli,
      "data",
      "infer",
      referenceFile(),
      "-o",
      join(dataDir, "events-reference.inferred.contract.yml"),
      "--profile",
      profile,
    ],
    { stdio: ["ignore", "ignore", "inherit"], env: coldEnv() },
  );
  const csv = eventsFile(size, "csv");
  const parquet = eventsFile(size, "parquet");
  const csvBytes = statSync(csv).size;
  const parquetBytes = statSync(parquet).size;
  const nodeVersion = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  const pandasVersion = execFileSync(
    PYTHON,
    ["-c", "import sys, pandas; print(f'Python {sys.version.split()[0]}, pandas {pandas.__version__}')"],
    {
      encoding: "utf8",
    },
  ).trim();

  const validate = (file) => [node, [cli, "validate", file, "--contract", contract, "--reference", profile, "--json"]];
  const cases = [
    { id: "slipway-csv", label: "Slipway `validate`", input: "CSV", bytes: csvBytes, command: validate(csv) },
    {
      id: "slipway-parquet",
      label: "Slipway `validate`",
      input: "Parquet",
      bytes: parquetBytes,
      command: validate(parquet),
    },
    {
      id: "pandas",
      label: "pandas `read_csv` + the same checks and drift",
      input: "CSV",
      bytes: csvBytes,
      command: [PYTHON, [join(root, "bench", "reference", "data_reference.py"), csv, contract, referenceFile()]],
    },
    {
      id: "papaparse",
      label: "papaparse, fastMode, parse only",
      input: "CSV",
      bytes: csvBytes,
      command: [node, [join(root, "bench", "papaparse-parse.mjs"), csv]],
    },
    { id: "wc", label: "`wc -l`", input: "CSV", bytes: csvBytes, command: ["wc", ["-l", csv]] },
  ];
  const samples = Object.fromEntries(cases.map((c) => [c.id, []]));
  for (let round = 0; round < runs; round += 1) {
    for (const c of cases) {
      const run = measureProcess(c.command[0], c.command[1], { timeoutS: 600 });
      console.error(
        `  ${c.id} round ${round + 1}: ${run.seconds.toFixed(2)} s, ${megabytes(run.rssKb)} MB, exit ${run.status}`,
      );
      if (run.status !== 0)
        throw new Error(`${c.id} failed (exit ${run.status}): ${run.stderr.trim().split("\n").at(-1)}`);
      samples[c.id].push(run);
    }
  }
  const summary = Object.fromEntries(
    cases.map((c) => {
      const s = samples[c.id];
      return [
        c.id,
        {
          ...c,
          seconds: median(s.map((r) => r.seconds)),
          rssKb: median(s.map((r) => r.rssKb)),
          out: parsed(s.at(-1).stdout),
        },
      ];
    }),
  );

  // Both implementations must have read every row and reached the same result, or the comparison
  // means nothing.
  const slipwayCsv = summary["slipway-csv"];
  const pandas = summary.pandas;
  const agreement = [
    `Slipway read ${slipwayCsv.out?.rows} rows (CSV) and ${summary["slipway-parquet"].out?.rows} (Parquet), result ${slipwayCsv.out?.result}/${summary["slipway-parquet"].out?.result}`,
    `pandas ${pandas.out?.rows} rows, result ${pandas.out?.result}`,
    `papaparse ${summary.papaparse.out?.rows} rows`,
  ].join("; ");

  const ratio = pandas.seconds / slipwayCsv.seconds;
  const fmtMbS = (c) => (c.bytes / 1e6 / c.seconds).toFixed(0);
  const table = cases
    .map((c) => summary[c.id])
    .map(
      (c) =>
        `| ${c.label} | ${c.input} | ${(c.bytes / 1e6).toFixed(0)} | ${c.seconds.toFixed(2)} | ${fmtMbS(c)} | ${(rows / c.seconds / 1e6).toFixed(2)} | ${megabytes(c.rssKb)} |`,
    )
    .join("\n");
  const speed =
    ratio >= 8
      ? `**met, stretch too** (${ratio.toFixed(1)}×)`
      : ratio >= 4
        ? `**met** (${ratio.toFixed(1)}×; stretch 8× missed)`
        : `**target missed** (${ratio.toFixed(1)}×)`;
  const rss = ["slipway-csv", "slipway-parquet"]
    .map((id) => {
      const c = summary[id];
      const met = c.rssKb * 1024 < RSS_TARGET_BYTES;
      return `${c.input} ${megabytes(c.rssKb)} MB ${met ? "**met**" : "**target missed**"}`;
    })
    .join(", ");

  return `## Data validation

${today()} · ${describeMachine()} · Node ${nodeVersion} · ${pandasVersion} · size \`${size}\` (${rows.toLocaleString("en-US")} rows × 12 columns) · median of ${runs} rounds

A generated file of shop events (\`bench/data-set.mjs\`, deterministic: string id, integers,
decimals, an ISO date-time, booleans, categories, free text; 1% to 30% missing in four columns),
validated with \`node packages/cli/dist/slipway.js validate FILE --contract bench/.data/events.contract.yml
--reference bench/.data/events-reference.profile.json --json\`: types, nullability, min/max, enum,
full-match regex, unique ids, the dataset digest, the profile, and drift on five columns against a
profile written by \`slipway data infer\` from a separate 200k-row sample. The pandas reference
(\`bench/reference/data_reference.py\`) does \`read_csv\`, the same rules and the same drift measures.
\`${size === "1g" ? "BENCH_DATA_SIZE=1g" : "BENCH_DATA_SIZE=1g npm run bench -- data"}\` ${size === "1g" ? "was set for this run" : "runs the 1 GB file (11.4M rows)"}.
Every process is started fresh; the files are in the page cache after the first round.

| implementation | input | file MB | seconds (median) | MB/s | M rows/s | peak RSS, MB (median) |
|---|---|---|---|---|---|---|
${table}

pandas ÷ Slipway on the CSV, same run: ${ratio.toFixed(1)}×. Slipway ÷ papaparse parse-only:
${(slipwayCsv.seconds / summary.papaparse.seconds).toFixed(1)}× (what checking and profiling cost over reading).
Outcomes: ${agreement}.

Targets: at least 4× faster than pandas (stretch 8×) — ${speed}. Peak RSS under 500 MB whatever the
file size — ${rss}.

How to read: \`wc -l\` is the physical limit (bytes through memory, no parsing); papaparse
parse-only is the practical limit of splitting CSV in Node; Slipway's time sits above it by what the
checks, the profile and the digest cost. The pandas time is the whole process, including its
imports; MB are 10^6 bytes.
`;
}
