import { InputError, type SourceLocation } from "../errors/input-error.js";
import { type CsvLineEnding, guessCsvLineEnding } from "./csv-line-ending.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** Beyond any index of a string (V8 strings hold under 2^30 characters). */
const NOT_FOUND = 0x7fffffff;

/** The records that one text chunk completed. */
export interface CsvChunkRecords {
  /** The header's fields, when the header record was completed by this chunk. */
  readonly header: readonly string[] | undefined;
  /** Data rows completed by this chunk (empty lines are not rows). */
  readonly length: number;
  /** Data rows before this chunk's first. */
  readonly rowStart: number;
  /** The first row whose field count differs from the header's, as a 1-based data row. */
  readonly ragged: { readonly row: number; readonly fields: number } | undefined;
  /** Field k of each row as a new array of strings, or undefined for a field not asked for. */
  cells(k: number): string[] | undefined;
  /**
   * What cutCells needs to make the same cells elsewhere, on another thread, without scanning
   * again: the text the rows were found in, and the bounds of every kept field, row by row, `width`
   * fields a row, in memory that other threads share (no copy is made to send them).
   */
  share(): { readonly text: string; readonly bounds: Int32Array; readonly width: number };
  /** The position among the kept fields of field k (for cutCells), or -1 when it was not kept. */
  keptIndex(k: number): number;
}

/**
 * Splits CSV text (comma-separated, RFC 4180 quoting: `""` inside quotes is one quote, and quoted
 * fields may hold commas and line ends) into records, chunk by chunk, keeping only where the fields
 * of the columns asked for are; the others are only stepped over, and no field becomes a string
 * until its column's cells are asked for. A record cut by the end of a chunk is carried into the
 * next.
 *
 * It reads every text exactly as papaparse 5 did with `skipEmptyLines: true`, so that no file
 * reads differently now that papaparse is gone:
 * - The line ending is guessed once, from the first chunk (see guessCsvLineEnding). With `\r\n`, a
 *   lone `\r` or `\n` is text in its field; with `\n`, a `\r` before it stays at the end of an
 *   unquoted field; a lone `\r` ends records only in files whose guess is `\r`.
 * - A line holding one empty field (`` or `""`) is skipped as an empty line.
 * - After a closing quote, whitespace (as String.prototype.trim sees it, a stray `\r` included) may
 *   come before the comma or line end and is dropped; anything else there makes the field malformed.
 * - A quote that does not open a field is an ordinary character.
 * - A quote error's row counts the records before it, the header as record 0 (reported as line 1),
 *   plus the empty lines before it in the same chunk, as papaparse counted them.
 * A chunk ending inside the whitespace after a closing quote waits for the next chunk instead of
 * calling the field malformed, as papaparse wrongly did (a `\r\n` file cut between `\r` and `\n`
 * after a quoted last field failed at random 8 MB boundaries).
 */
export class CsvRecordScanner {
  private readonly file: string;
  private readonly wanted: readonly string[] | undefined;
  private lineEnding: CsvLineEnding | undefined;
  /** The start of a record the previous chunk did not complete. */
  private carry = "";
  private header: string[] | undefined;
  private width = 0;
  /** Indices of the fields to turn into strings, ascending. */
  private wantedFields: readonly number[] = [];
  /** Non-empty records completed so far, the header included. */
  private records = 0;
  /** Empty lines completed since the current chunk's text began: quote errors count them. */
  private emptyInChunk = 0;
  /** The current record's fields: field k spans text[starts[k], ends[k]), or up to ~ends[k] with `""` escapes. */
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  /** Whether no text follows the text being scanned but, maybe, an unfinished record's rest. */
  private textEndsFile = false;
  /** Rows of the previous chunk: the next chunk's first guess at how many it holds. */
  private rowsPerChunk = 0;
  /** Set by scanQuotedField: whether the quoted field ended its record. */
  private quotedEndsRecord = false;

  constructor(file: string, columns: readonly string[] | undefined) {
    this.file = file;
    this.wanted = columns;
  }

  /**
   * Scans the next chunk of text; the records it completes are returned, the rest is carried.
   * `last` says no chunk follows: whitespace after a closing quote that runs to its end is then a
   * malformed field at once, as papaparse reported it, before the chunk's other problems.
   */
  scan(chunk: string, last: boolean): CsvChunkRecords {
    return this.scanText(this.carry + chunk, false, last);
  }

  /** Scans what the last chunk left: at the end of the file, its last record needs no line end. */
  end(): CsvChunkRecords {
    return this.scanText(this.carry, true, true);
  }

  /**
   * Scans the records of `text` and keeps, for each row, where its wanted fields are; the strings
   * are cut later, column by column, when a reader of the batch asks (so they are made next to
   * where they are used, and never for a column no one reads). Unquoted fields are found with
   * indexOf, which searches one-byte strings natively (several times faster here than a
   * charCodeAt loop); the next comma and line end are kept until passed, so each is searched for
   * once.
   */
  private scanText(text: string, final: boolean, last: boolean): CsvChunkRecords {
    this.textEndsFile = last;
    this.lineEnding ??= guessCsvLineEnding(text);
    const lineEnding = this.lineEnding;
    const lineEndLength = lineEnding.length;
    this.emptyInChunk = 0;
    const headerBefore = this.header;
    const length = text.length;
    let starts = this.starts;
    let ends = this.ends;
    let comma = -1;
    let lineEnd = -1;
    let rows = 0;
    let ragged: CsvChunkRecords["ragged"];
    let wantedFields = this.wantedFields;
    let wantedCount = wantedFields.length;
    let bounds = this.newBounds(wantedCount, length);
    let at = 0;
    records: while (at < length) {
      let k = 0;
      let i = at;
      for (;;) {
        if (k === starts.length) {
          this.growFields();
          starts = this.starts;
          ends = this.ends;
        }
        if (text.charCodeAt(i) === QUOTE) {
          const next = this.scanQuotedField(text, i, k, final);
          if (next < 0) break records;
          k += 1;
          i = next;
          if (this.quotedEndsRecord) break;
          continue;
        }
        if (comma < i) {
          comma = text.indexOf(",", i);
          if (comma === -1) comma = NOT_FOUND;
        }
        if (lineEnd < i) {
          lineEnd = text.indexOf(lineEnding, i);
          if (lineEnd === -1) lineEnd = NOT_FOUND;
        }
        starts[k] = i;
        if (comma < lineEnd) {
          ends[k] = comma;
          k += 1;
          i = comma + 1;
          continue;
        }
        if (lineEnd !== NOT_FOUND) {
          ends[k] = lineEnd;
          k += 1;
          i = lineEnd + lineEndLength;
          break;
        }
        if (!final) break records;
        ends[k] = length;
        k += 1;
        i = length;
        break;
      }
      at = i;
      if (k === 1 && starts[0] === ends[0]) {
        this.emptyInChunk += 1;
        continue;
      }
      if (this.header === undefined) {
        this.takeHeader(text, k);
        wantedFields = this.wantedFields;
        wantedCount = wantedFields.length;
        bounds = this.newBounds(wantedCount, length);
      } else {
        if (k !== this.width && ragged === undefined) ragged = { row: this.records, fields: k };
        let o = rows * wantedCount * 2;
        if (o + wantedCount * 2 > bounds.length) {
          const grown = sharedInt32Array(bounds.length * 2);
          grown.set(bounds);
          bounds = grown;
        }
        for (let w = 0; w < wantedCount; w += 1) {
          const field = wantedFields[w] as number;
          // A row too short for a wanted field is ragged and fails the read; its cell is "".
          bounds[o] = field < k ? (starts[field] as number) : 0;
          bounds[o + 1] = field < k ? (ends[field] as number) : 0;
          o += 2;
        }
        rows += 1;
      }
      this.records += 1;
    }
    this.carry = at < length ? text.slice(at) : "";
    if (rows > 0) this.rowsPerChunk = rows;
    return {
      header: headerBefore === undefined ? this.header : undefined,
      length: rows,
      rowStart: rows === 0 ? 0 : this.records - rows - 1,
      ragged,
      cells: (k) => {
        const w = wantedFields.indexOf(k);
        return w === -1 ? undefined : cutCells(text, rows, w, wantedCount, bounds);
      },
      share: () => ({ text, bounds, width: wantedCount }),
      keptIndex: (k) => wantedFields.indexOf(k),
    };
  }

  /**
   * Room for the wanted fields' bounds of as many rows as the last chunk had, and some more; never
   * more rows than the text has characters (each row but a file's last ends in a line end).
   */
  private newBounds(wantedCount: number, textLength: number): Int32Array {
    const rows = Math.min(Math.ceil(this.rowsPerChunk * 1.125), textLength + 1);
    return sharedInt32Array(Math.max(1024, rows * wantedCount * 2));
  }

  private takeHeader(text: string, fields: number): void {
    const names: string[] = [];
    for (let k = 0; k < fields; k += 1) names.push(fieldText(text, this.starts[k] as number, this.ends[k] as number));
    const wanted = this.wanted ?? names;
    this.header = names;
    this.width = names.length;
    this.wantedFields = names.flatMap((name, k) => (wanted.includes(name) ? [k] : []));
  }

  /**
   * Finds the end of the quoted field k opening at `open`; returns where the next field or record
   * starts (setting quotedEndsRecord), or -1 when more text is needed to tell.
   */
  private scanQuotedField(text: string, open: number, k: number, final: boolean): number {
    const length = text.length;
    const lineEnd = this.lineEnding === "\n" ? NEWLINE : CARRIAGE_RETURN;
    const crlf = this.lineEnding === "\r\n";
    let escaped = false;
    let from = open + 1;
    for (;;) {
      const close = text.indexOf('"', from);
      if (close === -1) {
        if (!final) return -1;
        throw this.quoteError('has a quoted field that is never closed; expected a closing "');
      }
      if (close + 1 === length) {
        if (!final) return -1;
        this.setQuotedField(k, open, close, escaped);
        this.quotedEndsRecord = true;
        return length;
      }
      if (text.charCodeAt(close + 1) === QUOTE) {
        escaped = true;
        from = close + 2;
        continue;
      }
      for (let j = close + 1; j < length; j += 1) {
        const c = text.charCodeAt(j);
        if (c === COMMA) {
          this.setQuotedField(k, open, close, escaped);
          this.quotedEndsRecord = false;
          return j + 1;
        }
        if (c === lineEnd) {
          if (!crlf) {
            this.setQuotedField(k, open, close, escaped);
            this.quotedEndsRecord = true;
            return j + 1;
          }
          if (j + 1 < length) {
            if (text.charCodeAt(j + 1) === NEWLINE) {
              this.setQuotedField(k, open, close, escaped);
              this.quotedEndsRecord = true;
              return j + 2;
            }
          } else if (!this.textEndsFile) {
            return -1;
          }
        }
        if (!isTrimmedWhitespace(c)) throw this.malformedQuoteError();
      }
      if (!this.textEndsFile) return -1;
      throw this.malformedQuoteError();
    }
  }

  private setQuotedField(k: number, open: number, close: number, escaped: boolean): void {
    this.starts[k] = open + 1;
    this.ends[k] = escaped ? ~close : close;
  }

  private growFields(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  private malformedQuoteError(): InputError {
    return this.quoteError(
      'has a malformed quoted field; expected the closing " to be followed by a comma or the end of the line',
    );
  }

  private quoteError(detail: string): InputError {
    const record = this.records + this.emptyInChunk;
    const location: SourceLocation = record === 0 ? { file: this.file, line: 1 } : { file: this.file, row: record };
    return new InputError(detail, location);
  }
}

/**
 * The cells of the w-th of `width` fields kept per row, over `rows` rows, cut from `text`: `bounds`
 * holds, row by row, each kept field's start and end (an end below zero is ~end of a field with
 * `""` escapes).
 */
export function cutCells(text: string, rows: number, w: number, width: number, bounds: Int32Array): string[] {
  const stride = width * 2;
  const cells = new Array<string>(rows);
  for (let r = 0, o = w * 2; r < rows; r += 1, o += stride) {
    const start = bounds[o] as number;
    const end = bounds[o + 1] as number;
    cells[r] = end >= 0 ? text.slice(start, end) : fieldText(text, start, end);
  }
  return cells;
}

function fieldText(text: string, start: number, end: number): string {
  return end >= 0 ? text.slice(start, end) : text.slice(start, ~end).replaceAll('""', '"');
}

/** Shared memory, so that a chunk's bounds reach other threads without being copied (see share). */
function sharedInt32Array(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}

/** The characters String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator). */
function isTrimmedWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
