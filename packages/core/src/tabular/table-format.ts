import { extname } from "node:path";

/** The tabular file formats Slipway reads (per-example predictions, datasets). */
export const TABLE_FORMATS = ["csv", "jsonl", "parquet"] as const;

export type TableFormat = (typeof TABLE_FORMATS)[number];

const EXTENSIONS: Readonly<Record<string, TableFormat>> = {
  ".csv": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".parquet": "parquet",
  ".pq": "parquet",
};

/** The format a file's extension names, or undefined when the extension is not a tabular one. */
export function tableFormatFromPath(path: string): TableFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}
