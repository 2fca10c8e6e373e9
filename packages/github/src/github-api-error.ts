/**
 * A GitHub API call that failed after retries. Callers decide by `status` (404: absent, 403:
 * forbidden or rate limited, 422: refused) and never by the message, whose wording GitHub may
 * change. `requestId` is GitHub's `x-github-request-id`, the one thing GitHub Support asks for.
 */
export class GitHubApiError extends Error {
  override readonly name = "GitHubApiError";
  /** The HTTP status GitHub answered, or 0 when no answer came (network failure). */
  readonly status: number;
  readonly requestId: string | undefined;
  /** What Slipway was doing, e.g. `list comments on octo-org/models#12`. */
  readonly action: string;
  /** GitHub's own message from the error body, when there was one. */
  readonly githubMessage: string | undefined;
  /**
   * True when GitHub answered a rate limit (a `retry-after` header, or no requests left), which
   * tells a 403 "slow down" apart from a 403 "not allowed" without reading the message.
   */
  readonly rateLimited: boolean;

  constructor(
    action: string,
    status: number,
    requestId: string | undefined,
    githubMessage: string | undefined,
    rateLimited = false,
    cause?: unknown,
  ) {
    const answer = status === 0 ? "no answer" : `HTTP ${status}`;
    const detail = githubMessage ? `: ${githubMessage}` : "";
    const id = requestId ? ` (request id ${requestId})` : "";
    super(`GitHub API: cannot ${action}, ${answer}${detail}${id}`, cause === undefined ? undefined : { cause });
    this.status = status;
    this.requestId = requestId;
    this.action = action;
    this.githubMessage = githubMessage;
    this.rateLimited = rateLimited;
  }
}

export function isGitHubApiError(error: unknown): error is GitHubApiError {
  return error instanceof GitHubApiError;
}

interface RequestErrorShape {
  status: number;
  response?: { headers?: Record<string, unknown>; data?: unknown };
}

/**
 * Octokit's RequestError, recognised by shape: the retry and throttling plugins re-throw it
 * across package boundaries, where `instanceof` against one copy of the class is unreliable.
 */
function isRequestError(error: unknown): error is RequestErrorShape & Error {
  return error instanceof Error && typeof (error as { status?: unknown }).status === "number";
}

/** Converts an Octokit failure into a GitHubApiError; anything else is re-thrown untouched. */
export function toGitHubApiError(error: unknown, action: string): GitHubApiError {
  if (error instanceof GitHubApiError) return error;
  if (!isRequestError(error)) throw error;
  const headers = error.response?.headers ?? {};
  const requestId = typeof headers["x-github-request-id"] === "string" ? headers["x-github-request-id"] : undefined;
  const data = error.response?.data;
  const message =
    typeof data === "object" && data !== null && typeof (data as { message?: unknown }).message === "string"
      ? (data as { message: string }).message
      : undefined;
  // Octokit reports a network failure as status 500 without a response; keep that apart from a
  // real 500 from GitHub.
  const status = error.response === undefined ? 0 : error.status;
  const rateLimited =
    (status === 403 || status === 429) &&
    (headers["retry-after"] !== undefined || String(headers["x-ratelimit-remaining"]) === "0");
  return new GitHubApiError(action, status, requestId, message, rateLimited, error);
}

/** Runs one API call and turns its failure into a GitHubApiError naming `action`. */
export async function callGitHub<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGitHubApiError(error, action);
  }
}
