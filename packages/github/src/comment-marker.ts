import { InputError } from "@slipway/core";

/** Characters a marker key may hold; anything else could close the HTML comment or fool a match. */
const KEY_CHARACTER = /[A-Za-z0-9._-]/;
export const MAX_KEY_LENGTH = 100;

/**
 * The key as it appears in the marker: every character outside [A-Za-z0-9._-] becomes `-`
 * (`models/churn` → `models-churn`). Distinct keys can meet after this (`a/b`, `a b`); keys
 * are model names chosen by the maintainer, who keeps them apart.
 */
export function sanitizeCommentKey(key: string): string {
  const sanitized = Array.from(key, (c) => (KEY_CHARACTER.test(c) ? c : "-")).join("");
  if (sanitized === "") throw new InputError("the sticky comment key is empty");
  if (sanitized.length > MAX_KEY_LENGTH) {
    throw new InputError(`the sticky comment key is longer than ${MAX_KEY_LENGTH} characters: "${key}"`);
  }
  return sanitized;
}

/** The hidden line that names a sticky comment; GitHub renders nothing for an HTML comment. */
export function commentMarker(key: string): string {
  return `<!-- slipway:model-diff:${sanitizeCommentKey(key)} -->`;
}

/**
 * Every marker key in a text, found leniently (any spacing, any key characters) so that a body
 * cannot smuggle in a near-miss of another key's marker that a later reader might accept.
 */
export function markerKeysIn(text: string): string[] {
  return Array.from(text.matchAll(/<!--\s*slipway:model-diff:([^\s>]*?)\s*-->/g), (m) => m[1] ?? "");
}
