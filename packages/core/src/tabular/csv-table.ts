import { Readable } from "node:stream";
import Papa from "papaparse";
import { InputError, type SourceLocation } from "../errors/input-error.js";
import type { ReadTableOptions, TableBatch, TableHeader } from "./table-batch.js";
import { checkHeaderNames } from "./table-header.js";
import { readUtf8Chunks } from "./utf8-text.js";

/**
 * Streams a CSV file (comma-separated, RFC 4180 quoting, first record is the header) in chunks
 * of about 8 MB. papaparse takes its fast path on any chunk without a quote character.
 * Rows are located as 1-based data rows (the header is not a data row), which stays right when
 * a quoted field spans lines.
 */
export function readCsvTable(file: string, options: ReadTableOptions): Promise<TableHeader> {
  return new Promise<TableHeader>((resolve, reject) => {
    const input = Readable.from(readUtf8Chunks(file));
    let header: TableHeader | undefined;
    let width = 0;
    let columnIndex = new Map<string, number>();
    /** Records parsed so far, the header included: record k is data row k. */
    let records = 0;
    let settled = false;
    const fail = (error: unknown, parser?: Papa.Parser): void => {
      if (settled) return;
      settled = true;
      parser?.abort();
      input.destroy();
      reject(error);
    };

    Papa.parse<string[]>(input, {
      delimiter: ",",
      header: false,
      skipEmptyLines: true,
      chunk(results, parser) {
        if (settled) return;
        try {
          const data = results.data;
          const problem = results.errors[0];
          if (problem) throw csvSyntaxError(file, problem, records);
          let start = 0;
          if (header === undefined && data.length > 0) {
            const names = data[0] as string[];
            checkHeaderNames(names, { file, line: 1 });
            header = {
              file,
              format: "csv",
              columns: names,
              location: { file, line: 1 },
              rowCount: undefined,
            };
            width = names.length;
            const wanted = options.columns ?? names;
            columnIndex = new Map(
              names.flatMap((name, index) => (wanted.includes(name) ? [[name, index] as const] : [])),
            );
            options.onHeader?.(header);
            start = 1;
          }
          for (let i = start; i < data.length; i += 1) {
            const row = data[i] as string[];
            if (row.length !== width) {
              throw new InputError(
                `has ${row.length} field${row.length === 1 ? "" : "s"}; expected ${width}, as in the header`,
                { file, row: records + i },
              );
            }
          }
          const length = data.length - start;
          if (length > 0) options.onBatch(csvBatch(file, data, start, records + start - 1, columnIndex));
          records += data.length;
        } catch (error) {
          fail(error, parser);
        }
      },
      complete() {
        if (settled) return;
        if (header === undefined) {
          fail(new InputError("is empty; expected a header row naming the columns", { file, line: 1 }));
          return;
        }
        settled = true;
        resolve(header);
      },
      error(error: Error) {
        fail(error);
      },
    });
  });
}

function csvBatch(
  file: string,
  data: readonly string[][],
  start: number,
  rowStart: number,
  columnIndex: ReadonlyMap<string, number>,
): TableBatch {
  const length = data.length - start;
  const cache = new Map<string, string[]>();
  return {
    length,
    rowStart,
    column(name) {
      const index = columnIndex.get(name);
      if (index === undefined) return undefined;
      let cells = cache.get(name);
      if (cells === undefined) {
        cells = new Array<string>(length);
        for (let r = 0; r < length; r += 1) cells[r] = (data[start + r] as string[])[index] as string;
        cache.set(name, cells);
      }
      return cells;
    },
    locate(r): SourceLocation {
      return { file, row: rowStart + r + 1 };
    },
  };
}

function csvSyntaxError(file: string, problem: Papa.ParseError, recordsBefore: number): InputError {
  const record = recordsBefore + (problem.row ?? 0);
  const location: SourceLocation = record === 0 ? { file, line: 1 } : { file, row: record };
  switch (problem.code) {
    case "MissingQuotes":
      return new InputError('has a quoted field that is never closed; expected a closing "', location);
    case "InvalidQuotes":
      return new InputError(
        'has a malformed quoted field; expected the closing " to be followed by a comma or the end of the line',
        location,
      );
    default:
      return new InputError(`is not valid CSV (${problem.message}); expected comma-separated fields`, location);
  }
}
