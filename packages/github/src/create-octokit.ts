import { retry } from "@octokit/plugin-retry";
import { type ThrottlingOptions, throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { type GitHubLogger, silentLogger } from "./github-logger.js";

/** The Octokit Slipway talks to GitHub with: REST methods, pagination, retries, throttling. */
export const SlipwayOctokit = Octokit.plugin(retry, throttling);
export type SlipwayOctokit = InstanceType<typeof SlipwayOctokit>;

/**
 * A Bottleneck group as the throttling plugin takes it. GitHub asks integrations to leave a
 * second between writes, and the plugin paces writes (1 s) and notifying writes such as new
 * comments (3 s) through such groups; a test against a local server passes groups that do not
 * wait.
 */
export type WritePacingGroup = NonNullable<ThrottlingOptions["write"]>;

export interface CreateOctokitOptions {
  token: string;
  /** The REST API root: `GITHUB_API_URL` on a runner; GitHub Enterprise Server's `/api/v3`. */
  baseUrl?: string;
  /** Prefixed to Octokit's own user agent, e.g. `slipway-quality-gate/1.2.0`. */
  userAgent?: string;
  logger?: GitHubLogger;
  /** How many times a 5xx or network failure is retried; default 3. */
  serverErrorRetries?: number;
  /** How many times a primary or secondary rate limit is waited out; default 3. */
  rateLimitRetries?: number;
  /**
   * The longest `retry-after` Slipway waits for, in seconds; default 120. A longer wait is not
   * worth holding a runner for: the call fails with the 403/429 instead.
   */
  maxRetryAfterSeconds?: number;
  /**
   * Milliseconds per unit of delay, default 1000. A server error is retried after n² units
   * (1, 4, 9 s for the 1st, 2nd, 3rd retry: the retry plugin's schedule), a rate limit after
   * `retry-after` units. Tests set it to 1 so waits take milliseconds.
   */
  delayUnitMs?: number;
  /** Replaces the plugin's write pacing; production keeps GitHub's recommended pacing. */
  writePacing?: { write: WritePacingGroup; notifications: WritePacingGroup };
}

/**
 * Statuses the retry plugin must not repeat. Its defaults, plus 429 (a rate limit, handled by the
 * throttling plugin, which honours `retry-after`) and 409 (a conflict, e.g. a ref moved: repeating
 * the same request cannot succeed; the caller must re-read and decide).
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];

/**
 * Builds the Octokit every Slipway API call goes through.
 *
 * Server errors (500–504) and network failures are retried with quadratic backoff. Note that a
 * POST answered 5xx may still have been carried out by GitHub; for comments the sticky lookup
 * tolerates the duplicate this can leave (the newest is updated, see sticky-comment.ts).
 */
export function createOctokit(options: CreateOctokitOptions): SlipwayOctokit {
  const logger = options.logger ?? silentLogger;
  const unitMs = options.delayUnitMs ?? 1000;
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 120;

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const what = `${kind} on ${request.method} ${request.url}`;
      if (retryCount >= rateLimitRetries) {
        logger.warning(`GitHub ${what}: giving up after ${retryCount} retries`);
        return false;
      }
      if (retryAfter > maxRetryAfter) {
        logger.warning(`GitHub ${what}: retry-after ${retryAfter}s exceeds the ${maxRetryAfter}s Slipway waits`);
        return false;
      }
      logger.warning(`GitHub ${what}: retrying in ${retryAfter}s (retry ${retryCount + 1} of ${rateLimitRetries})`);
      return true;
    };

  return new SlipwayOctokit({
    auth: options.token,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl.replace(/\/+$/, "") }),
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
    // Octokit logs every failed request at `error`; most are answers Slipway expects and handles
    // (404 for a model without a baseline, 403 on GET /user for GITHUB_TOKEN), so they go to debug.
    log: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.debug(message),
      warn: (message: string) => logger.warning(message),
      error: (message: string) => logger.debug(message),
    },
    retry: {
      retries: options.serverErrorRetries ?? 3,
      retryAfterBaseValue: unitMs,
      doNotRetry: DO_NOT_RETRY,
    },
    throttle: {
      retryAfterBaseValue: unitMs,
      onRateLimit: onLimit("rate limit"),
      onSecondaryRateLimit: onLimit("secondary rate limit"),
      ...(options.writePacing ?? {}),
    },
  });
}
