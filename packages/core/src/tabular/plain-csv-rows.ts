import { isUtf8 } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";

/**
 * The fields of a batch of rows, as the positions of the delimiters that end them: with w
 * columns, field k of row r spans `bytes[ends[r·w + k] + 1, ends[r·w + k + 1])`, where `ends[0]`
 * is the position just before the batch's first field. Valid only during the call it is passed to.
 */
export type FieldEnds = Int32Array;

/** Takes a batch of `rows` rows, their fields given by `ends` over `bytes` (see {@link FieldEnds}). */
export type RowsHandler = (bytes: Uint8Array, ends: FieldEnds, rows: number) => void;

/** Rows handed over at a time: their bounds and text stay in the core's cache while read. */
export const PLAIN_CSV_BATCH_ROWS = 1024;

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
 * the header — and hands its data rows to `onRows` in batches of byte ranges, creating no string
 * per cell. On such text, splitting on commas and newlines is exactly what RFC 4180 parsing (and
 * the full reader) does; anything else — a quote, a carriage return, invalid UTF-8, a row of the
 * wrong width, a header other than `columns` — throws {@link NotPlainCsv}, so the file goes to
 * the full CSV reader (csv-table.ts) and its precise errors. Empty lines are skipped, as that
 * reader does. Returns the number of data rows.
 *
 * The file is read synchronously into one reused buffer: its readers run on worker threads of
 * their own, where waiting for the thread pool would only add a round trip per chunk.
 */
export function scanPlainCsv(
  file: string,
  columns: readonly string[],
  onRows: RowsHandler,
  chunkBytes = 8 * 1024 * 1024,
): number {
  const width = columns.length;
  const ends = new Int32Array(width * PLAIN_CSV_BATCH_ROWS + 2);
  const fd = openSync(file, "r");
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let filled = 0;
  let rows = 0;
  let headerSeen = false;

  /** Scans the complete lines in `buffer[0, to)`; `to` is just past a newline. */
  const scanLines = (to: number): void => {
    const text = buffer.subarray(0, to);
    if (text.indexOf(QUOTE) !== -1) throw new NotPlainCsv("quote");
    if (text.indexOf(CARRIAGE_RETURN) !== -1) throw new NotPlainCsv("carriage return");
    if (!isUtf8(text)) throw new NotPlainCsv("not UTF-8");
    let start = 0;
    if (!headerSeen) {
      if (to >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
      let lineEnd = buffer.indexOf(NEWLINE, start);
      if (lineEnd === -1 || lineEnd >= to) lineEnd = to;
      if (buffer.toString("utf8", start, lineEnd) !== columns.join(",")) throw new NotPlainCsv("header");
      headerSeen = true;
      start = lineEnd + 1;
    }
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, to);
    rows += splitLines(bytes, start, to, width, ends, onRows);
  };

  try {
    for (;;) {
      if (filled === buffer.length) {
        // A single line longer than the buffer: grow it.
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      }
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, null);
      filled += bytesRead;
      if (bytesRead === 0) {
        if (filled === 0) break;
        // The last line of a file may lack its newline: it is scanned as if it had one.
        if (buffer[filled - 1] !== NEWLINE) {
          if (filled === buffer.length) {
            const larger = Buffer.allocUnsafe(buffer.length + 1);
            buffer.copy(larger, 0, 0, filled);
            buffer = larger;
          }
          buffer[filled] = NEWLINE;
          filled += 1;
        }
        scanLines(filled);
        break;
      }
      const lastNewline = buffer.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline === -1) continue;
      scanLines(lastNewline + 1);
      buffer.copy(buffer, 0, lastNewline + 1, filled);
      filled -= lastNewline + 1;
    }
  } finally {
    closeSync(fd);
  }
  if (!headerSeen) throw new NotPlainCsv("empty");
  return rows;
}

/** 1 for the bytes that end a field (comma, newline), 0 for every other: counting without a branch. */
const DELIMITER = new Uint8Array(256);
DELIMITER[COMMA] = 1;
DELIMITER[NEWLINE] = 1;

/**
 * Splits the lines of `bytes[from, to)` into fields, a batch of rows at a time, and returns how
 * many rows it found. `to` is just past a newline. A batch is split without a branch per byte:
 * every byte's position is written to the next entry of `ends`, which moves on only past a
 * delimiter (a comma or newline every five or six bytes is too irregular for the processor to
 * predict, and a mispredicted branch per field cost more than the whole split). The batch is then
 * checked to be rows of exactly `width` fields; anything else (an empty line, a row of another
 * width) is split again by {@link splitIrregularLines}, which skips empty lines and throws on the
 * rest.
 */
function splitLines(
  bytes: Uint8Array,
  from: number,
  to: number,
  width: number,
  ends: FieldEnds,
  onRows: RowsHandler,
): number {
  let rows = 0;
  const batchFields = width * PLAIN_CSV_BATCH_ROWS;
  // One column cannot tell an empty line from an empty field by counting.
  if (width < 2) return splitIrregularLines(bytes, from, to, width, ends, onRows);
  for (let start = from; start < to; ) {
    ends[0] = start - 1;
    let k = 0;
    let i = start;
    for (; i < to && k < batchFields; i += 1) {
      ends[k + 1] = i;
      k += DELIMITER[bytes[i] as number] as number;
    }
    const batch = regularRows(bytes, ends, k, width);
    if (batch === -1) return rows + splitIrregularLines(bytes, start, to, width, ends, onRows);
    onRows(bytes, ends, batch);
    rows += batch;
    start = i;
  }
  return rows;
}

/**
 * The rows of a batch of `k` delimiters when they are rows of exactly `width` fields, each ended
 * by a newline and no other; -1 otherwise. Every width-th delimiter must be a newline, and the
 * delimiters' bytes must sum to what commas everywhere else give, which they do only when the
 * batch has no other newline (each one adds 10 where a comma adds 44).
 */
function regularRows(bytes: Uint8Array, ends: FieldEnds, k: number, width: number): number {
  const rows = (k / width) | 0;
  if (rows * width !== k || rows === 0) return -1;
  let sum = 0;
  for (let q = 1; q <= k; q += 1) sum += bytes[ends[q] as number] as number;
  if (sum !== rows * ((width - 1) * COMMA + NEWLINE)) return -1;
  for (let q = width; q <= k; q += width) if (bytes[ends[q] as number] !== NEWLINE) return -1;
  return rows;
}

/**
 * Splits lines one byte at a time, skipping empty lines (as the full reader does) and throwing
 * {@link NotPlainCsv} at a row of the wrong width. Most bytes are neither a comma nor a newline,
 * and every byte above the comma's code is neither, so one comparison passes them.
 */
function splitIrregularLines(
  bytes: Uint8Array,
  from: number,
  to: number,
  width: number,
  ends: FieldEnds,
  onRows: RowsHandler,
): number {
  const last = width - 1;
  let batched = 0;
  let rows = 0;
  let field = 0;
  let k = 0;
  ends[0] = from - 1;
  for (let i = from; i < to; i += 1) {
    const c = bytes[i] as number;
    if (c > COMMA) continue;
    if (c === COMMA) {
      if (field === last) throw new NotPlainCsv("row width");
      k += 1;
      ends[k] = i;
      field += 1;
    } else if (c === NEWLINE) {
      if (field === 0 && i === (ends[k] as number) + 1) {
        // An empty line: the rows before it go now, so that the next row's start follows ends[0].
        if (batched > 0) onRows(bytes, ends, batched);
        batched = 0;
        k = 0;
        ends[0] = i;
        continue;
      }
      if (field !== last) throw new NotPlainCsv("row width");
      k += 1;
      ends[k] = i;
      rows += 1;
      batched += 1;
      field = 0;
      if (batched === PLAIN_CSV_BATCH_ROWS) {
        onRows(bytes, ends, batched);
        batched = 0;
        k = 0;
        ends[0] = i;
      }
    }
  }
  if (batched > 0) onRows(bytes, ends, batched);
  return rows;
}
