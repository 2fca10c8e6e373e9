import { InputError } from "@slipway/core";

export type PullRequestEventName = "pull_request" | "pull_request_target" | "workflow_run";

/** Which pull request a run is about, read from the webhook payload of its triggering event. */
export interface PullRequestContext {
  readonly event: PullRequestEventName;
  /** The repository the pull request targets (where comments go), not the fork. */
  readonly owner: string;
  readonly repo: string;
  /**
   * Undefined only for `workflow_run` when GitHub listed no pull request for the run: it leaves
   * `pull_requests` empty when the head branch is in a fork. The fork-safe flow then takes the
   * number from the comment payload and checks it against `headSha` (post-comment-payload.ts).
   */
  readonly number: number | undefined;
  /** The branch the pull request merges into: where the baseline is read. */
  readonly baseRef: string | undefined;
  readonly baseSha: string | undefined;
  readonly headSha: string;
  readonly headRef: string | undefined;
  /** `owner/name` of the repository holding the head branch, when the payload names it. */
  readonly headRepository: string | undefined;
  /** True when the head branch lives in another repository than the base. */
  readonly fromFork: boolean;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

function requiredString(event: unknown, path: string): string {
  const value = at(event, path);
  if (typeof value !== "string" || value === "") {
    throw new InputError(`the event payload has no ${path}; is this run triggered by a pull request?`);
  }
  return value;
}

function optionalString(event: unknown, path: string): string | undefined {
  const value = at(event, path);
  return typeof value === "string" && value !== "" ? value : undefined;
}

function requiredNumber(event: unknown, path: string): number {
  const value = at(event, path);
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InputError(`the event payload has no valid ${path}`);
  }
  return value;
}

function ownerAndName(fullName: string, path: string): { owner: string; repo: string } {
  const [owner, repo, extra] = fullName.split("/");
  if (owner === undefined || repo === undefined || extra !== undefined || owner === "" || repo === "") {
    throw new InputError(`the event payload's ${path} is not owner/name: "${fullName}"`);
  }
  return { owner, repo };
}

function sameRepository(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/**
 * Reads owner, repository, number, base ref and head SHA from a `pull_request`,
 * `pull_request_target` or `workflow_run` payload (the file at GITHUB_EVENT_PATH). `eventName`
 * (GITHUB_EVENT_NAME) tells the first two apart, whose payloads have the same shape; without it
 * the kind is read from the payload. Anything else is an InputError.
 */
export function resolvePullRequestContext(event: unknown, eventName?: string): PullRequestContext {
  const kind = eventName ?? (isObject(at(event, "workflow_run")) ? "workflow_run" : "pull_request");
  if (kind === "workflow_run") return fromWorkflowRun(event);
  if (kind === "pull_request" || kind === "pull_request_target") return fromPullRequest(event, kind);
  throw new InputError(`a ${kind} event is not about a pull request; run on pull_request or workflow_run`);
}

function fromPullRequest(event: unknown, kind: "pull_request" | "pull_request_target"): PullRequestContext {
  const baseRepository = requiredString(event, "pull_request.base.repo.full_name");
  const headRepository = optionalString(event, "pull_request.head.repo.full_name");
  return {
    event: kind,
    ...ownerAndName(baseRepository, "pull_request.base.repo.full_name"),
    number: requiredNumber(event, "pull_request.number"),
    baseRef: requiredString(event, "pull_request.base.ref"),
    baseSha: optionalString(event, "pull_request.base.sha"),
    headSha: requiredString(event, "pull_request.head.sha"),
    headRef: optionalString(event, "pull_request.head.ref"),
    headRepository,
    // A deleted fork leaves head.repo null: it was not the base repository either way.
    fromFork: !sameRepository(headRepository, baseRepository),
  };
}

function fromWorkflowRun(event: unknown): PullRequestContext {
  const repository = requiredString(event, "workflow_run.repository.full_name");
  const headSha = requiredString(event, "workflow_run.head_sha");
  const headRepository = optionalString(event, "workflow_run.head_repository.full_name");
  const listed = at(event, "workflow_run.pull_requests");
  // The run's pull request is the one whose head is the commit the run built; a branch can head
  // several pull requests, and GitHub also lists pull requests into other repositories that share
  // the branch, which the base repository's URL rules out.
  const repositoryUrl = optionalString(event, "workflow_run.repository.url");
  const match = Array.isArray(listed)
    ? listed.find(
        (pull) =>
          at(pull, "head.sha") === headSha &&
          typeof at(pull, "number") === "number" &&
          (repositoryUrl === undefined || at(pull, "base.repo.url") === repositoryUrl),
      )
    : undefined;
  return {
    event: "workflow_run",
    ...ownerAndName(repository, "workflow_run.repository.full_name"),
    number: match === undefined ? undefined : requiredNumber(match, "number"),
    baseRef: match === undefined ? undefined : optionalString(match, "base.ref"),
    baseSha: match === undefined ? undefined : optionalString(match, "base.sha"),
    headSha,
    headRef: optionalString(event, "workflow_run.head_branch"),
    headRepository,
    fromFork: headRepository !== undefined && !sameRepository(headRepository, repository),
  };
}

const PULL_REQUEST_EVENTS: readonly string[] = ["pull_request", "pull_request_target", "workflow_run"];

/** The pull request a run is about, or undefined for runs of other events (push, schedule). */
export function pullRequestFromEvent(event: unknown, eventName: string | undefined): PullRequestContext | undefined {
  if (!eventName || !PULL_REQUEST_EVENTS.includes(eventName)) return undefined;
  return resolvePullRequestContext(event, eventName);
}
