import { InputError } from "../errors/input-error.js";
import { type CsvChunkRecords, CsvRecordScanner } from "./csv-record-scanner.js";
import type { ReadTableOptions, TableBatch, TableHeader } from "./table-batch.js";
import { checkHeaderNames } from "./table-header.js";
import { readUtf8Chunks } from "./utf8-text.js";

/**
 * Streams a CSV file (comma-separated, RFC 4180 quoting, first record is the header) in chunks
 * of about 8 MB, one batch per chunk. Only the columns asked for become strings, each when a
 * batch's reader first asks for it.
 * Rows are located as 1-based data rows (the header is not a data row), which stays right when
 * a quoted field spans lines.
 */
export function readCsvTable(file: string, options: ReadTableOptions): Promise<TableHeader> {
  return readCsvChunks(file, readUtf8Chunks(file), options);
}

/**
 * Reads CSV text given as consecutive chunks. Within a chunk, a quote error comes first, then a
 * bad header, then the first row of the wrong width, as the papaparse-based reader reported them.
 */
export async function readCsvChunks(
  file: string,
  chunks: AsyncIterable<string> | Iterable<string>,
  options: ReadTableOptions,
): Promise<TableHeader> {
  const scanner = new CsvRecordScanner(file, options.columns);
  let header: TableHeader | undefined;
  let width = 0;
  let columnIndex = new Map<string, number>();
  const take = (records: CsvChunkRecords): void => {
    if (records.header !== undefined) {
      const names = records.header;
      checkHeaderNames(names, { file, line: 1 });
      header = { file, format: "csv", columns: names, location: { file, line: 1 }, rowCount: undefined };
      width = names.length;
      const wanted = options.columns ?? names;
      columnIndex = new Map(names.flatMap((name, index) => (wanted.includes(name) ? [[name, index] as const] : [])));
      options.onHeader?.(header);
    }
    const ragged = records.ragged;
    if (ragged !== undefined) {
      throw new InputError(
        `has ${ragged.fields} field${ragged.fields === 1 ? "" : "s"}; expected ${width}, as in the header`,
        { file, row: ragged.row },
      );
    }
    if (records.length > 0) options.onBatch(csvBatch(file, records, columnIndex));
  };
  for await (const [chunk, last] of markLast(chunks)) take(scanner.scan(chunk, last));
  take(scanner.end());
  if (header === undefined)
    throw new InputError("is empty; expected a header row naming the columns", { file, line: 1 });
  return header;
}

/**
 * Yields each chunk with whether it is the last, reading one chunk ahead. A read error (invalid
 * UTF-8 further on) still comes after the chunk before it was scanned, so that chunk's own
 * problems are reported first, as they were when papaparse read the stream.
 */
async function* markLast(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<readonly [string, boolean]> {
  let pending: string | undefined;
  try {
    for await (const chunk of chunks) {
      if (pending !== undefined) yield [pending, false];
      pending = chunk;
    }
  } catch (error) {
    if (pending !== undefined) yield [pending, false];
    throw error;
  }
  if (pending !== undefined) yield [pending, true];
}

function csvBatch(file: string, records: CsvChunkRecords, columnIndex: ReadonlyMap<string, number>): TableBatch {
  const { length, rowStart } = records;
  const made = new Map<string, string[]>();
  return {
    length,
    rowStart,
    column(name) {
      const index = columnIndex.get(name);
      if (index === undefined) return undefined;
      let cells = made.get(name);
      if (cells === undefined) {
        cells = records.cells(index) as string[];
        made.set(name, cells);
      }
      return cells;
    },
    locate(r) {
      return { file, row: rowStart + r + 1 };
    },
  };
}
