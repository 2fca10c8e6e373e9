// The practical limit of CSV reading in Node: papaparse streaming a file with fastMode (split on the
// delimiter, no quote handling; the benchmark's data has no quoted field) and doing nothing with the
// rows but count them and their fields.
//
//   node bench/papaparse-parse.mjs FILE     prints {"rows": N, "fields": F}
import { createReadStream } from "node:fs";
import Papa from "papaparse";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/papaparse-parse.mjs FILE");
  process.exit(2);
}

let rows = 0;
let fields = 0;
Papa.parse(createReadStream(file, { highWaterMark: 1 << 20 }), {
  fastMode: true,
  skipEmptyLines: true,
  chunk(results) {
    rows += results.data.length;
    for (const row of results.data) fields += row.length;
  },
  complete() {
    // The header counts as a row here; leave it out so the count matches the data rows.
    console.log(JSON.stringify({ rows: rows - 1, fields }));
  },
  error(error) {
    console.error(error.message);
    process.exit(1);
  },
});
