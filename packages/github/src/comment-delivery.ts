import type { Octokit } from "@octokit/rest";
import { writeCommentPayload } from "./comment-payload.js";
import { type GitHubLogger, silentLogger } from "./github-logger.js";
import type { PullRequestContext } from "./pull-request-context.js";
import { upsertStickyComment } from "./sticky-comment.js";

/**
 * `auto` posts or updates the sticky comment; `off` posts nothing; `artifact` writes the fork-safe
 * payload for a privileged `workflow_run` job to post (`slipway comment post`).
 */
export type CommentMode = "auto" | "off" | "artifact";

export type CommentDelivery =
  | { readonly kind: "posted"; readonly operation: "created" | "updated" | "unchanged"; readonly url: string }
  | { readonly kind: "payload"; readonly path: string }
  | { readonly kind: "skipped"; readonly reason: string };

export interface DeliverCommentOptions {
  readonly mode: CommentMode;
  readonly pullRequest: PullRequestContext | undefined;
  readonly key: string;
  readonly body: string;
  /** Needed for `auto`. */
  readonly octokit?: Octokit;
  /** Needed for `artifact`. */
  readonly payloadPath?: string;
  readonly logger?: GitHubLogger;
}

/** Delivers one model's comment the way the user asked; never posts outside a pull request. */
export async function deliverComment(options: DeliverCommentOptions): Promise<CommentDelivery> {
  const { mode, pullRequest, key, body } = options;
  if (mode === "off") return { kind: "skipped", reason: "comments are off" };
  if (!pullRequest || pullRequest.number === undefined) {
    return { kind: "skipped", reason: "not running for a pull request" };
  }
  if (mode === "artifact") {
    if (!options.payloadPath) throw new Error("comment: artifact needs a payload path");
    await writeCommentPayload(options.payloadPath, {
      repository: `${pullRequest.owner}/${pullRequest.repo}`,
      issueNumber: pullRequest.number,
      key,
      body,
      headSha: pullRequest.headSha,
    });
    return { kind: "payload", path: options.payloadPath };
  }
  if (!options.octokit) return { kind: "skipped", reason: "no GitHub token" };
  const result = await upsertStickyComment({
    octokit: options.octokit,
    owner: pullRequest.owner,
    repo: pullRequest.repo,
    issueNumber: pullRequest.number,
    key,
    body,
    logger: options.logger ?? silentLogger,
  });
  return { kind: "posted", operation: result.operation, url: result.url };
}
