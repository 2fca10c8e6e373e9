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
 * end of what is held to the end of the page holding the batch's last row, and a batch is cut
 * from what is held; the unused rest is kept for the next batch.
 */
export class ColumnPageWindow {
  private start = 0;
  private end = 0;
  private held: ArrayLike<unknown> = [];

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
    if (rowStart < this.start || rowStart > this.end) {
      // A new row group (or a jump): nothing held is of use.
      this.start = pageStartAtOrBefore(pageStarts, rowStart);
      this.end = this.start;
      this.held = [];
    }
    if (rowEnd > this.end) {
      const to = pageStartAfter(pageStarts, rowEnd - 1) ?? groupEnd;
      const more = await this.read(this.column, this.end, to);
      this.held = concatValues(sliceValues(this.held, rowStart - this.start, this.end - this.start), more);
      this.start = rowStart;
      this.end = to;
    }
    return sliceValues(this.held, rowStart - this.start, rowEnd - this.start);
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

type TypedValues = ArrayLike<unknown> & { set(values: ArrayLike<unknown>, at: number): void };

/** Two runs of a column's values as one: a typed array when both are of one kind, else an array. */
function concatValues(a: ArrayLike<unknown>, b: ArrayLike<unknown>): ArrayLike<unknown> {
  if (a.length === 0) return b;
  if (ArrayBuffer.isView(b) && a.constructor === b.constructor) {
    const joined = new (b.constructor as new (length: number) => TypedValues)(a.length + b.length);
    joined.set(a, 0);
    joined.set(b, a.length);
    return joined;
  }
  const joined = new Array<unknown>(a.length + b.length);
  for (let i = 0; i < a.length; i += 1) joined[i] = a[i];
  for (let i = 0; i < b.length; i += 1) joined[a.length + i] = b[i];
  return joined;
}
