import type { Octokit } from "@octokit/rest";
import { InputError } from "@slipway/core";
import { parseCommentPayload } from "./comment-payload.js";
import { toGitHubApiError } from "./github-api-error.js";
import { type GitHubLogger, silentLogger } from "./github-logger.js";
import { type StickyCommentResult, upsertStickyComment } from "./sticky-comment.js";

export interface PostCommentPayloadOptions {
  /** Holds the privileged token of the `workflow_run` job. */
  octokit: Octokit;
  /** The payload file's text, as downloaded from the untrusted run's artifact. */
  payloadText: string;
  /** The payload's file name, for error messages. */
  source?: string;
  /** `owner/name` the `workflow_run` belongs to (its `repository.full_name`): the only target. */
  expectedRepository: string;
  /**
   * `workflow_run.head_sha`: the commit the untrusted run built. When given, the pull request
   * named in the payload must have exactly this head, so a fork cannot steer the comment onto
   * another pull request. Leave it out only outside a `workflow_run`.
   */
  expectedHeadSha?: string;
  /** `workflow_run.head_branch`, checked against the pull request's head branch when given. */
  expectedHeadBranch?: string;
  logger?: GitHubLogger;
  /** See UpsertStickyCommentOptions.identityLogin. */
  identityLogin?: string;
}

export interface PostedCommentPayload extends StickyCommentResult {
  issueNumber: number;
  key: string;
}

/**
 * Posts a fork-safe comment payload from the privileged job. Everything in the payload is data
 * written by code from the pull request, so it is checked before any write: its schema, its
 * repository against the run's, the pull request's head against the run's head commit, and the
 * markers in its body. A payload that fails any check is an InputError and nothing is posted.
 */
export async function postCommentPayload(options: PostCommentPayloadOptions): Promise<PostedCommentPayload> {
  const { octokit, source } = options;
  const logger = options.logger ?? silentLogger;
  const location = source === undefined ? undefined : { file: source };
  const payload = parseCommentPayload(options.payloadText, source);

  if (payload.repository.toLowerCase() !== options.expectedRepository.toLowerCase()) {
    throw new InputError(
      `the comment payload targets ${payload.repository}, but this run belongs to ${options.expectedRepository}`,
      location,
    );
  }
  const [owner = "", repo = "", extra] = options.expectedRepository.split("/");
  if (owner === "" || repo === "" || extra !== undefined) {
    throw new InputError(`the run's repository is not owner/name: "${options.expectedRepository}"`);
  }
  const pullRequest = `${owner}/${repo}#${payload.issueNumber}`;

  if (options.expectedHeadSha === undefined) {
    logger.warning(`No head commit to check ${pullRequest} against: trusting the payload's pull request number`);
  } else {
    const expectedSha = options.expectedHeadSha.toLowerCase();
    if (payload.headSha !== expectedSha) {
      throw new InputError(
        `the comment payload describes commit ${payload.headSha}, but this run built ${expectedSha}`,
        location,
      );
    }
    let head: { sha: string; ref: string };
    try {
      ({
        data: { head },
      } = await octokit.rest.pulls.get({ owner, repo, pull_number: payload.issueNumber }));
    } catch (error) {
      const failure = toGitHubApiError(error, `read pull request ${pullRequest}`);
      if (failure.status === 404) {
        throw new InputError(`the comment payload names ${pullRequest}, which is not a pull request`, location);
      }
      throw failure;
    }
    if (head.sha.toLowerCase() !== expectedSha) {
      // Either the payload names a pull request of another head (a fork steering the comment),
      // or the pull request was pushed to since: a newer run will comment on the new head.
      throw new InputError(
        `${pullRequest} has head ${head.sha}, not ${expectedSha} that this run built; not commenting`,
        location,
      );
    }
    if (options.expectedHeadBranch !== undefined && head.ref !== options.expectedHeadBranch) {
      throw new InputError(
        `${pullRequest} has head branch ${head.ref}, not ${options.expectedHeadBranch} that this run built`,
        location,
      );
    }
  }

  const result = await upsertStickyComment({
    octokit,
    owner,
    repo,
    issueNumber: payload.issueNumber,
    key: payload.key,
    body: payload.body,
    logger,
    ...(options.identityLogin === undefined ? {} : { identityLogin: options.identityLogin }),
  });
  return { ...result, issueNumber: payload.issueNumber, key: payload.key };
}
