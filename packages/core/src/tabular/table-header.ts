import { InputError, type SourceLocation } from "../errors/input-error.js";

/** Column names must be non-empty and distinct, or no column could be named unambiguously. */
export function checkHeaderNames(names: readonly string[], location: SourceLocation): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (name.trim() === "") {
      throw new InputError(`column ${index + 1} of the header has no name; expected a column name`, location);
    }
    if (seen.has(name)) {
      throw new InputError(`names the column "${name}" twice; expected distinct column names`, location);
    }
    seen.add(name);
  });
}
