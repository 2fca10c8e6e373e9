/** The record separator of a CSV file; any other `\r` or `\n` is text inside a field. */
export type CsvLineEnding = "\n" | "\r\n" | "\r";

/** Only the start of the text decides, so guessing costs the same for any file size. */
const GUESS_CHARS = 1024 * 1024;

/**
 * Guesses a CSV file's line ending from its first text chunk, the way papaparse 5 does (its
 * `guessLineEndings`), so that files read before and after papaparse was replaced split into the
 * same records: ignoring quoted text, `\n` when there is no `\r` or a `\n` comes first; otherwise
 * `\r\n` when at least half the `\r`-separated pieces start with `\n`, else a lone `\r` (old Mac
 * files).
 */
export function guessCsvLineEnding(firstChunk: string): CsvLineEnding {
  const unquoted = firstChunk.substring(0, GUESS_CHARS).replace(/"[\s\S]*?"/g, "");
  const byCarriageReturn = unquoted.split("\r");
  const byNewline = unquoted.split("\n");
  const newlineFirst = byNewline.length > 1 && (byNewline[0] as string).length < (byCarriageReturn[0] as string).length;
  if (byCarriageReturn.length === 1 || newlineFirst) return "\n";
  let followedByNewline = 0;
  for (const piece of byCarriageReturn) if (piece[0] === "\n") followedByNewline += 1;
  return followedByNewline >= byCarriageReturn.length / 2 ? "\r\n" : "\r";
}
