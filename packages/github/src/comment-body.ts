import { commentMarker } from "./comment-marker.js";

/**
 * GitHub refuses an issue comment body longer than 65,536 characters (422 "Body is too long").
 * Slipway counts UTF-16 code units, which are never fewer than the characters GitHub counts.
 */
export const MAX_COMMENT_BODY_LENGTH = 65_536;

/** A comment body that GitHub would refuse as too long; the renderer must shorten it first. */
export class CommentTooLongError extends Error {
  override readonly name = "CommentTooLongError";
  constructor(
    readonly length: number,
    readonly limit: number = MAX_COMMENT_BODY_LENGTH,
  ) {
    super(`the comment body is ${length} characters with its marker; GitHub accepts at most ${limit}`);
  }
}

/**
 * The full text of a sticky comment: the marker on the first line, then the caller's body. A
 * body that already starts with the same marker (a payload rendered with it) is kept as is.
 */
export function stickyCommentBody(key: string, body: string): string {
  const marker = commentMarker(key);
  return body.startsWith(marker) ? body : `${marker}\n${body}`;
}

/** Throws CommentTooLongError unless the text fits GitHub's limit. */
export function assertCommentFits(text: string): void {
  if (text.length > MAX_COMMENT_BODY_LENGTH) throw new CommentTooLongError(text.length);
}
