/**
 * Where in a user's file something went wrong. `line`/`column` are 1-based and refer to text
 * files (YAML, JSON, TOML, JSONL); `row` is the 1-based data row of a tabular file (the header of a
 * CSV is not a data row).
 */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly row?: number;
}

/**
 * Bad input from the user: a file that does not parse, a value of the wrong type, a missing
 * baseline. Callers decide by type (never by message text): the CLI exits 2, an action fails its
 * step with one line, and nothing is written or posted.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  readonly location: SourceLocation | undefined;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(detail: string, location?: SourceLocation) {
    super(location ? `${formatLocation(location)}: ${detail}` : detail);
    this.detail = detail;
    this.location = location;
  }
}

/** `file:line:column`, `file: row N`, or just `file`, as editors and the runner expect. */
export function formatLocation(location: SourceLocation): string {
  const { file, line, column, row } = location;
  if (line !== undefined) return column !== undefined ? `${file}:${line}:${column}` : `${file}:${line}`;
  if (row !== undefined) return `${file}: row ${row}`;
  return file;
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
