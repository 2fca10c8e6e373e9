/**
 * Matches a slice name (`region=eu`) against a rule's slice glob (`region=*`, `region=e*`,
 * `tier=?`): `*` is any run of characters, `?` exactly one, everything else is literal and
 * case-sensitive. Slice values are data, not paths, so `*` also crosses `/` and `.` (which a path
 * glob library would treat specially); that is why this is not delegated to one.
 */
export function matchesSliceGlob(glob: string, slice: string): boolean {
  // Iterative wildcard matching with one backtrack point (the last `*`): O(|glob|·|slice|) worst case.
  let g = 0;
  let s = 0;
  let star = -1;
  let resume = 0;
  while (s < slice.length) {
    const c = glob[g];
    if (c === "*") {
      star = g++;
      resume = s;
    } else if (c !== undefined && (c === "?" || c === slice[s])) {
      g++;
      s++;
    } else if (star >= 0) {
      g = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (glob[g] === "*") g++;
  return g === glob.length;
}

/** True when the glob names one slice only (no wildcard), so a missing slice can be reported by name. */
export function isLiteralSlice(glob: string): boolean {
  return !glob.includes("*") && !glob.includes("?");
}
