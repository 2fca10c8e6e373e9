// The data-validation benchmark's dataset: events with 12 mixed columns, as CSV and Parquet, plus a
// smaller reference sample (a different seed) to profile for drift.
//
//   node bench/data-set.mjs [250m|1g]     writes bench/.data/events-SIZE.{csv,parquet} and the reference
//
// Deterministic: every machine benchmarks the same bytes. About 88 bytes a row, so 250m is 2.85M
// rows and 1g is 11.4M rows.
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const dataDir = join(root, "bench", ".data");
export const DATA_SIZES = { "250m": 2_850_000, "1g": 11_400_000 };
const REFERENCE_ROWS = 200_000;

export const COUNTRIES =
  "US GB DE FR ES IT NL BE SE NO DK FI PL PT IE AT CH CZ GR RO HU BR MX AR CA JP KR IN AU ZA".split(" ");
export const DEVICES = ["mobile", "desktop", "tablet", "tv"];
export const CATEGORIES = [
  "books",
  "music",
  "games",
  "garden",
  "tools",
  "toys",
  "food",
  "health",
  "sports",
  "travel",
  "home",
  "office",
];
const WORDS = ["fast", "late", "ok", "great", "broken", "refund", "gift", "again", "slow", "nice", "cheap"];
const EPOCH_2024 = Date.UTC(2024, 0, 1) / 1000;

/** Mulberry32: small, fast and deterministic. */
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

export const COLUMNS = [
  "id",
  "user_id",
  "event_time",
  "country",
  "device",
  "amount",
  "quantity",
  "rating",
  "is_member",
  "category",
  "session_seconds",
  "comment",
];

/**
 * Row r's values, in COLUMNS order (null = missing). `shift` moves the amount and the device mix a
 * little, so the reference sample and the benchmarked file differ as two months of data would.
 */
function makeRow(rand, r, shift) {
  const t = EPOCH_2024 + Math.floor(rand() * 365 * 86400);
  const device = rand() < 0.01 ? null : DEVICES[Math.min(3, Math.floor(rand() ** (1 + shift) * 4))];
  const amount = Math.round(rand() ** 2 * 5000 * (1 + shift) * 100) / 100;
  const rating = rand() < 0.05 ? null : Math.round((1 + rand() * 4) * 10) / 10;
  const comment =
    rand() < 0.3 ? null : `${WORDS[Math.floor(rand() * WORDS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]}`;
  return [
    `ev-${String(r + 1).padStart(9, "0")}`,
    1 + Math.floor(rand() * 999_999),
    `${new Date(t * 1000).toISOString().slice(0, 19)}Z`,
    COUNTRIES[Math.floor(rand() ** 1.5 * COUNTRIES.length)],
    device,
    amount,
    1 + Math.floor(rand() * 20),
    rating,
    rand() < 0.35,
    CATEGORIES[Math.floor(rand() * CATEGORIES.length)],
    Math.floor(rand() * 7200),
    comment,
  ];
}

function csvField(v) {
  if (v === null) return "";
  // Comments hold no comma, quote or newline, so no field needs quoting.
  return String(v);
}

async function writeCsv(file, rows, seed, shift) {
  const rand = random(seed);
  const tmp = `${file}.partial`;
  const handle = await open(tmp, "w");
  let text = `${COLUMNS.join(",")}\n`;
  for (let r = 0; r < rows; r += 1) {
    text += `${makeRow(rand, r, shift).map(csvField).join(",")}\n`;
    if (text.length > 1 << 22) {
      await handle.write(text);
      text = "";
    }
  }
  await handle.write(text);
  await handle.close();
  renameSync(tmp, file);
}

/** The same rows as the CSV (same seed), written a row group at a time to bound memory. */
async function writeParquet(file, rows, seed, shift) {
  const { ParquetWriter, fileWriter, schemaFromColumnData } = await import("hyparquet-writer");
  const rand = random(seed);
  const group = 500_000;
  const types = [
    "STRING",
    "INT32",
    "STRING",
    "STRING",
    "STRING",
    "DOUBLE",
    "INT32",
    "DOUBLE",
    "BOOLEAN",
    "STRING",
    "INT32",
    "STRING",
  ];
  const tmp = `${file}.partial`;
  let writer = null;
  for (let start = 0; start < rows; start += group) {
    const m = Math.min(group, rows - start);
    const columns = COLUMNS.map(() => new Array(m));
    for (let i = 0; i < m; i += 1) {
      const row = makeRow(rand, start + i, shift);
      for (let c = 0; c < row.length; c += 1) columns[c][i] = row[c];
    }
    const columnData = COLUMNS.map((name, c) => ({ name, data: columns[c], type: types[c], nullable: true }));
    if (writer === null) {
      writer = new ParquetWriter({ writer: fileWriter(tmp), schema: schemaFromColumnData({ columnData }) });
    }
    writer.write({ columnData: columnData.map(({ name, data }) => ({ name, data })), rowGroupSize: group });
  }
  writer.finish();
  renameSync(tmp, file);
}

export function eventsFile(size, format) {
  return join(dataDir, `events-${size}.${format}`);
}

export function referenceFile() {
  return join(dataDir, "events-reference.csv");
}

export async function generateEvents(size) {
  const rows = DATA_SIZES[size];
  if (rows === undefined)
    throw new Error(`unknown data size "${size}"; expected one of ${Object.keys(DATA_SIZES).join(", ")}`);
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(referenceFile())) {
    console.error(`writing ${referenceFile()}`);
    await writeCsv(referenceFile(), REFERENCE_ROWS, 101, 0);
  }
  for (const format of ["csv", "parquet"]) {
    const file = eventsFile(size, format);
    if (existsSync(file)) continue;
    console.error(`writing ${file}`);
    if (format === "csv") await writeCsv(file, rows, 202, 0.05);
    else await writeParquet(file, rows, 202, 0.05);
  }
  return rows;
}

/**
 * The contract the benchmark validates against: every rule kind the issue names (types, nullable,
 * min/max, enum, regex, unique), written out rather than inferred so it stays the same whatever
 * the inference does.
 */
export function eventsContract() {
  // Quoted: YAML 1.1 readers (PyYAML, used by the reference) read a bare NO as false.
  const list = (values) => `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
  return `version: 1
description: Generated shop events for the data-validation benchmark
min_rows: 1000
additional_columns: false
columns:
  id:
    type: string
    nullable: false
    regex: "ev-[0-9]{9}"
    unique: true
  user_id:
    type: integer
    nullable: false
    min: 1
    max: 999999
  event_time:
    type: datetime
    nullable: false
    min: "2024-01-01T00:00:00Z"
    max: "2025-01-01T00:00:00Z"
  country:
    type: string
    nullable: false
    enum: ${list(COUNTRIES)}
    drift: {method: jensen_shannon, threshold: 0.1}
  device:
    type: string
    nullable: true
    enum: ${list(DEVICES)}
    drift: {method: jensen_shannon, threshold: 0.1}
  amount:
    type: number
    nullable: false
    min: 0
    max: 10000
    drift: {method: psi, threshold: 0.2}
  quantity:
    type: integer
    nullable: false
    min: 1
    max: 20
  rating:
    type: number
    nullable: true
    min: 1
    max: 5
    drift: {method: wasserstein, threshold: 0.1}
  is_member:
    type: boolean
    nullable: false
  category:
    type: string
    nullable: false
    enum: ${list(CATEGORIES)}
  session_seconds:
    type: integer
    nullable: false
    min: 0
    max: 7200
    drift: {method: psi, threshold: 0.2}
  comment:
    type: string
    nullable: true
    regex: "[a-z]+ [a-z]+"
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const size of process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["250m"]) await generateEvents(size);
}
