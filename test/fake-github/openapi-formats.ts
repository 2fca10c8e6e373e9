import type { Format } from "ajv";

// The `format` values GitHub's description uses for the operations the fake implements.
// Ajv checks no format unless told how; these are the checks, kept to what the values mean.

// RFC 3339 §5.6 `date-time`: full-date "T" full-time, with a "Z" or numeric offset.
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

// The WHATWG URL parser is the judge of an absolute URI; URI templates such as
// `https://api.github.com/repos/o/r/git/blobs{/sha}` are documented as `uri` and parse too.
function isUri(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export const OPENAPI_FORMATS: Record<string, Format> = {
  "date-time": { type: "string", validate: (value: string) => DATE_TIME.test(value) },
  uri: { type: "string", validate: isUri },
  // A deliberately loose mailbox check: local part, "@", a domain with a dot.
  email: { type: "string", validate: (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) },
  int64: {
    type: "number",
    validate: (value: number) => Number.isInteger(value),
  },
  // GitHub's "name with owner" of a repository: `owner/name`.
  "repo.nwo": { type: "string", validate: (value: string) => /^[^/\s]+\/[^/\s]+$/.test(value) },
};
