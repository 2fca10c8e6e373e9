import { readSync } from "node:fs";
import { type ColumnChunk, type FileMetaData, parquetSchema, type SchemaElement, snappyUncompress } from "hyparquet";
import { PARQUET_DECOMPRESSORS } from "./parquet-codecs.js";
import { MalformedPageHeader, type PageHeader, readPageHeader } from "./parquet-page-header.js";
import { isUtf8Range } from "./utf8-text.js";

/**
 * A top-level Parquet column that {@link decodeTextColumn} or {@link decodeNumberColumn} reads
 * straight from its pages into typed arrays, with no value object per row: not nested, text as
 * UTF-8 byte arrays, numbers as plain integers, floats or booleans, in plain or dictionary encoding,
 * uncompressed, Snappy, GZIP, Brotli or Zstandard. Any other column is read by hyparquet.
 */
export interface FlatColumn {
  readonly name: string;
  /** Its position among the row group's column chunks. */
  readonly position: number;
  readonly kind: "text" | "number";
  readonly physical: "BYTE_ARRAY" | "INT32" | "INT64" | "FLOAT" | "DOUBLE" | "BOOLEAN";
  readonly optional: boolean;
}

/** Thrown when a column chunk is not what its metadata promised; the caller reads the file another way. */
export class UnreadableFlatColumn extends Error {}

const CODECS = new Set(["UNCOMPRESSED", "SNAPPY", ...Object.keys(PARQUET_DECOMPRESSORS)]);
const ENCODINGS = new Set(["PLAIN", "PLAIN_DICTIONARY", "RLE_DICTIONARY", "RLE"]);

/**
 * The named columns of a Parquet file as flat columns, or undefined when any of them (in any row
 * group) is not one that this decoder reads. Names the file lacks are left out.
 */
export function flatColumns(metadata: FileMetaData, names: readonly string[]): Map<string, FlatColumn> | undefined {
  const children = parquetSchema(metadata).children;
  const out = new Map<string, FlatColumn>();
  for (const name of names) {
    const position = children.findIndex((child) => child.element.name === name);
    if (position === -1) continue;
    const child = children[position];
    if (child === undefined || child.children.length > 0) return undefined;
    const column = flatColumn(child.element, position);
    if (column === undefined) return undefined;
    for (const group of metadata.row_groups) {
      const chunk = group.columns[position];
      const meta = chunk?.meta_data;
      if (meta === undefined || chunk?.file_path !== undefined || meta.path_in_schema.join(".") !== name) {
        return undefined;
      }
      if (!CODECS.has(meta.codec) || meta.encodings.some((encoding) => !ENCODINGS.has(encoding))) return undefined;
    }
    out.set(name, column);
  }
  return out;
}

function flatColumn(element: SchemaElement, position: number): FlatColumn | undefined {
  const { type, converted_type: converted, logical_type: logical } = element;
  if (element.repetition_type === "REPEATED") return undefined;
  const optional = element.repetition_type === "OPTIONAL";
  const base = { name: element.name, position, optional };
  if (type === "BYTE_ARRAY") {
    const text = converted === "UTF8" || logical?.type === "STRING";
    const other =
      (converted !== undefined && converted !== "UTF8") || (logical !== undefined && logical.type !== "STRING");
    return text && !other ? { ...base, kind: "text", physical: type } : undefined;
  }
  if (type === "INT32" || type === "INT64") {
    const plainConverted =
      converted === undefined || (type === "INT32" ? ["INT_8", "INT_16", "INT_32"] : ["INT_64"]).includes(converted);
    const plainLogical = logical === undefined || (logical.type === "INTEGER" && logical.isSigned);
    return plainConverted && plainLogical ? { ...base, kind: "number", physical: type } : undefined;
  }
  if (type === "FLOAT" || type === "DOUBLE" || type === "BOOLEAN") {
    // A boolean reads as 1 or 0, as the general reader reads true and false.
    return converted === undefined && logical === undefined ? { ...base, kind: "number", physical: type } : undefined;
  }
  return undefined;
}

/** One row group's chunk of a column: its bytes, read from the file, and its rows. */
export interface ChunkBytes {
  readonly bytes: Uint8Array;
  readonly rows: number;
  readonly codec: string;
}

/** Reads column chunk `column` of a row group from the open file `fd`. */
export function readColumnChunk(fd: number, chunk: ColumnChunk, rows: number): ChunkBytes {
  const meta = chunk.meta_data;
  if (meta === undefined) throw new UnreadableFlatColumn("no column metadata");
  const dictionary = meta.dictionary_page_offset;
  // Some writers record a dictionary offset of 0 for chunks without one.
  const start = Number(dictionary !== undefined && dictionary > 0n ? dictionary : meta.data_page_offset);
  const length = Number(meta.total_compressed_size);
  const bytes = new Uint8Array(length);
  if (readSync(fd, bytes, 0, length, start) !== length) throw new UnreadableFlatColumn("column chunk past the end");
  return { bytes, rows, codec: meta.codec };
}

/** What a text column's values are handed to, row by row (rows counted from the chunk's first). */
export interface TextSink {
  /** Row `row` holds the UTF-8 text `bytes[start, end)` (checked to be valid). */
  text(bytes: Uint8Array, start: number, end: number, row: number): void;
  /** Row `row` is null. */
  missing(row: number): void;
  /**
   * Optional: a dictionary page's entries (entry k is `bytes[starts[k], ends[k])`), after which
   * each dictionary-encoded page comes whole to `entries` instead of row by row to `text`.
   */
  dictionary?(bytes: Uint8Array, starts: Int32Array, ends: Int32Array): void;
  /**
   * Rows [first, first + rows) of a dictionary-encoded page: row first + r is null where
   * `levels[r]` is 0, and the non-null rows hold, in order, the entries `indices[0]`, `indices[1]`…
   * (each checked to be one of the dictionary's).
   */
  entries?(indices: Int32Array, levels: Uint8Array | null, rows: number, first: number): void;
}

/** Decodes a text column chunk into `sink`. */
export function decodeTextColumn(chunk: ChunkBytes, column: FlatColumn, sink: TextSink): void {
  let entries: TextEntries | null = null;
  forEachPage(chunk, column, (page) => {
    if (page.header.type === DICTIONARY_PAGE) {
      entries = textEntries(page.values, page.valuesStart, page.valuesEnd, page.header.values);
      sink.dictionary?.(entries.bytes, entries.starts, entries.ends);
      return;
    }
    const { levels, rows, first } = page;
    if (page.dictionaryEncoded) {
      const dictionary = entries as TextEntries | null;
      if (dictionary === null) throw new UnreadableFlatColumn("dictionary-encoded page without a dictionary");
      const indices = page.indices as Int32Array;
      let outside = 0;
      for (let v = 0; v < page.present; v++) outside |= (indices[v] as number) >= dictionary.starts.length ? 1 : 0;
      if (outside !== 0) throw new UnreadableFlatColumn("index past the dictionary");
      if (sink.entries !== undefined) {
        sink.entries(indices, levels, rows, first);
        return;
      }
      let v = 0;
      for (let r = 0; r < rows; r++) {
        if (levels !== null && levels[r] === 0) {
          sink.missing(first + r);
          continue;
        }
        const index = indices[v++] as number;
        sink.text(dictionary.bytes, dictionary.starts[index] as number, dictionary.ends[index] as number, first + r);
      }
      return;
    }
    const { values } = page;
    let at = page.valuesStart;
    for (let r = 0; r < rows; r++) {
      if (levels !== null && levels[r] === 0) {
        sink.missing(first + r);
        continue;
      }
      const start = at + 4;
      const end = start + readUint32(values, at);
      if (end > page.valuesEnd) throw new UnreadableFlatColumn("text past the page's end");
      if (!isUtf8Range(values, start, end)) throw new UnreadableFlatColumn("text that is not UTF-8");
      sink.text(values, start, end, first + r);
      at = end;
    }
  });
}

/**
 * Decodes a number column chunk into `into` from `at` on; a null becomes NaN. Integers of 64 bits
 * become the nearest double, as `Number(bigint)` gives.
 */
export function decodeNumberColumn(chunk: ChunkBytes, column: FlatColumn, into: Float64Array, at: number): void {
  let entries: Float64Array | null = null;
  forEachPage(chunk, column, (page) => {
    if (page.header.type === DICTIONARY_PAGE) {
      entries = new Float64Array(page.header.values);
      plainNumbers(page.values, page.valuesStart, page.valuesEnd, column.physical, entries, 0, null, entries.length);
      return;
    }
    const { levels, rows, first } = page;
    const to = at + first;
    if (page.dictionaryEncoded) {
      const dictionary = entries as Float64Array | null;
      if (dictionary === null) throw new UnreadableFlatColumn("dictionary-encoded page without a dictionary");
      const indices = page.indices as Int32Array;
      let v = 0;
      for (let r = 0; r < rows; r++) {
        into[to + r] = levels !== null && levels[r] === 0 ? Number.NaN : (dictionary[indices[v++] as number] as number);
      }
      return;
    }
    if (page.header.encoding === RLE) {
      booleanRuns(page.values, page.valuesStart, page.valuesEnd, page.present, into, to, levels, rows);
      return;
    }
    plainNumbers(page.values, page.valuesStart, page.valuesEnd, column.physical, into, to, levels, rows);
  });
}

/** A boolean page in RLE encoding: its 4-byte length, then runs of 1-bit values (see `decodeHybrid`). */
function booleanRuns(
  values: Uint8Array,
  start: number,
  end: number,
  present: number,
  into: Float64Array,
  at: number,
  levels: Uint8Array | null,
  rows: number,
): void {
  const length = readUint32(values, start);
  if (start + 4 + length > end) throw new UnreadableFlatColumn("booleans past the page's end");
  const bits = reuseIndices(present);
  decodeHybrid(values, start + 4, start + 4 + length, 1, present, bits);
  let v = 0;
  for (let r = 0; r < rows; r++) into[at + r] = levels !== null && levels[r] === 0 ? Number.NaN : (bits[v++] as number);
}

const DATA_PAGE = 0;
const DICTIONARY_PAGE = 2;
const DATA_PAGE_V2 = 3;
/** parquet.thrift `Encoding`. */
const PLAIN = 0;
const PLAIN_DICTIONARY = 2;
const RLE = 3;
const RLE_DICTIONARY = 8;

/** A decoded page: its header, its values' bytes, and for a data page its levels and rows. */
interface Page {
  readonly header: PageHeader;
  readonly values: Uint8Array;
  readonly valuesStart: number;
  readonly valuesEnd: number;
  /** Definition levels by row (0: null), or null when the column is required. */
  readonly levels: Uint8Array | null;
  /** The page's first row, counted from the chunk's. */
  readonly first: number;
  readonly rows: number;
  readonly dictionaryEncoded: boolean;
  /** Dictionary indices of the non-null rows, when dictionary-encoded. */
  readonly indices: Int32Array | null;
  /** Non-null rows. */
  readonly present: number;
}

/** Decompression output, levels and indices, reused from page to page. */
const scratch = { values: new Uint8Array(1 << 16), levels: new Uint8Array(1 << 14), indices: new Int32Array(1 << 14) };

function forEachPage(chunk: ChunkBytes, column: FlatColumn, onPage: (page: Page) => void): void {
  const { bytes, rows } = chunk;
  let at = 0;
  let first = 0;
  try {
    while (first < rows) {
      const header = readPageHeader(bytes, at);
      const bodyEnd = header.bodyStart + header.compressedSize;
      if (bodyEnd > bytes.length) throw new UnreadableFlatColumn("page past the chunk's end");
      if (header.type === DICTIONARY_PAGE) {
        if (header.encoding !== PLAIN && header.encoding !== PLAIN_DICTIONARY) {
          throw new UnreadableFlatColumn("dictionary encoding");
        }
        const values = pageBody(chunk.codec, bytes, header.bodyStart, bodyEnd, header.uncompressedSize);
        onPage({ header, values, valuesStart: 0, valuesEnd: header.uncompressedSize, ...NO_ROWS });
      } else if (header.type === DATA_PAGE || header.type === DATA_PAGE_V2) {
        const page = dataPage(chunk.codec, bytes, header, bodyEnd, column, first);
        onPage(page);
        first += page.rows;
      } else if (header.type !== 1) {
        throw new UnreadableFlatColumn(`page type ${header.type}`);
      }
      at = bodyEnd;
    }
  } catch (error) {
    if (error instanceof MalformedPageHeader || error instanceof RangeError)
      throw new UnreadableFlatColumn(String(error));
    throw error;
  }
  if (first !== rows) throw new UnreadableFlatColumn("rows other than the row group's");
}

const NO_ROWS = { levels: null, first: 0, rows: 0, dictionaryEncoded: false, indices: null, present: 0 } as const;

function dataPage(
  codec: string,
  bytes: Uint8Array,
  header: PageHeader,
  bodyEnd: number,
  column: FlatColumn,
  first: number,
): Page {
  const rows = header.rows;
  if (header.type === DATA_PAGE_V2 && header.rows !== header.values) throw new UnreadableFlatColumn("repeated values");
  let values: Uint8Array;
  let valuesStart: number;
  let levels: Uint8Array | null = null;
  let present = rows;
  if (header.type === DATA_PAGE_V2) {
    if (header.repetitionBytes !== 0) throw new UnreadableFlatColumn("repetition levels");
    const levelsEnd = header.bodyStart + header.definitionBytes;
    if (column.optional) {
      levels = reuseLevels(rows);
      present = hybridLevels(bytes, header.bodyStart, levelsEnd, rows, levels);
    } else if (header.definitionBytes !== 0) throw new UnreadableFlatColumn("levels of a required column");
    const size = header.uncompressedSize - header.definitionBytes;
    values = header.compressed ? pageBody(codec, bytes, levelsEnd, bodyEnd, size) : bytes.subarray(levelsEnd, bodyEnd);
    valuesStart = 0;
  } else {
    values = pageBody(codec, bytes, header.bodyStart, bodyEnd, header.uncompressedSize);
    valuesStart = 0;
    if (column.optional) {
      if (header.definitionEncoding !== RLE) throw new UnreadableFlatColumn("levels not RLE");
      const length = readUint32(values, 0);
      levels = reuseLevels(rows);
      present = hybridLevels(values, 4, 4 + length, rows, levels);
      valuesStart = 4 + length;
    }
  }
  const valuesEnd = values.length;
  const dictionaryEncoded = header.encoding === RLE_DICTIONARY || header.encoding === PLAIN_DICTIONARY;
  const booleanRuns = header.encoding === RLE && column.physical === "BOOLEAN";
  if (!dictionaryEncoded && !booleanRuns && header.encoding !== PLAIN) {
    throw new UnreadableFlatColumn(`encoding ${header.encoding}`);
  }
  let indices: Int32Array | null = null;
  if (dictionaryEncoded) {
    indices = reuseIndices(present);
    const width = values[valuesStart] as number;
    if (width > 32) throw new UnreadableFlatColumn("index width");
    decodeHybrid(values, valuesStart + 1, valuesEnd, width, present, indices);
  }
  return { header, values, valuesStart, valuesEnd, levels, first, rows, dictionaryEncoded, indices, present };
}

/** A page's body, decompressed into scratch (or itself, uncompressed). */
function pageBody(codec: string, bytes: Uint8Array, start: number, end: number, size: number): Uint8Array {
  if (codec === "UNCOMPRESSED") {
    if (end - start !== size) throw new UnreadableFlatColumn("page sizes");
    return bytes.subarray(start, end);
  }
  const decompress = PARQUET_DECOMPRESSORS[codec as keyof typeof PARQUET_DECOMPRESSORS];
  try {
    if (decompress !== undefined) return decompress(bytes.subarray(start, end), size);
    if (scratch.values.length < size) scratch.values = new Uint8Array(Math.max(size, scratch.values.length * 2));
    const out = scratch.values.subarray(0, size);
    snappyUncompress(bytes.subarray(start, end), out);
    return out;
  } catch (error) {
    throw new UnreadableFlatColumn(String(error));
  }
}

function reuseLevels(rows: number): Uint8Array {
  if (scratch.levels.length < rows) scratch.levels = new Uint8Array(Math.max(rows, scratch.levels.length * 2));
  return scratch.levels;
}

function reuseIndices(count: number): Int32Array {
  if (scratch.indices.length < count) scratch.indices = new Int32Array(Math.max(count, scratch.indices.length * 2));
  return scratch.indices;
}

/** Definition levels of a flat optional column (bit width 1) into `levels`; returns the non-null rows. */
function hybridLevels(bytes: Uint8Array, start: number, end: number, rows: number, levels: Uint8Array): number {
  const decoded = reuseIndices(rows);
  decodeHybrid(bytes, start, end, 1, rows, decoded);
  let present = 0;
  let other = 0;
  for (let r = 0; r < rows; r++) {
    const level = decoded[r] as number;
    other |= level & ~1;
    levels[r] = level;
    present += level;
  }
  if (other !== 0) throw new UnreadableFlatColumn("a definition level other than 0 or 1");
  return present;
}

/**
 * Parquet's RLE / bit-packing hybrid: runs of one repeated value, and groups of 8 values packed
 * `width` bits each, least significant bit first. Decodes `count` values into `out`.
 */
function decodeHybrid(bytes: Uint8Array, start: number, end: number, width: number, count: number, out: Int32Array) {
  let at = start;
  let n = 0;
  const valueBytes = (width + 7) >> 3;
  while (n < count) {
    if (at >= end) throw new UnreadableFlatColumn("levels or indices past their end");
    let header = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++] as number;
      header += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
      if (shift > 28) throw new UnreadableFlatColumn("run header");
    }
    if (header % 2 === 0) {
      const run = header / 2;
      let value = 0;
      for (let k = 0; k < valueBytes; k++) value += (bytes[at + k] as number) * 2 ** (8 * k);
      at += valueBytes;
      const to = Math.min(count, n + run);
      out.fill(value, n, to);
      n = to;
    } else {
      const values = ((header - 1) / 2) * 8;
      const to = Math.min(count, n + values);
      const groupEnd = at + (values * width) / 8;
      if (groupEnd > end) throw new UnreadableFlatColumn("packed values past their end");
      let bit = at * 8;
      if (width <= 24) {
        // Four bytes hold any value of up to 24 bits whatever its offset in the first.
        const mask = 2 ** width - 1;
        for (; n < to; n++) {
          const b = bit >> 3;
          const window =
            (bytes[b] as number) |
            ((bytes[b + 1] as number) << 8) |
            ((bytes[b + 2] as number) << 16) |
            ((bytes[b + 3] as number) << 24);
          out[n] = (window >>> (bit & 7)) & mask;
          bit += width;
        }
      } else {
        for (; n < to; n++) {
          let value = 0;
          for (let k = 0; k < width; k++) {
            const b = bit + k;
            if (((bytes[b >> 3] as number) >> (b & 7)) & 1) value += 2 ** k;
          }
          out[n] = value;
          bit += width;
        }
      }
      at = groupEnd;
    }
  }
}

interface TextEntries {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** A dictionary page's text entries, copied out of the scratch they were decompressed into. */
function textEntries(values: Uint8Array, start: number, end: number, count: number): TextEntries {
  const bytes = values.slice(start, end);
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  let at = 0;
  for (let k = 0; k < count; k++) {
    const from = at + 4;
    const to = from + readUint32(bytes, at);
    if (to > bytes.length) throw new UnreadableFlatColumn("dictionary past its end");
    if (!isUtf8Range(bytes, from, to)) throw new UnreadableFlatColumn("text that is not UTF-8");
    starts[k] = from;
    ends[k] = to;
    at = to;
  }
  return { bytes, starts, ends };
}

function plainNumbers(
  values: Uint8Array,
  start: number,
  end: number,
  physical: FlatColumn["physical"],
  into: Float64Array,
  at: number,
  levels: Uint8Array | null,
  rows: number,
): void {
  if (physical === "BOOLEAN") {
    plainBooleans(values, start, end, into, at, levels, rows);
    return;
  }
  const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
  const size = physical === "INT32" || physical === "FLOAT" ? 4 : 8;
  let p = start;
  for (let r = 0; r < rows; r++) {
    if (levels !== null && levels[r] === 0) {
      into[at + r] = Number.NaN;
      continue;
    }
    if (p + size > end) throw new UnreadableFlatColumn("numbers past the page's end");
    into[at + r] =
      physical === "DOUBLE"
        ? view.getFloat64(p, true)
        : physical === "INT32"
          ? view.getInt32(p, true)
          : physical === "FLOAT"
            ? view.getFloat32(p, true)
            : Number(view.getBigInt64(p, true));
    p += size;
  }
}

/** Plain booleans: one bit per non-null value, the lowest bit first. */
function plainBooleans(
  values: Uint8Array,
  start: number,
  end: number,
  into: Float64Array,
  at: number,
  levels: Uint8Array | null,
  rows: number,
): void {
  let v = 0;
  for (let r = 0; r < rows; r++) {
    if (levels !== null && levels[r] === 0) {
      into[at + r] = Number.NaN;
      continue;
    }
    const byte = start + (v >> 3);
    if (byte >= end) throw new UnreadableFlatColumn("booleans past the page's end");
    into[at + r] = ((values[byte] as number) >> (v & 7)) & 1;
    v++;
  }
}

function readUint32(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) throw new UnreadableFlatColumn("length past the end");
  return (
    ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16)) +
    (bytes[at + 3] as number) * 0x1000000
  );
}
