import type { SourceLocation } from "../errors/input-error.js";
import type { TableFormat } from "./table-format.js";

/**
 * A run of consecutive data rows, column by column. Cells are what the format holds: CSV gives
 * strings ("" for an empty field), JSONL gives JSON values (a key absent from a record reads as
 * `undefined`), Parquet gives numbers, bigints, booleans, strings or null.
 */
export interface TableBatch {
  readonly length: number;
  /** 0-based index, over the whole file, of this batch's first data row. */
  readonly rowStart: number;
  /** The cells of the named column for this batch's rows (undefined for a column not read). */
  column(name: string): ArrayLike<unknown> | undefined;
  /** Where this batch's row `r` is in its file: a line for JSONL, a 1-based data row otherwise. */
  locate(r: number): SourceLocation;
}

/** What a reader knows about a table before reading its rows. */
export interface TableHeader {
  readonly file: string;
  readonly format: TableFormat;
  readonly columns: readonly string[];
  /** Where the header is (a CSV's first line, a JSONL file's first record), for error messages. */
  readonly location: SourceLocation;
  /** Known up front for Parquet (from its footer); undefined for text formats. */
  readonly rowCount: number | undefined;
}

export interface ReadTableOptions {
  /** Columns to deliver in batches; all columns when omitted. Names not in the file are ignored. */
  readonly columns?: readonly string[];
  /** Called once, before any batch. */
  readonly onHeader?: (header: TableHeader) => void;
  /** Called for each batch, in file order. A thrown error stops the read and rejects it. */
  readonly onBatch: (batch: TableBatch) => void;
  /**
   * Asked after each chunk of a CSV file; when it returns a promise, the read waits for it before
   * the next chunk. A reader that hands batches to other threads holds the read back with it, so the
   * batches waiting for a busy thread stay few.
   */
  readonly pace?: () => Promise<void> | undefined;
  /**
   * Parquet text as its raw UTF-8 bytes (a Uint8Array per cell) instead of strings, for a reader
   * that compares or copies bytes and would only encode the strings again.
   */
  readonly textAsBytes?: boolean;
}
