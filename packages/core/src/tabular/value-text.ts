/** Longest rendering of a user's value inside an error message; the rest is elided. */
const MAX_SHOWN = 40;

/**
 * A short, single-line rendering of a value for an error message: strings quoted, long values
 * cut, so that a multi-megabyte cell cannot flood a log line.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? "an empty value" : JSON.stringify(clip(value));
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? "an invalid date" : `the date ${value.toISOString()}`;
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

/** A name from the user's file (a column, a key, an id), quoted and cut to a readable length. */
export function quoteName(name: string): string {
  return JSON.stringify(clip(name));
}

function clip(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  return flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN)}…` : flat;
}
