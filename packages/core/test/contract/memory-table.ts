import type { TableBatch, TableHeader } from "../../src/tabular/table-batch.js";
import type { TableFormat } from "../../src/tabular/table-format.js";

/** A table held in memory, cut into batches the way the file readers deliver them. */
export interface MemoryTable {
  readonly header: TableHeader;
  readonly batches: TableBatch[];
}

export function memoryTable(
  file: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: { format?: TableFormat; batchRows?: number } = {},
): MemoryTable {
  const format = options.format ?? "csv";
  const batchRows = options.batchRows ?? 4;
  const header: TableHeader = { file, format, columns, location: { file, line: 1 }, rowCount: rows.length };
  const batches: TableBatch[] = [];
  for (let start = 0; start < rows.length; start += batchRows) {
    const slice = rows.slice(start, start + batchRows);
    batches.push({
      length: slice.length,
      rowStart: start,
      column(name) {
        const index = columns.indexOf(name);
        return index === -1 ? undefined : slice.map((row) => row[index]);
      },
      // JSONL rows sit one line each after no blank lines: data row k is line k.
      locate: (r) => (format === "jsonl" ? { file, line: start + r + 1 } : { file, row: start + r + 1 }),
    });
  }
  return { header, batches };
}
