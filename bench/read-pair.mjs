// Reading and pairing two large prediction files, as the quality gate does.
//
//   node bench/read-pair.mjs generate [1m|10m]...      writes bench/.data/{base,cand}-ROWS.{csv,parquet}
//   /usr/bin/time -v node bench/read-pair.mjs run csv 10m [--repeat N]
//
// `run` bundles the library's pairing entry with ncc (as the actions ship it), pairs the two files
// and prints the wall time of each repetition and the process's peak RSS. Data: binary labels, a
// score, a prediction and 10 slice columns; ids `ex-00000001` shuffled differently in each file,
// with 0.1% of the ids on one side only.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = join(root, "bench", ".data");
const require = createRequire(import.meta.url);
const SIZES = { "200k": 200_000, "1m": 1_000_000, "10m": 10_000_000 };

const SLICES = [
  ["region", ["eu", "us", "apac", "latam", "mea"]],
  ["device", ["mobile", "desktop", "tablet"]],
  ["country", Array.from({ length: 50 }, (_, i) => `c${String(i).padStart(2, "0")}`)],
  ["age", ["18-24", "25-34", "35-44", "45-54", "55-64", "65+", "unknown", "minor"]],
  ["lang", Array.from({ length: 20 }, (_, i) => `l${i}`)],
  ["plan", ["free", "basic", "pro", "enterprise"]],
  ["channel", ["web", "app", "email", "sms", "partner", "store"]],
  ["version", ["v1", "v2", "v3"]],
  ["cohort", Array.from({ length: 100 }, (_, i) => `2024-${String(i).padStart(3, "0")}`)],
  ["segment", Array.from({ length: 12 }, (_, i) => `seg-${i}`)],
];

/** Mulberry32: a small deterministic generator, so every machine benchmarks the same files. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n, rand) {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Example e's fields, the same in both files except the score (and so the prediction). */
function example(e, side) {
  const rand = random(e * 7919 + 17);
  const label = rand() < 0.4 ? 1 : 0;
  const noise = random(e * 104729 + (side === "base" ? 3 : 5))();
  const score = Math.round(Math.min(1, Math.max(0, 0.5 * noise + (label ? 0.4 : 0.1))) * 10000) / 10000;
  const slices = SLICES.map(([, values]) => values[Math.floor(rand() * values.length)]);
  return { id: `ex-${String(e + 1).padStart(8, "0")}`, label, score, prediction: score >= 0.5 ? 1 : 0, slices };
}

/** Rows of one side: every example but the 0.1% kept for the other side only, shuffled. */
function sideRows(n, side) {
  const order = shuffled(n, random(side === "base" ? 11 : 13));
  const rows = [];
  for (const e of order) {
    if (e % 1000 === (side === "base" ? 1 : 2)) continue;
    rows.push(e);
  }
  return rows;
}

async function writeCsv(file, n, side) {
  const handle = await open(file, "w");
  await handle.write(`id,label,score,prediction,${SLICES.map(([name]) => name).join(",")}\n`);
  let text = "";
  for (const e of sideRows(n, side)) {
    const x = example(e, side);
    text += `${x.id},${x.label},${x.score},${x.prediction},${x.slices.join(",")}\n`;
    if (text.length > 1 << 22) {
      await handle.write(text);
      text = "";
    }
  }
  await handle.write(text);
  await handle.close();
}

async function writeParquet(file, n, side) {
  const { parquetWriteFile } = await import("hyparquet-writer");
  const rows = sideRows(n, side);
  const m = rows.length;
  const id = new Array(m);
  const label = new Int32Array(m);
  const score = new Float64Array(m);
  const prediction = new Int32Array(m);
  const slices = SLICES.map(() => new Array(m));
  rows.forEach((e, r) => {
    const x = example(e, side);
    id[r] = x.id;
    label[r] = x.label;
    score[r] = x.score;
    prediction[r] = x.prediction;
    x.slices.forEach((value, s) => {
      slices[s][r] = value;
    });
  });
  parquetWriteFile({
    filename: file,
    rowGroupSize: 1_000_000,
    columnData: [
      { name: "id", data: id, type: "STRING" },
      { name: "label", data: label, type: "INT32" },
      { name: "score", data: score, type: "DOUBLE" },
      { name: "prediction", data: prediction, type: "INT32" },
      ...SLICES.map(([name], s) => ({ name, data: slices[s], type: "STRING" })),
    ],
  });
}

export function dataFile(side, size, format) {
  return join(dataDir, `${side}-${size}.${format}`);
}

async function generate(sizes) {
  mkdirSync(dataDir, { recursive: true });
  for (const size of sizes) {
    const n = SIZES[size];
    for (const side of ["base", "cand"]) {
      for (const format of ["csv", "parquet"]) {
        const file = dataFile(side, size, format);
        if (existsSync(file)) continue;
        console.error(`writing ${file}`);
        if (format === "csv") await writeCsv(file, n, side);
        else await writeParquet(file, n, side);
      }
    }
  }
}

async function bundle() {
  const ncc = require("@vercel/ncc");
  const entry = join(root, "packages", "core", "src", "eval", "pair-predictions.ts");
  const { code, assets } = await ncc(entry, { minify: false, quiet: true, transpileOnly: true, cache: false });
  const out = join(dataDir, "bundle");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "index.mjs"), code);
  for (const [name, asset] of Object.entries(assets ?? {})) writeFileSync(join(out, name), asset.source);
  return join(out, "index.mjs");
}

async function run(format, size, repeat) {
  const entry = await bundle();
  const { loadPairedPredictions } = await import(pathToFileURL(entry).href);
  for (let i = 0; i < repeat; i += 1) {
    const started = performance.now();
    const paired = await loadPairedPredictions(dataFile("base", size, format), dataFile("cand", size, format));
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${format} ${size}: ${seconds.toFixed(2)} s, n=${paired.n}, unpaired=${JSON.stringify(paired.unpaired)}, slices=${paired.slices.size}, rss=${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    );
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === "generate") {
  await generate(rest.length > 0 ? rest : ["1m", "10m"]);
} else if (command === "run") {
  const [format, size] = rest;
  const repeatAt = rest.indexOf("--repeat");
  await run(format, size, repeatAt === -1 ? 1 : Number(rest[repeatAt + 1]));
} else {
  console.error("usage: node bench/read-pair.mjs generate [1m|10m]... | run csv|parquet 1m|10m [--repeat N]");
  process.exit(2);
}
