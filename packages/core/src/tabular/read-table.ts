import { stat } from "node:fs/promises";
import { InputError } from "../errors/input-error.js";
import { readCsvTable } from "./csv-table.js";
import { readJsonlTable } from "./jsonl-table.js";
import { readParquetTable } from "./parquet-table.js";
import type { ReadTableOptions, TableHeader } from "./table-batch.js";
import { type TableFormat, tableFormatFromPath } from "./table-format.js";

/**
 * Streams a CSV, JSONL or Parquet file batch by batch (format from the extension unless given).
 * Every problem with the file is an InputError naming the file and the line or row.
 */
export async function readTable(
  file: string,
  options: ReadTableOptions & { readonly format?: TableFormat },
): Promise<TableHeader> {
  const format = options.format ?? tableFormatFromPath(file);
  if (format === undefined) {
    throw new InputError("has an extension Slipway cannot read as a table; expected .csv, .jsonl or .parquet", {
      file,
    });
  }
  await assertReadableFile(file);
  switch (format) {
    case "csv":
      return readCsvTable(file, options);
    case "jsonl":
      return readJsonlTable(file, options);
    case "parquet":
      return readParquetTable(file, options);
  }
}

/** Reads only a table's header: a CSV's first record, a JSONL file's first object, a Parquet footer. */
export async function readTableHeader(file: string, format?: TableFormat): Promise<TableHeader> {
  let header: TableHeader | undefined;
  const stop = new HeaderRead();
  try {
    await readTable(file, {
      ...(format ? { format } : {}),
      columns: [],
      onHeader: (read) => {
        header = read;
        throw stop;
      },
      onBatch: () => {},
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  if (header === undefined) throw new InputError("has no header; expected a header naming the columns", { file });
  return header;
}

/** Thrown to stop a read once the header is known. */
class HeaderRead extends Error {}

async function assertReadableFile(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError("is not a file; expected a CSV, JSONL or Parquet file", { file });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError("does not exist or cannot be read; expected a CSV, JSONL or Parquet file", { file });
  }
}
