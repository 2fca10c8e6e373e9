/**
 * Finds a repeated group that itself holds an unbounded repetition, such as `(a+)+`, `(\w*)*` or
 * `(x+y?){2,}`: the shape behind most catastrophic backtracking in a backtracking engine like
 * JavaScript's, where a non-matching cell can take time exponential in its length (OWASP,
 * "Regular expression Denial of Service - ReDoS"). Returns the offending group's text, or
 * undefined when there is none. Overlapping alternatives under a repetition (`(a|a)*`) are not
 * detected; `docs/contracts.md` says so.
 */
export function nestedQuantifier(pattern: string): string | undefined {
  interface Group {
    readonly start: number;
    repeatsInside: boolean;
  }
  const stack: Group[] = [{ start: 0, repeatsInside: false }];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "\\") {
      i += 2;
      const quantifier = quantifierAt(pattern, i);
      if (quantifier.unbounded) stack[stack.length - 1]!.repeatsInside = true;
      i += quantifier.length;
      continue;
    }
    if (ch === "[") {
      i = classEnd(pattern, i);
      const quantifier = quantifierAt(pattern, i);
      if (quantifier.unbounded) stack[stack.length - 1]!.repeatsInside = true;
      i += quantifier.length;
      continue;
    }
    if (ch === "(") {
      stack.push({ start: i, repeatsInside: false });
      i += 1;
      continue;
    }
    if (ch === ")" && stack.length > 1) {
      const group = stack.pop()!;
      i += 1;
      const quantifier = quantifierAt(pattern, i);
      if (group.repeatsInside && quantifier.repeats) return pattern.slice(group.start, i + quantifier.length);
      const parent = stack[stack.length - 1]!;
      parent.repeatsInside ||= group.repeatsInside || quantifier.unbounded;
      i += quantifier.length;
      continue;
    }
    i += 1;
    const quantifier = quantifierAt(pattern, i);
    if (quantifier.unbounded) stack[stack.length - 1]!.repeatsInside = true;
    i += quantifier.length;
  }
  return undefined;
}

interface Quantifier {
  /** Characters the quantifier (with a trailing lazy or possessive mark) takes up. */
  readonly length: number;
  /** Whether it allows more than one repetition. */
  readonly repeats: boolean;
  /** Whether it allows any number of repetitions. */
  readonly unbounded: boolean;
}

const NONE: Quantifier = { length: 0, repeats: false, unbounded: false };

function quantifierAt(pattern: string, i: number): Quantifier {
  const ch = pattern[i];
  let quantifier: Quantifier = NONE;
  if (ch === "*" || ch === "+") quantifier = { length: 1, repeats: true, unbounded: true };
  else if (ch === "?") quantifier = { length: 1, repeats: false, unbounded: false };
  else if (ch === "{") {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (match) {
      const low = Number(match[1]);
      const high = match[2] === undefined ? low : match[3] === "" ? Number.POSITIVE_INFINITY : Number(match[3]);
      quantifier = { length: match[0].length, repeats: high > 1, unbounded: high === Number.POSITIVE_INFINITY };
    }
  }
  if (quantifier.length > 0 && pattern[i + quantifier.length] === "?") {
    quantifier = { ...quantifier, length: quantifier.length + 1 };
  }
  return quantifier;
}

/** The index just past a character class that starts at `i`. */
function classEnd(pattern: string, i: number): number {
  let j = i + 1;
  if (pattern[j] === "^") j += 1;
  while (j < pattern.length && pattern[j] !== "]") j += pattern[j] === "\\" ? 2 : 1;
  return j + 1;
}
