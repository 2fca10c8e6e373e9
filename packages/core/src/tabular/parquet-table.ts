import { asyncBufferFromFile, type FileMetaData, parquetMetadataAsync, parquetScan, parquetSchema } from "hyparquet";
import { InputError } from "../errors/input-error.js";
import { PARQUET_DECOMPRESSORS } from "./parquet-codecs.js";
import { ColumnPageWindow, type ColumnRangeRead, pageStartsByGroup } from "./parquet-page-windows.js";
import type { ReadTableOptions, TableHeader } from "./table-batch.js";
import { checkHeaderNames } from "./table-header.js";

/**
 * Reads a Parquet file one row group at a time, decoding only the requested columns, so memory
 * holds one row group's column chunks rather than the whole file. Top-level columns only: a
 * struct or list column arrives as one value per row.
 */
export async function readParquetTable(file: string, options: ReadTableOptions): Promise<TableHeader> {
  const buffer = await asyncBufferFromFile(file);
  if (buffer.byteLength === 0) throw new InputError("is empty; expected a Parquet file", { file });
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new InputError(
      `is not a readable Parquet file (${reasonOf(error)}); expected a complete file ending in the Parquet footer`,
      { file },
    );
  }
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  checkHeaderNames(columns, { file });
  const header: TableHeader = {
    file,
    format: "parquet",
    columns,
    location: { file },
    rowCount: Number(metadata.num_rows),
  };
  options.onHeader?.(header);
  const wanted = options.columns ? columns.filter((name) => options.columns?.includes(name)) : columns;
  if (wanted.length === 0) return header;

  const scan = await parquetScan({
    file: buffer,
    metadata,
    columns: wanted,
    compressors: PARQUET_DECOMPRESSORS,
    ...(options.textAsBytes ? { parsers: { stringFromBytes: (bytes: Uint8Array) => bytes } as never } : {}),
  });
  const read: ColumnRangeRead = (column, rowStart, rowEnd) => scan.readColumn({ column, rowStart, rowEnd });
  const pageStarts = await pageStartsByGroup(buffer, metadata, wanted);
  const windows = wanted.map((column) => new ColumnPageWindow(column, read));
  let groupStart = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const groupEnd = groupStart + Number(group.num_rows);
    const starts = pageStarts[g];
    // Without offset indexes a part of a row group would decode its whole column chunks again.
    const step = starts === undefined ? groupEnd - groupStart : PARQUET_BATCH_ROWS;
    for (let rowStart = groupStart; rowStart < groupEnd; rowStart += step) {
      const rowEnd = Math.min(groupEnd, rowStart + step);
      let decoded: ArrayLike<unknown>[];
      try {
        decoded = await Promise.all(
          wanted.map((column, c) =>
            starts === undefined
              ? read(column, rowStart, rowEnd)
              : (windows[c] as ColumnPageWindow).batch(rowStart, rowEnd, starts.get(column) ?? [], groupEnd),
          ),
        );
      } catch (error) {
        throw new InputError(
          `could not be decoded from this row on (${reasonOf(error)}); expected intact Parquet column data`,
          { file, row: rowStart + 1 },
        );
      }
      const byName = new Map(wanted.map((name, index) => [name, decoded[index] as ArrayLike<unknown>]));
      options.onBatch({
        length: rowEnd - rowStart,
        rowStart,
        column: (name) => byName.get(name),
        locate: (r) => ({ file, row: rowStart + r + 1 }),
      });
    }
    groupStart = groupEnd;
  }
  return header;
}

/**
 * Rows per batch when the file lets a row group be read in parts. A batch's values then die
 * young, like a text chunk's; decoding a whole row group (often 500k to 1M rows) at once kept
 * hundreds of megabytes alive. Since pages are decoded once whatever the batches
 * (ColumnPageWindow), smaller batches cost no time: 1 GB on two threads took 19 s with 16k and
 * with 64k rows, and peaked 30 MB lower with 16k.
 */
export const PARQUET_BATCH_ROWS = 16_384;

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n")[0] ?? message;
  return line.length > 100 ? `${line.slice(0, 100)}…` : line;
}
