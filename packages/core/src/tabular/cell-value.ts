/** Whether a cell holds nothing: an empty CSV field, a JSON null or absent key, a Parquet null. */
export function isMissingCell(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/**
 * A cell as a number: numbers as they are, bigints converted, text parsed as a decimal number.
 * NaN when the cell is not numeric (including empty text, which `Number` would read as 0, and
 * booleans, which are not measurements).
 */
export function cellNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const n = Number(value);
    return n === 0 && value.trim() === "" ? Number.NaN : n;
  }
  if (typeof value === "bigint") return Number(value);
  return Number.NaN;
}

/** A cell as 0 or 1: the numbers 0 and 1, true/false, or that text; -1 when it is neither. */
export function cellBinary(value: unknown): number {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    if (value === "1" || value === "0") return value === "1" ? 1 : 0;
    const lower = value.trim().toLowerCase();
    if (lower === "true") return 1;
    if (lower === "false") return 0;
  }
  const n = cellNumber(value);
  return n === 0 || n === 1 ? n : -1;
}

/** A cell as text, for ids, class names and slice values; undefined when it is missing. */
export function cellText(value: unknown): string | undefined {
  if (isMissingCell(value)) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, inner) => (typeof inner === "bigint" ? inner.toString() : inner));
}
