import { InputError } from "../errors/input-error.js";
import { type CsvChunkRecords, CsvRecordScanner, cutCells } from "./csv-record-scanner.js";
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
    if (records.length > 0) {
      const batch = csvBatch(
        file,
        records.length,
        records.rowStart,
        (name) => {
          const index = columnIndex.get(name);
          return index === undefined ? undefined : records.cells(index);
        },
        (columns) => sharedParts(records, columnIndex, columns),
      );
      options.onBatch(batch);
    }
  };
  for await (const [chunk, last] of markLast(chunks)) {
    take(scanner.scan(chunk, last));
    const held = options.pace?.();
    if (held) await held;
  }
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

/** A CSV batch as plain data (structured-cloneable) from which another thread makes the same batch. */
export interface CsvBatchParts {
  readonly length: number;
  readonly rowStart: number;
  /** The text the batch's rows were scanned from. */
  readonly text: string;
  /** The columns carried, and where each one's bounds are among a row's `width` pairs. */
  readonly columns: readonly { readonly name: string; readonly at: number }[];
  /** Row by row, the start and end in `text` of `width` fields (see cutCells), in shared memory. */
  readonly bounds: Int32Array;
  readonly width: number;
}

/** A batch of readCsvChunks, which knows what it was scanned from and so can be shared without a rescan. */
interface ShareableCsvBatch extends TableBatch {
  readonly shareParts?: (columns: readonly string[]) => CsvBatchParts;
}

/**
 * Some columns of a batch that readCsvChunks delivered, as parts for another thread (columns the
 * read did not keep are left out); undefined for a batch of any other reader.
 */
export function csvBatchParts(batch: TableBatch, columns: readonly string[]): CsvBatchParts | undefined {
  return (batch as ShareableCsvBatch).shareParts?.(columns);
}

function sharedParts(
  records: CsvChunkRecords,
  columnIndex: ReadonlyMap<string, number>,
  columns: readonly string[],
): CsvBatchParts {
  const carried = columns.flatMap((name) => {
    const index = columnIndex.get(name);
    return index === undefined ? [] : [{ name, at: records.keptIndex(index) }];
  });
  const { text, bounds, width } = records.share();
  return { length: records.length, rowStart: records.rowStart, text, columns: carried, bounds, width };
}

/** The batch that csvBatchParts described, for the file it was read from. */
export function csvBatchFromParts(file: string, parts: CsvBatchParts): TableBatch {
  return csvBatch(file, parts.length, parts.rowStart, (name) => {
    const column = parts.columns.find((carried) => carried.name === name);
    return column === undefined ? undefined : cutCells(parts.text, parts.length, column.at, parts.width, parts.bounds);
  });
}

/** A batch whose columns are cut (by `cut`) when first asked for, and kept for the next ask. */
function csvBatch(
  file: string,
  length: number,
  rowStart: number,
  cut: (name: string) => string[] | undefined,
  shareParts?: (columns: readonly string[]) => CsvBatchParts,
): ShareableCsvBatch {
  const made = new Map<string, string[] | undefined>();
  return {
    ...(shareParts ? { shareParts } : {}),
    length,
    rowStart,
    column(name) {
      if (made.has(name)) return made.get(name);
      const cells = cut(name);
      made.set(name, cells);
      return cells;
    },
    locate(r) {
      return { file, row: rowStart + r + 1 };
    },
  };
}
