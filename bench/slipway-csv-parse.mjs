// Slipway's own CSV reader with nothing behind it: every cell of every column made a string and
// counted, the parse-only limit of the reader `slipway validate` uses. The reader is bundled with
// ncc (as the actions ship it) by csv-reader-bundle.mjs.
//
//   node bench/slipway-csv-parse.mjs FILE     prints {"rows": N, "fields": F}
import { pathToFileURL } from "node:url";
import { bundleCsvReader } from "./csv-reader-bundle.mjs";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/slipway-csv-parse.mjs FILE");
  process.exit(2);
}
const { readCsvTable } = await import(pathToFileURL(await bundleCsvReader()).href);
let rows = 0;
let fields = 0;
let columns = [];
await readCsvTable(file, {
  onHeader: (header) => {
    columns = header.columns;
  },
  onBatch: (batch) => {
    rows += batch.length;
    for (const name of columns) {
      const cells = batch.column(name);
      for (let r = 0; r < batch.length; r += 1) if (cells[r] !== undefined) fields += 1;
    }
  },
});
console.log(JSON.stringify({ rows, fields }));
