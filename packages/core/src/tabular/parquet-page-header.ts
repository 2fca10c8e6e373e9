/**
 * A Parquet page header, as far as decoding a flat column needs it. Parquet writes headers in
 * Thrift's compact protocol (parquet-format, `PageHeader` in parquet.thrift); the fields read
 * here are listed with their ids, and every other field is skipped.
 */
export interface PageHeader {
  /** 0 data page, 2 dictionary page, 3 data page v2 (1, an index page, is skipped). */
  readonly type: number;
  readonly uncompressedSize: number;
  readonly compressedSize: number;
  /** Values in the page, nulls included (a dictionary page: its entries). */
  readonly values: number;
  /** Rows (v2; for a flat column, v1 has one row per value). */
  readonly rows: number;
  /** The values' encoding (parquet.thrift `Encoding`: 0 plain, 2 plain dictionary, 8 RLE dictionary…). */
  readonly encoding: number;
  /** v1: the definition levels' encoding (3 RLE). */
  readonly definitionEncoding: number;
  /** v2: the byte lengths of the levels, which precede the (maybe compressed) values uncompressed. */
  readonly definitionBytes: number;
  readonly repetitionBytes: number;
  /** v2: whether the values are compressed (by default they are). */
  readonly compressed: boolean;
  /** Where the page's body starts, just past the header. */
  readonly bodyStart: number;
}

/** Thrift compact protocol field types. */
const BOOLEAN_TRUE = 1;
const BOOLEAN_FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;

/** Thrown on a header that does not parse; the caller reads the file another way. */
export class MalformedPageHeader extends Error {}

/** Reads the page header at `at` of `bytes`. */
export function readPageHeader(bytes: Uint8Array, at: number): PageHeader {
  const reader = new CompactReader(bytes, at);
  const header = {
    type: -1,
    uncompressedSize: 0,
    compressedSize: 0,
    values: 0,
    rows: -1,
    encoding: 0,
    definitionEncoding: 3,
    definitionBytes: 0,
    repetitionBytes: 0,
    compressed: true,
    bodyStart: 0,
  };
  reader.struct((id, type) => {
    if (id === 1 && type === I32) header.type = reader.i32();
    else if (id === 2 && type === I32) header.uncompressedSize = reader.i32();
    else if (id === 3 && type === I32) header.compressedSize = reader.i32();
    else if (id === 5 && type === STRUCT) {
      reader.struct((field, kind) => {
        if (field === 1 && kind === I32) header.values = reader.i32();
        else if (field === 2 && kind === I32) header.encoding = reader.i32();
        else if (field === 3 && kind === I32) header.definitionEncoding = reader.i32();
        else reader.skip(kind);
      });
    } else if (id === 7 && type === STRUCT) {
      reader.struct((field, kind) => {
        if (field === 1 && kind === I32) header.values = reader.i32();
        else if (field === 2 && kind === I32) header.encoding = reader.i32();
        else reader.skip(kind);
      });
    } else if (id === 8 && type === STRUCT) {
      reader.struct((field, kind) => {
        if (field === 1 && kind === I32) header.values = reader.i32();
        else if (field === 3 && kind === I32) header.rows = reader.i32();
        else if (field === 4 && kind === I32) header.encoding = reader.i32();
        else if (field === 5 && kind === I32) header.definitionBytes = reader.i32();
        else if (field === 6 && kind === I32) header.repetitionBytes = reader.i32();
        else if (field === 7 && (kind === BOOLEAN_TRUE || kind === BOOLEAN_FALSE))
          header.compressed = kind === BOOLEAN_TRUE;
        else reader.skip(kind);
      });
    } else reader.skip(type);
  });
  if (header.type < 0 || header.compressedSize < 0 || header.uncompressedSize < 0 || header.values < 0) {
    throw new MalformedPageHeader("page header");
  }
  if (header.rows === -1) header.rows = header.values;
  header.bodyStart = reader.at;
  return header;
}

/** Thrift's compact protocol, reading: varints, zigzag integers, and fields by delta-coded ids. */
class CompactReader {
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
  ) {}

  private byte(): number {
    if (this.at >= this.bytes.length) throw new MalformedPageHeader("past the end");
    return this.bytes[this.at++] as number;
  }

  /** An unsigned varint of up to 35 bits, as a number; longer ones are read and their excess ignored. */
  private varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      const b = this.byte();
      if (i < 5) value += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return value;
      if (i > 9) throw new MalformedPageHeader("varint");
    }
  }

  i32(): number {
    const v = this.varint();
    if (v > 0xffff_ffff) throw new MalformedPageHeader("i32");
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  /** Calls `field` with each field's id and type, until the struct's stop field. */
  struct(field: (id: number, type: number) => void): void {
    let id = 0;
    for (;;) {
      const head = this.byte();
      if (head === 0) return;
      const delta = head >> 4;
      id = delta === 0 ? this.i32() : id + delta;
      field(id, head & 0x0f);
    }
  }

  skip(type: number): void {
    switch (type) {
      case BOOLEAN_TRUE:
      case BOOLEAN_FALSE:
        return;
      case BYTE:
        this.at += 1;
        return;
      case I16:
      case I32:
      case I64:
        this.varint();
        return;
      case DOUBLE:
        this.at += 8;
        return;
      case BINARY: {
        const length = this.varint();
        this.at += length;
        return;
      }
      case LIST:
      case SET: {
        const head = this.byte();
        const size = head >> 4 === 15 ? this.varint() : head >> 4;
        const element = head & 0x0f;
        for (let i = 0; i < size; i++)
          this.skip(element === BOOLEAN_TRUE || element === BOOLEAN_FALSE ? BYTE : element);
        return;
      }
      case MAP: {
        const size = this.varint();
        if (size === 0) return;
        const kinds = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(kinds >> 4);
          this.skip(kinds & 0x0f);
        }
        return;
      }
      case STRUCT:
        this.struct((_, kind) => this.skip(kind));
        return;
      default:
        throw new MalformedPageHeader(`field type ${type}`);
    }
  }
}
