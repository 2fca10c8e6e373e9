import type { Octokit } from "@octokit/rest";
import { assertCommentFits, stickyCommentBody } from "./comment-body.js";
import { commentMarker } from "./comment-marker.js";
import { callGitHub } from "./github-api-error.js";
import { type GitHubLogger, silentLogger } from "./github-logger.js";
import { isSameAccount, resolveTokenIdentity } from "./token-identity.js";

export interface UpsertStickyCommentOptions {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** The pull request (or issue) number: pull requests take their comments through the issues API. */
  issueNumber: number;
  /** Names the comment among Slipway's comments on the same pull request, usually the model name. */
  key: string;
  /** Markdown; the marker line is prepended. */
  body: string;
  logger?: GitHubLogger;
  /**
   * The login the token acts as, for tokens GET /user cannot name: a GitHub App's installation
   * token other than GITHUB_TOKEN acts as `<app-slug>[bot]`.
   */
  identityLogin?: string;
}

export interface StickyCommentResult {
  operation: "created" | "updated" | "unchanged";
  /** The comment on github.com. */
  url: string;
  id: number;
}

interface ListedComment {
  id: number;
  body?: string | undefined;
  html_url: string;
  created_at: string;
  user: { login: string } | null;
}

/**
 * Posts the comment for `key` on the pull request, or updates the one already there, so that a
 * reviewer sees one comment per model that changes in place.
 *
 * Ours is the comment that carries the key's marker AND was written by the token's account: a
 * marker in someone else's comment (a user pasting our output, another bot) is never edited; a
 * warning names it and our own comment is created beside it.
 *
 * Two comments of ours with the same marker are the trace of a past race (two runs that both
 * found none and both posted) or of a create retried after a 5xx GitHub had carried out. The
 * newest is updated; the older ones are left as they are, not deleted nor minimised: deleting
 * destroys what a reviewer may have linked to, and minimising needs GraphQL. A warning lists
 * them so a maintainer can remove them.
 *
 * An unchanged body costs no write, which keeps GitHub from notifying anyone of an edit.
 */
export async function upsertStickyComment(options: UpsertStickyCommentOptions): Promise<StickyCommentResult> {
  const { octokit, owner, repo, issueNumber } = options;
  const logger = options.logger ?? silentLogger;
  const marker = commentMarker(options.key);
  const text = stickyCommentBody(options.key, options.body);
  assertCommentFits(text);
  const where = `${owner}/${repo}#${issueNumber}`;

  const identity = await resolveTokenIdentity(octokit, options.identityLogin);
  const ours: ListedComment[] = [];
  const foreign: ListedComment[] = [];
  await callGitHub(`list the comments on ${where}`, async () => {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    for await (const page of pages) {
      for (const comment of page.data) {
        if (!comment.body?.includes(marker)) continue;
        (isSameAccount(identity, comment.user?.login) ? ours : foreign).push(comment);
      }
    }
  });

  for (const comment of foreign) {
    logger.warning(
      `${comment.html_url} carries the Slipway marker for "${options.key}" but was written by ` +
        `@${comment.user?.login ?? "a deleted account"}, not @${identity.login}; leaving it untouched`,
    );
  }

  const newest = ours.reduce<ListedComment | undefined>((best, comment) => {
    if (best === undefined) return comment;
    const order = comment.created_at.localeCompare(best.created_at) || comment.id - best.id;
    return order > 0 ? comment : best;
  }, undefined);

  if (newest === undefined) {
    const { data } = await callGitHub(`comment on ${where}`, () =>
      octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: text }),
    );
    logger.info(`Created the model-diff comment ${data.html_url}`);
    if (!isSameAccount(identity, data.user?.login)) {
      // Only an assumed identity can be wrong: another GitHub App's installation token acts as
      // its own bot, and the next run would not recognise this comment as its own.
      logger.warning(
        `The token posts as @${data.user?.login}, not @${identity.login}; pass that login as the comment ` +
          "identity so the next run updates this comment instead of adding another",
      );
    }
    return { operation: "created", url: data.html_url, id: data.id };
  }

  const older = ours.filter((comment) => comment !== newest);
  if (older.length > 0) {
    logger.warning(
      `${older.length + 1} Slipway comments for "${options.key}" on ${where}; updating the newest, ` +
        `leaving the older ones: ${older.map((c) => c.html_url).join(", ")}`,
    );
  }

  if (normalizeNewlines(newest.body ?? "") === normalizeNewlines(text)) {
    logger.info(`The model-diff comment ${newest.html_url} is already up to date`);
    return { operation: "unchanged", url: newest.html_url, id: newest.id };
  }

  const { data } = await callGitHub(`update comment ${newest.id} on ${where}`, () =>
    octokit.rest.issues.updateComment({ owner, repo, comment_id: newest.id, body: text }),
  );
  logger.info(`Updated the model-diff comment ${data.html_url}`);
  return { operation: "updated", url: data.html_url, id: data.id };
}

/** GitHub may store a body edited in the browser with CRLF line ends; they do not make it differ. */
function normalizeNewlines(text: string): string {
  return text.replace(/\r\n/g, "\n");
}
