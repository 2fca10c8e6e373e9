// The CSV table reader alone, against the papaparse-based reader it replaced, on one file: each
// batch's cells of the asked-for columns are fetched and their characters counted, so every cell a
// reader makes is used. Not part of `npm run bench`.
//
//   node bench/csv-parse.mjs FILE [--runs N]
//
// Cases: the scanner and papaparse (streaming the same 8 MB text chunks, skipEmptyLines, every
// field of every row made a string), each asked for every column and for half of them (every other
// column). Prints one line per case and run (wall time of the read, peak RSS of its process), then
// the medians.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import Papa from "papaparse";

const root = join(import.meta.dirname, "..");
const require = createRequire(join(root, "package.json"));

const args = process.argv.slice(2);
const file = args[0];
const runsAt = args.indexOf("--runs");
const runs = runsAt === -1 ? 3 : Number(args[runsAt + 1]);
if (!file || !(runs > 0)) {
  console.error("usage: node bench/csv-parse.mjs FILE [--runs N]");
  process.exit(2);
}

/** Bundles the library's CSV reader and UTF-8 chunking with ncc (as the actions ship them). */
async function writeBundles() {
  const ncc = require("@vercel/ncc");
  const dir = mkdtempSync(join(tmpdir(), "slipway-csv-bench-"));
  for (const name of ["csv-table", "utf8-text"]) {
    const entry = join(root, "packages", "core", "src", "tabular", `${name}.ts`);
    const { code } = await ncc(entry, { minify: false, quiet: true, transpileOnly: true, cache: false });
    writeFileSync(join(dir, `${name}.mjs`), code);
  }
  return dir;
}

const bundlesAt = args.indexOf("--bundles");
const bundles = bundlesAt === -1 ? await writeBundles() : args[bundlesAt + 1];
const { readCsvTable } = await import(pathToFileURL(join(bundles, "csv-table.mjs")).href);
const { readUtf8Chunks } = await import(pathToFileURL(join(bundles, "utf8-text.mjs")).href);

/** The reader before the scanner: papaparse over the same chunks, cells cut from its row arrays. */
function readWithPapaparse(path, options) {
  return new Promise((resolve, reject) => {
    let header;
    let columnIndex = new Map();
    Papa.parse(Readable.from(readUtf8Chunks(path)), {
      delimiter: ",",
      header: false,
      skipEmptyLines: true,
      chunk(results) {
        const data = results.data;
        let start = 0;
        if (header === undefined && data.length > 0) {
          header = data[0];
          const wanted = options.columns ?? header;
          columnIndex = new Map(header.flatMap((name, index) => (wanted.includes(name) ? [[name, index]] : [])));
          options.onHeader?.({ columns: header });
          start = 1;
        }
        const length = data.length - start;
        if (length === 0) return;
        options.onBatch({
          length,
          column(name) {
            const index = columnIndex.get(name);
            if (index === undefined) return undefined;
            const cells = new Array(length);
            for (let r = 0; r < length; r += 1) cells[r] = data[start + r][index];
            return cells;
          },
        });
      },
      complete: () => resolve({ columns: header }),
      error: reject,
    });
  });
}

/** The column names on the file's first line (the benchmark's files quote no header). */
function headerNames() {
  const bytes = Buffer.alloc(1 << 16);
  const fd = openSync(file, "r");
  const length = readSync(fd, bytes, 0, bytes.length, 0);
  closeSync(fd);
  const text = bytes
    .subarray(0, length)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  return text.slice(0, text.search(/\r?\n/)).split(",");
}

/** Reads the file, counting the rows and the characters of the asked-for columns' cells. */
async function measure(read, pick) {
  const names = pick(headerNames());
  let rows = 0;
  let chars = 0;
  const started = performance.now();
  await read(file, {
    columns: names,
    onBatch(batch) {
      rows += batch.length;
      for (const name of names) {
        const cells = batch.column(name);
        for (let r = 0; r < cells.length; r += 1) chars += cells[r].length;
      }
    },
  });
  return { seconds: (performance.now() - started) / 1000, rows, chars };
}

const all = (columns) => [...columns];
const half = (columns) => columns.filter((_, k) => k % 2 === 0);
const cases = [
  { label: "scanner, all columns", read: readCsvTable, pick: all },
  { label: "scanner, half the columns", read: readCsvTable, pick: half },
  { label: "papaparse, all columns", read: readWithPapaparse, pick: all },
  { label: "papaparse, half the columns", read: readWithPapaparse, pick: half },
];

const caseAt = args.indexOf("--case");
if (caseAt !== -1) {
  const c = cases[Number(args[caseAt + 1])];
  const result = await measure(c.read, c.pick);
  console.log(JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
} else {
  // Each case runs in a process of its own, so that no case inherits another's heap; rounds
  // interleave the cases, so that machine noise falls on all of them alike.
  const results = cases.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [index, c] of cases.entries()) {
      const child = spawnSync(
        process.execPath,
        [import.meta.filename, file, "--case", String(index), "--bundles", bundles],
        {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      if (child.status !== 0) process.exit(child.status ?? 1);
      const result = JSON.parse(child.stdout.trim().split("\n").at(-1));
      results[index].push(result);
      console.log(
        `${c.label}: ${result.seconds.toFixed(2)} s, ${result.maxRssMb.toFixed(0)} MB peak RSS, ${result.rows} rows, ${result.chars} characters`,
      );
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const [index, c] of cases.entries()) {
    const seconds = median(results[index].map((r) => r.seconds));
    const rss = median(results[index].map((r) => r.maxRssMb));
    console.log(`median of ${runs}, ${c.label}: ${seconds.toFixed(2)} s, ${rss.toFixed(0)} MB peak RSS`);
  }
}
