import { isUtf8 } from "node:buffer";
import { open } from "node:fs/promises";

/**
 * Where each field of the current row is: field k spans `bytes[bounds[2k], bounds[2k + 1])`.
 * Valid only during the call it is passed to.
 */
export type FieldBounds = Int32Array;

/** Thrown when a file is not plain CSV; the caller then reads it with the full CSV reader. */
export class NotPlainCsv extends Error {}

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** A plain CSV file's column names and, from its first megabyte, its average bytes per row. */
export interface PlainCsvHeader {
  readonly columns: readonly string[];
  readonly bytesPerRow: number;
}

/** Reads the header of a plain CSV file (see {@link scanPlainCsv}); throws NotPlainCsv otherwise. */
export async function readPlainCsvHeader(file: string, sampleBytes = 1 << 20): Promise<PlainCsvHeader> {
  const handle = await open(file, "r");
  let sample: Buffer;
  try {
    const buffer = Buffer.allocUnsafe(sampleBytes);
    const { bytesRead } = await handle.read(buffer, 0, sampleBytes, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const start = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? 3 : 0;
  const lineEnd = sample.indexOf(NEWLINE, start);
  if (lineEnd === -1) throw new NotPlainCsv("no complete header line");
  const line = sample.subarray(start, lineEnd);
  if (line.indexOf(QUOTE) !== -1 || line.indexOf(CARRIAGE_RETURN) !== -1 || !isUtf8(line)) {
    throw new NotPlainCsv("header");
  }
  let rows = 0;
  for (let at = sample.indexOf(NEWLINE, lineEnd + 1); at !== -1; at = sample.indexOf(NEWLINE, at + 1)) rows += 1;
  const sampled = sample.lastIndexOf(NEWLINE) - lineEnd;
  return {
    columns: line.toString("utf8").split(","),
    bytesPerRow: rows === 0 ? sample.length : sampled / rows,
  };
}

/**
 * Scans a plain CSV file — no quote character, `\n` line ends, valid UTF-8, every row as wide as
 * the header — and hands each data row to `onRow` as byte ranges, creating no string per cell.
 * On such text, splitting on commas and newlines is exactly what RFC 4180 parsing (and the full
 * reader) does; anything else — a quote, a carriage return, invalid UTF-8, a row of the wrong
 * width, a header other than `columns` — throws {@link NotPlainCsv}, so the file goes to the full
 * CSV reader (csv-table.ts) and its precise errors. Empty lines are skipped, as that reader does.
 * Returns the number of data rows.
 */
export async function scanPlainCsv(
  file: string,
  columns: readonly string[],
  onRow: (bytes: Uint8Array, bounds: FieldBounds) => void,
  chunkBytes = 8 * 1024 * 1024,
): Promise<number> {
  const width = columns.length;
  const bounds = new Int32Array(2 * width);
  const handle = await open(file, "r");
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let filled = 0;
  let rows = 0;
  let headerSeen = false;

  /** Scans the complete lines in `buffer[from, to)`; `to` is just past a newline or at EOF. */
  const scanLines = (from: number, to: number): void => {
    const text = buffer.subarray(from, to);
    if (text.indexOf(QUOTE) !== -1) throw new NotPlainCsv("quote");
    if (text.indexOf(CARRIAGE_RETURN) !== -1) throw new NotPlainCsv("carriage return");
    if (!isUtf8(text)) throw new NotPlainCsv("not UTF-8");
    let start = from;
    if (!headerSeen) {
      if (to - from >= 3 && buffer[from] === 0xef && buffer[from + 1] === 0xbb && buffer[from + 2] === 0xbf) start += 3;
      let lineEnd = buffer.indexOf(NEWLINE, start);
      if (lineEnd === -1 || lineEnd >= to) lineEnd = to;
      if (buffer.toString("utf8", start, lineEnd) !== columns.join(",")) throw new NotPlainCsv("header");
      headerSeen = true;
      start = lineEnd + 1;
    }
    const bytes = buffer;
    let field = 0;
    let fieldStart = start;
    for (let i = start; i < to; i += 1) {
      const c = bytes[i] as number;
      if (c === COMMA) {
        if (field < width) {
          bounds[2 * field] = fieldStart;
          bounds[2 * field + 1] = i;
        }
        field += 1;
        fieldStart = i + 1;
      } else if (c === NEWLINE) {
        if (field === 0 && i === fieldStart) {
          fieldStart = i + 1;
          continue;
        }
        if (field !== width - 1) throw new NotPlainCsv("row width");
        bounds[2 * field] = fieldStart;
        bounds[2 * field + 1] = i;
        onRow(bytes, bounds);
        rows += 1;
        field = 0;
        fieldStart = i + 1;
      }
    }
    // The last line of a file may lack its newline.
    if (fieldStart < to || field > 0) {
      if (field !== width - 1) throw new NotPlainCsv("row width");
      bounds[2 * field] = fieldStart;
      bounds[2 * field + 1] = to;
      onRow(bytes, bounds);
      rows += 1;
    }
  };

  try {
    for (;;) {
      if (filled === buffer.length) {
        // A single line longer than the buffer: grow it.
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      filled += bytesRead;
      if (bytesRead === 0) {
        if (filled > 0) scanLines(0, filled);
        break;
      }
      const lastNewline = buffer.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline === -1) continue;
      scanLines(0, lastNewline + 1);
      buffer.copy(buffer, 0, lastNewline + 1, filled);
      filled -= lastNewline + 1;
    }
  } finally {
    await handle.close();
  }
  if (!headerSeen) throw new NotPlainCsv("empty");
  return rows;
}
