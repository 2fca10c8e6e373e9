import { InputError } from "../errors/input-error.js";
import { describeJsonSyntaxError } from "./json-syntax-error.js";
import type { ReadTableOptions, TableBatch, TableHeader } from "./table-batch.js";
import { checkHeaderNames } from "./table-header.js";
import { readUtf8Chunks } from "./utf8-text.js";
import { describeValue, quoteName } from "./value-text.js";

const BATCH_ROWS = 16_384;

/**
 * Streams a JSON Lines file: one JSON object per line, blank lines skipped. The first object's
 * keys are the columns; a later object may leave a key out (its cell reads as undefined) but may
 * not bring a new one, since columns are fixed before rows are read. A broken line is reported
 * at its own line number.
 */
export async function readJsonlTable(file: string, options: ReadTableOptions): Promise<TableHeader> {
  let header: TableHeader | undefined;
  let known = new Set<string>();
  let wanted: string[] = [];
  let firstLine = 0;
  let cells = new Map<string, unknown[]>();
  let lines: number[] = [];
  let rowStart = 0;

  const flush = (): void => {
    if (lines.length === 0) return;
    options.onBatch(jsonlBatch(file, rowStart, cells, lines));
    rowStart += lines.length;
    cells = new Map(wanted.map((name) => [name, []]));
    lines = [];
  };

  const take = (text: string, line: number): void => {
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const problem = describeJsonSyntaxError(error, text);
      throw new InputError(`is not valid JSON (${problem.reason}); expected one JSON object per line`, {
        file,
        line,
        column: problem.offset + 1,
      });
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new InputError(`holds ${describeValue(value)}; expected a JSON object on each line`, { file, line });
    }
    const record = value as Record<string, unknown>;
    if (header === undefined) {
      const columns = Object.keys(record);
      checkHeaderNames(columns, { file, line });
      firstLine = line;
      header = { file, format: "jsonl", columns, location: { file, line }, rowCount: undefined };
      known = new Set(columns);
      wanted = options.columns ? columns.filter((name) => options.columns?.includes(name)) : columns;
      cells = new Map(wanted.map((name) => [name, []]));
      options.onHeader?.(header);
    } else {
      for (const key in record) {
        if (!known.has(key)) {
          throw new InputError(
            `has the key ${quoteName(key)}, which the first record (line ${firstLine}) lacks; expected every record to use the first record's keys`,
            { file, line },
          );
        }
      }
    }
    for (const [name, column] of cells) column.push(record[name]);
    lines.push(line);
    if (lines.length >= BATCH_ROWS) flush();
  };

  let line = 0;
  let carry = "";
  for await (const chunk of readUtf8Chunks(file)) {
    const text = carry.length > 0 ? carry + chunk : chunk;
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      line += 1;
      take(text.slice(start, nl), line);
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  if (carry.length > 0) take(carry, line + 1);
  flush();
  if (header === undefined) throw new InputError("is empty; expected one JSON object per line", { file, line: 1 });
  return header;
}

function jsonlBatch(
  file: string,
  rowStart: number,
  cells: ReadonlyMap<string, unknown[]>,
  lines: readonly number[],
): TableBatch {
  return {
    length: lines.length,
    rowStart,
    column: (name) => cells.get(name),
    locate: (r) => ({ file, line: lines[r] as number }),
  };
}
