import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { InputError, type SourceLocation } from "@slipway/core";
import { Ajv } from "ajv";
import { MAX_COMMENT_BODY_LENGTH, stickyCommentBody } from "./comment-body.js";
import { MAX_KEY_LENGTH, markerKeysIn, sanitizeCommentKey } from "./comment-marker.js";

export const COMMENT_PAYLOAD_SCHEMA_ID = "slipway/comment-payload@1";

/**
 * What the unprivileged `pull_request` job hands to the privileged `workflow_run` job that posts
 * the comment: the comment and where it goes. The posting job treats it as untrusted, since the
 * code that wrote it came from the pull request.
 */
export interface CommentPayload {
  schema: typeof COMMENT_PAYLOAD_SCHEMA_ID;
  /** `owner/name` of the repository the pull request targets. */
  repository: string;
  issueNumber: number;
  key: string;
  body: string;
  /** The commit the comment describes: the pull request's head when the job ran. */
  headSha: string;
}

/**
 * Far above any valid payload (a body of 65,536 characters is at most ~400 KB as escaped JSON);
 * checked before parsing, so an oversized artifact costs no memory.
 */
export const MAX_COMMENT_PAYLOAD_BYTES = 512 * 1024;

// GitHub's rules: a login is up to 39 alphanumerics or single hyphens; a repository name up to
// 100 of [A-Za-z0-9._-]. A SHA is SHA-1 (40 hex) or, in SHA-256 repositories, 64 hex.
const payloadSchema = {
  type: "object",
  additionalProperties: false,
  required: ["schema", "repository", "issueNumber", "key", "body", "headSha"],
  properties: {
    schema: { const: COMMENT_PAYLOAD_SCHEMA_ID },
    repository: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$" },
    issueNumber: { type: "integer", minimum: 1, maximum: 2_147_483_647 },
    key: { type: "string", pattern: `^[A-Za-z0-9._-]{1,${MAX_KEY_LENGTH}}$` },
    body: { type: "string", minLength: 1, maxLength: MAX_COMMENT_BODY_LENGTH },
    headSha: { type: "string", pattern: "^([0-9a-f]{40}|[0-9a-f]{64})$" },
  },
} as const;

const validatePayload = new Ajv({ strict: true, allErrors: false }).compile<CommentPayload>(payloadSchema);

export type CommentPayloadInput = Omit<CommentPayload, "schema">;

/**
 * Checks a payload's content as the posting job will, before any API call: the schema, a
 * marker of another key smuggled into the body (which would let this comment pose as, or later
 * be taken for, another model's), and the length once the marker is added.
 */
function checkPayloadContent(payload: CommentPayload, location: SourceLocation | undefined): void {
  const stray = markerKeysIn(payload.body).find((key) => key !== payload.key);
  if (stray !== undefined) {
    throw new InputError(
      `the comment body carries the marker of key "${stray}"; only "${payload.key}" is allowed`,
      location,
    );
  }
  const length = stickyCommentBody(payload.key, payload.body).length;
  if (length > MAX_COMMENT_BODY_LENGTH) {
    throw new InputError(
      `the comment body is ${length} characters with its marker; GitHub accepts at most ${MAX_COMMENT_BODY_LENGTH}`,
      location,
    );
  }
}

/** The payload as JSON text, after the checks the posting job will make. */
export function serializeCommentPayload(input: CommentPayloadInput): string {
  const payload: CommentPayload = {
    schema: COMMENT_PAYLOAD_SCHEMA_ID,
    repository: input.repository,
    issueNumber: input.issueNumber,
    key: sanitizeCommentKey(input.key),
    body: input.body,
    headSha: input.headSha.toLowerCase(),
  };
  const text = `${JSON.stringify(payload, null, 2)}\n`;
  // Refusing here, in the job that renders, gives the author the error in their own run.
  parseCommentPayload(text);
  return text;
}

/** Writes the payload for the `workflow_run` job (uploaded as an artifact by the workflow). */
export async function writeCommentPayload(path: string, input: CommentPayloadInput): Promise<void> {
  const text = serializeCommentPayload(input);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, "utf8");
}

/**
 * Parses and validates an untrusted payload; every defect is an InputError with one line saying
 * what is wrong. `source` names the file in that message.
 */
export function parseCommentPayload(text: string, source?: string): CommentPayload {
  const location = source === undefined ? undefined : { file: source };
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_COMMENT_PAYLOAD_BYTES) {
    throw new InputError(
      `the comment payload is ${bytes} bytes; at most ${MAX_COMMENT_PAYLOAD_BYTES} are accepted`,
      location,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError("the comment payload is not valid JSON", location);
  }
  if (!validatePayload(value)) {
    const [error] = validatePayload.errors ?? [];
    const where = error?.instancePath ? error.instancePath.slice(1).replaceAll("/", ".") : "the payload";
    const what =
      error?.keyword === "additionalProperties"
        ? `has an unexpected field "${String(error.params.additionalProperty)}"`
        : error?.keyword === "const"
          ? `must be "${COMMENT_PAYLOAD_SCHEMA_ID}"`
          : (error?.message ?? "is invalid");
    throw new InputError(`invalid comment payload: ${where} ${what}`, location);
  }
  checkPayloadContent(value, location);
  return value;
}
