/** What went wrong in a JSON text, for a one-line error message, and where. */
export interface JsonSyntaxProblem {
  readonly reason: string;
  /** 0-based offset into the text of the first character that cannot continue valid JSON. */
  readonly offset: number;
}

/**
 * Turns a `JSON.parse` SyntaxError into a short reason and an offset. The engine reports a
 * position for some errors only ("Unexpected token 'a', "[1, a]" is not valid JSON" has none),
 * so a missing position is found by bisection: the error sits right after the longest prefix
 * that could still begin a valid JSON text, and being such a prefix is preserved by shortening.
 */
export function describeJsonSyntaxError(error: unknown, text: string): JsonSyntaxProblem {
  const message = error instanceof Error ? error.message : String(error);
  let reason = message
    .replace(/\s+in JSON at position \d+.*$/s, "")
    .replace(/^(Unexpected token .*?), ".*" is not valid JSON$/s, "$1");
  if (/Unexpected end of JSON input/.test(message)) reason = "the text ends before the JSON value is complete";
  if (reason.length > 100) reason = `${reason.slice(0, 100)}…`;
  return { reason: reason.replace(/[\r\n]+/g, " "), offset: positionIn(message) ?? longestViablePrefix(text) };
}

function positionIn(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Whether `prefix` could be extended into valid JSON (an error only at its very end). */
function isViablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (/Unexpected end of JSON input/.test(message)) return true;
    const position = positionIn(message);
    return position !== undefined && position >= prefix.length;
  }
}

function longestViablePrefix(text: string): number {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (isViablePrefix(text.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** 1-based line and column of a 0-based offset in a text. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let nl = text.indexOf("\n"); nl !== -1 && nl < end; nl = text.indexOf("\n", nl + 1)) {
    line += 1;
    lineStart = nl + 1;
  }
  return { line, column: end - lineStart + 1 };
}
