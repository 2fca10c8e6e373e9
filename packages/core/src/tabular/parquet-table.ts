import { asyncBufferFromFile, type FileMetaData, parquetMetadataAsync, parquetScan, parquetSchema } from "hyparquet";
import { InputError } from "../errors/input-error.js";
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

  const scan = await parquetScan({ file: buffer, metadata, columns: wanted });
  for (const { rowStart, rowEnd } of batchRanges(scan.ranges, metadata, wanted)) {
    let decoded: ArrayLike<unknown>[];
    try {
      decoded = await Promise.all(wanted.map((column) => scan.readColumn({ column, rowStart, rowEnd })));
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
  return header;
}

/**
 * Rows per batch when the file lets a row group be read in parts. A batch's values then die
 * young, like a text chunk's; decoding a whole row group (often 500k to 1M rows) at once kept
 * hundreds of megabytes alive.
 */
const BATCH_ROWS = 65_536;

/**
 * The row ranges to decode: each row group in parts of BATCH_ROWS when every wanted column of it
 * has an offset index (so a part is read from its own pages), else the row group whole, since
 * without the index each part would decode the whole column chunk again.
 */
function batchRanges(
  groups: readonly { readonly rowStart: number; readonly rowEnd: number }[],
  metadata: FileMetaData,
  wanted: readonly string[],
): { rowStart: number; rowEnd: number }[] {
  const ranges: { rowStart: number; rowEnd: number }[] = [];
  let groupStart = 0;
  const indexed = metadata.row_groups.map((group) => {
    const start = groupStart;
    groupStart += Number(group.num_rows);
    const columns = group.columns.filter((chunk) => wanted.includes(chunk.meta_data?.path_in_schema[0] ?? ""));
    return { start, end: groupStart, indexed: columns.every((chunk) => chunk.offset_index_offset !== undefined) };
  });
  for (const { rowStart, rowEnd } of groups) {
    const group = indexed.find((g) => rowStart >= g.start && rowStart < g.end);
    if (!group?.indexed) {
      ranges.push({ rowStart, rowEnd });
      continue;
    }
    for (let start = rowStart; start < rowEnd; start += BATCH_ROWS) {
      ranges.push({ rowStart: start, rowEnd: Math.min(rowEnd, start + BATCH_ROWS) });
    }
  }
  return ranges;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n")[0] ?? message;
  return line.length > 100 ? `${line.slice(0, 100)}…` : line;
}
