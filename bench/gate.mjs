// The quality gate at 1M and 10M paired binary predictions with 10 slice columns, run as a user
// runs it (the committed CLI bundle, `slipway diff … --policy … --json`, default 2,000 resamples),
// beside a scikit-learn + NumPy reference run in the same invocation.
//
// Knobs (environment):
//   BENCH_GATE_RUNS            runs of each case, median quoted (default 3)
//   BENCH_GATE_REPEAT_LIMIT_S  a case whose first run took longer is not repeated (default 60)
//   BENCH_GATE_TIMEOUT_S       a run is stopped after this long (default 400)
//   BENCH_GATE_10M_BUDGET_S    a 10M case is run only if ten times its 1M median fits (default 90)
//   BENCH_GATE_REF_RESAMPLES   the reference's bootstrap resamples, scaled linearly to 2,000 (default 20)
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeMachine, median, today } from "./machine.mjs";
import { coldEnv, measureProcess, megabytes } from "./measure-process.mjs";

const RESAMPLES = 2000;
const SLICE_COLUMNS = ["region", "device", "country", "age", "lang", "plan", "channel", "version", "cohort", "segment"];
const PYTHON = "/usr/bin/python3";

function numberFromEnv(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

function policyText() {
  return `# The gate policy of bench/gate.mjs.
gates:
  - metric: roc_auc
    max_drop: 0.01
    confidence: 0.95
  - metric: accuracy
    slices: [${SLICE_COLUMNS.map((c) => `"${c}=*"`).join(", ")}]
    max_drop_pct: 2
    min_slice_size: 200
  - metric: log_loss
    max_drop: 0.01
  - metric: brier
    max_drop: 0.01
    severity: warn
`;
}

/**
 * Runs a case up to `runs` times: once only when the first run took longer than `repeatLimitS`,
 * and not at all past the first failure. Returns the runs and their median time and peak RSS.
 */
function repeatCase(label, command, args, { runs, repeatLimitS, timeoutS, env }) {
  const done = [];
  for (let i = 0; i < runs; i += 1) {
    const run = measureProcess(command, args, { timeoutS, env });
    console.error(
      `  ${label}: ${run.timedOut ? `stopped after ${timeoutS} s` : `${run.seconds.toFixed(2)} s`}, ${megabytes(run.rssKb)} MB, exit ${run.status}`,
    );
    done.push(run);
    if (run.timedOut || (run.status !== 0 && run.status !== 1)) break;
    if (run.seconds > repeatLimitS) break;
  }
  const ok = done.filter((r) => !r.timedOut && (r.status === 0 || r.status === 1));
  return {
    runs: done,
    ok: ok.length > 0 && ok.length === done.length,
    seconds: ok.length > 0 ? median(ok.map((r) => r.seconds)) : null,
    rssKb: ok.length > 0 ? median(ok.map((r) => r.rssKb)) : null,
    last: done.at(-1),
  };
}

function decisionOf(run) {
  try {
    return JSON.parse(run.stdout).decision ?? "?";
  } catch {
    return "?";
  }
}

function describeFailure(result, timeoutS) {
  const last = result.last;
  if (last.timedOut) return `stopped after ${timeoutS} s`;
  return `failed (exit ${last.status}): ${last.stderr.trim().split("\n").at(-1) ?? ""}`;
}

export async function benchGate(root, node = process.execPath) {
  const runs = numberFromEnv("BENCH_GATE_RUNS", 3);
  const repeatLimitS = numberFromEnv("BENCH_GATE_REPEAT_LIMIT_S", 60);
  const timeoutS = numberFromEnv("BENCH_GATE_TIMEOUT_S", 400);
  const budget10mS = numberFromEnv("BENCH_GATE_10M_BUDGET_S", 90);
  const refResamples = numberFromEnv("BENCH_GATE_REF_RESAMPLES", 20);
  const dataDir = join(root, "bench", ".data");
  const cli = join(root, "packages", "cli", "dist", "slipway.js");

  // The pair files are generated once and kept (bench/.data is ignored by git).
  execFileSync(process.execPath, [join(root, "bench", "read-pair.mjs"), "generate", "1m", "10m"], { stdio: "inherit" });
  const policy = join(dataDir, "gate-policy.yml");
  writeFileSync(policy, policyText());
  const file = (side, size, format) => join(dataDir, `${side}-${size}.${format}`);
  const env = coldEnv();
  const options = { runs, repeatLimitS, timeoutS, env };
  const nodeVersion = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  const pythonVersions = execFileSync(
    PYTHON,
    [
      "-c",
      "import sys, sklearn, numpy, pandas; print(f'Python {sys.version.split()[0]}, scikit-learn {sklearn.__version__}, NumPy {numpy.__version__}, pandas {pandas.__version__}')",
    ],
    { encoding: "utf8" },
  ).trim();

  const slipwayCase = (size, format) =>
    repeatCase(
      `slipway ${size} ${format}`,
      node,
      [cli, "diff", file("base", size, format), file("cand", size, format), "--policy", policy, "--json"],
      options,
    );

  // 1M: Slipway on CSV and Parquet, the reference on CSV (Debian's pandas has no Parquet engine).
  const slipway = { "1m": {}, "10m": {} };
  slipway["1m"].csv = slipwayCase("1m", "csv");
  const reference = repeatCase(
    `reference 1m csv (${refResamples} resamples)`,
    PYTHON,
    [
      join(root, "bench", "reference", "gate_reference.py"),
      file("base", "1m", "csv"),
      file("cand", "1m", "csv"),
      "--slices",
      SLICE_COLUMNS.join(","),
      "--resamples",
      String(refResamples),
    ],
    // The reference takes about a minute a run; its median is what the ratio needs.
    { ...options, repeatLimitS: Number.POSITIVE_INFINITY },
  );
  slipway["1m"].parquet = slipwayCase("1m", "parquet");

  // 10M: only when ten times the 1M median of the same format fits the budget.
  const skipped10m = {};
  for (const format of ["csv", "parquet"]) {
    const at1m = slipway["1m"][format].seconds;
    const predicted = at1m === null ? null : at1m * 10;
    if (predicted === null || predicted > budget10mS) {
      skipped10m[format] = predicted;
      console.error(
        `  slipway 10m ${format}: not run (predicted ${predicted === null ? "?" : predicted.toFixed(0)} s from 1M)`,
      );
    } else {
      slipway["10m"][format] = slipwayCase("10m", format);
    }
  }

  // The reference's time with its bootstrap scaled linearly to 2,000 resamples: each resample
  // costs the same (one index draw, two accuracies, two ROC-AUCs over all n rows).
  const refRuns = reference.runs
    .filter((r) => !r.timedOut && r.status === 0)
    .map((r) => ({ wall: r.seconds, ...JSON.parse(r.stdout) }));
  const refScaled =
    refRuns.length > 0 ? median(refRuns.map((r) => r.wall + r.bootstrap_s * (RESAMPLES / r.resamples - 1))) : null;
  const refPhases = (key) => (refRuns.length > 0 ? median(refRuns.map((r) => r[key])) : null);
  const ratio = refScaled !== null && slipway["1m"].csv.seconds !== null ? refScaled / slipway["1m"].csv.seconds : null;

  const fmtS = (s) => (s === null ? "–" : s.toFixed(s < 10 ? 2 : 1));
  const slipwayRow = (size, format) => {
    const result = slipway[size][format];
    if (!result) {
      const at1m = slipway["1m"][format].seconds;
      const why =
        at1m === null
          ? "the 1M case did not finish"
          : `1M took ${fmtS(at1m)} s; 10M predicted ≈ ${skipped10m[format].toFixed(0)} s > ${budget10mS} s`;
      return `| Slipway \`diff\` | ${size.toUpperCase()} | ${format} | not run: over budget (${why}) | – | – | – |`;
    }
    if (!result.ok)
      return `| Slipway \`diff\` | ${size.toUpperCase()} | ${format} | ${describeFailure(result, timeoutS)} | – | ${result.runs.length} | – |`;
    return `| Slipway \`diff\` | ${size.toUpperCase()} | ${format} | ${fmtS(result.seconds)} | ${megabytes(result.rssKb)} | ${result.runs.length} | ${decisionOf(result.last)} |`;
  };
  const referenceRow = reference.ok
    ? `| reference (pandas + scikit-learn + NumPy), bootstrap scaled from ${refResamples} to ${RESAMPLES} resamples | 1M | csv | ${fmtS(refScaled)} | ${megabytes(reference.rssKb)} | ${reference.runs.length} | ${refRuns.at(-1)?.decision ?? "?"} |`
    : `| reference | 1M | csv | ${describeFailure(reference, timeoutS)} | – | ${reference.runs.length} | – |`;

  const at1m = slipway["1m"].csv;
  const target1m =
    ratio === null
      ? "not measured"
      : ratio >= 50
        ? `**met** (${ratio.toFixed(1)}×)`
        : `**target missed** (${ratio.toFixed(1)}×)`;
  const target10m = ["csv", "parquet"]
    .map((format) => {
      const r = slipway["10m"][format];
      if (!r) return `${format}: **target missed** (not run, see above)`;
      if (!r.ok) return `${format}: **target missed** (${describeFailure(r, timeoutS)})`;
      const met = r.seconds < 10 && r.rssKb * 1024 < 1.5e9;
      return `${format}: ${met ? "**met**" : "**target missed**"} (${fmtS(r.seconds)} s, ${megabytes(r.rssKb)} MB)`;
    })
    .join("; ");

  return `## Quality gate

${today()} · ${describeMachine()} · Node ${nodeVersion} · ${pythonVersions} · median of up to ${runs} run${runs === 1 ? "" : "s"} per case (a case whose first run took over ${repeatLimitS} s runs once; the runs column says how many)

Binary predictions, baseline and candidate files of 1M and 10M rows (\`bench/read-pair.mjs\`: ids
shuffled differently in each file, 0.1% of ids on one side only, 10 slice columns with 211 values in
all). Slipway is run as a user runs it, \`node packages/cli/dist/slipway.js diff BASE CAND --policy
bench/.data/gate-policy.yml --json\` (ROC-AUC \`max_drop\` at 95% confidence; accuracy on every
value of the 10 slice columns; log loss; Brier), with the default ${RESAMPLES} resamples and every
metric and interval it reports overall and per slice. Wall time is the whole process, from start to
the decision on stdout; peak RSS is GNU time's maximum resident set. Cold runs, \`NODE_EXTRA_CA_CERTS\`
unset.

The reference (\`bench/reference/gate_reference.py\`) reads both CSVs with pandas, merges them on
\`id\`, computes scikit-learn's accuracy, precision, recall, F1, ROC-AUC, average precision, log loss
and Brier overall and on every slice value, then a NumPy paired bootstrap of accuracy and ROC-AUC
over the overall set. It runs ${refResamples} resamples and its bootstrap time is scaled linearly to
${RESAMPLES} (median phases: read and merge ${fmtS(refPhases("read_s"))} s, metrics ${fmtS(refPhases("metrics_s"))} s,
${refResamples} resamples ${fmtS(refPhases("bootstrap_s"))} s). It bootstraps less than Slipway does (two
metrics, overall only), so the ratio favours the reference. Debian's pandas has no Parquet engine, so
the reference runs on CSV only.

| implementation | rows | input | seconds to a decision (median) | peak RSS, MB (median) | runs | decision |
|---|---|---|---|---|---|---|
${slipwayRow("1m", "csv")}
${slipwayRow("1m", "parquet")}
${referenceRow}
${slipwayRow("10m", "csv")}
${slipwayRow("10m", "parquet")}

Reference ÷ Slipway at 1M CSV, same run, same ${RESAMPLES} resamples: ${ratio === null ? "–" : `${ratio.toFixed(1)}×`}.

Targets: at 1M, at least 50× faster than the reference — ${target1m}. At 10M, a decision in under
10 s and under 1.5 GB peak RSS — ${target10m}.${at1m.ok ? "" : " (1M CSV did not finish.)"}

How to read: the seconds are the user's wait for a decision, start-up, reading, pairing and
statistics included. The ratio compares medians of runs taken in this same invocation, so machine
noise affects both sides alike; the reference's scaled time assumes its per-resample cost is
constant, which holds because every resample does the same work over all rows.
`;
}
