import { type AsyncBuffer, type FileMetaData, readOffsetIndex } from "hyparquet";

/** Reads a column's values for rows [rowStart, rowEnd) of the file (hyparquet's scan). */
export type ColumnRangeRead = (column: string, rowStart: number, rowEnd: number) => Promise<ArrayLike<unknown>>;

/**
 * Where each wanted column's pages start, by row of the file, in the row groups whose every
 * wanted column has an offset index; undefined for a row group without one.
 */
export async function pageStartsByGroup(
  file: AsyncBuffer,
  metadata: FileMetaData,
  wanted: readonly string[],
): Promise<(ReadonlyMap<string, readonly number[]> | undefined)[]> {
  const result: (ReadonlyMap<string, readonly number[]> | undefined)[] = [];
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const chunks = group.columns.filter((chunk) => wanted.includes(chunk.meta_data?.path_in_schema[0] ?? ""));
    if (!chunks.every((chunk) => chunk.offset_index_offset !== undefined && chunk.offset_index_length !== undefined)) {
      result.push(undefined);
    } else {
      const starts = new Map<string, number[]>();
      for (const chunk of chunks) {
        const offset = Number(chunk.offset_index_offset);
        const bytes = await file.slice(offset, offset + (chunk.offset_index_length as number));
        const index = readOffsetIndex({ view: new DataView(bytes), offset: 0 });
        starts.set(
          chunk.meta_data?.path_in_schema[0] ?? "",
          index.page_locations.map((page) => groupStart + Number(page.first_row_index)),
        );
      }
      result.push(starts);
    }
    groupStart += Number(group.num_rows);
  }
  return result;
}

/**
 * Serves one column's values batch by batch, decoding every page once. hyparquet decodes whole
 * pages and keeps none of what lies outside the rows asked for, so batches cut across pages
 * (a page of booleans can hold a whole row group) decoded the same pages again and again: 64k-row
 * batches took 1 GB of Parquet from 17 s to 32 s. Here each read asks for whole pages, from the
 * end of what is held to the end of the page holding the batch's last row; the runs read are
 * held as they came (not copied into one), and a batch is cut from them.
 */
export class ColumnPageWindow {
  /** Runs of consecutive rows, in order: each run's first row and its values. */
  private runs: { readonly start: number; readonly values: ArrayLike<unknown> }[] = [];
  private end = 0;

  constructor(
    private readonly column: string,
    private readonly read: ColumnRangeRead,
  ) {}

  /**
   * The column's values for rows [rowStart, rowEnd), which must follow the previous batch's rows
   * and lie in one row group; `pageStarts` are the row group's page starts for this column, and
   * `groupEnd` its end.
   */
  async batch(
    rowStart: number,
    rowEnd: number,
    pageStarts: readonly number[],
    groupEnd: number,
  ): Promise<ArrayLike<unknown>> {
    if (rowStart > this.end || (this.runs[0]?.start ?? 0) > rowStart) {
      // A jump (past a row group read whole): nothing held is of use.
      this.runs = [];
      this.end = pageStartAtOrBefore(pageStarts, rowStart);
    }
    this.runs = this.runs.filter((run) => run.start + run.values.length > rowStart);
    if (rowEnd > this.end) {
      const to = pageStartAfter(pageStarts, rowEnd - 1) ?? groupEnd;
      this.runs.push({ start: this.end, values: await this.read(this.column, this.end, to) });
      this.end = to;
    }
    const first = this.runs[0] as { readonly start: number; readonly values: ArrayLike<unknown> };
    if (rowEnd <= first.start + first.values.length) {
      return sliceValues(first.values, rowStart - first.start, rowEnd - first.start);
    }
    const values = new Array<unknown>(rowEnd - rowStart);
    for (const run of this.runs) {
      const from = Math.max(rowStart, run.start);
      const to = Math.min(rowEnd, run.start + run.values.length);
      for (let row = from; row < to; row += 1) values[row - rowStart] = run.values[row - run.start];
    }
    return values;
  }
}

function pageStartAtOrBefore(starts: readonly number[], row: number): number {
  let found = starts[0] ?? row;
  for (const start of starts) {
    if (start > row) break;
    found = start;
  }
  return found;
}

function pageStartAfter(starts: readonly number[], row: number): number | undefined {
  for (const start of starts) if (start > row) return start;
  return undefined;
}

type Sliceable = ArrayLike<unknown> & { slice(start: number, end: number): ArrayLike<unknown> };

function sliceValues(values: ArrayLike<unknown>, start: number, end: number): ArrayLike<unknown> {
  if (start === 0 && end === values.length) return values;
  return (values as Sliceable).slice(start, end);
}
