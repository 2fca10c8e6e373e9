import { InputError } from "@slipway/core";
import { describe, expect, it } from "vitest";
import { resolvePullRequestContext } from "../src/index.js";

const HEAD = "1111111111111111111111111111111111111111";
const BASE = "2222222222222222222222222222222222222222";
const OTHER = "3333333333333333333333333333333333333333";

function pullRequestEvent(headRepository: string | null) {
  return {
    action: "synchronize",
    number: 42,
    pull_request: {
      number: 42,
      head: { ref: "retrain", sha: HEAD, repo: headRepository === null ? null : { full_name: headRepository } },
      base: { ref: "main", sha: BASE, repo: { full_name: "octo-org/models" } },
    },
    repository: { full_name: "octo-org/models" },
  };
}

function workflowRunEvent(pullRequests: unknown[], headRepository = "contributor/models") {
  const repositoryUrl = "https://api.github.com/repos/octo-org/models";
  return {
    action: "completed",
    workflow_run: {
      event: "pull_request",
      head_sha: HEAD,
      head_branch: "retrain",
      pull_requests: pullRequests,
      repository: { full_name: "octo-org/models", url: repositoryUrl },
      head_repository: { full_name: headRepository },
    },
  };
}

function minimalPull(number: number, headSha: string, baseRepoUrl = "https://api.github.com/repos/octo-org/models") {
  return {
    number,
    head: { ref: "retrain", sha: headSha, repo: { url: "https://api.github.com/repos/octo-org/models" } },
    base: { ref: "main", sha: BASE, repo: { url: baseRepoUrl } },
  };
}

describe("resolvePullRequestContext", () => {
  it("reads a pull_request event from a branch of the same repository", () => {
    expect(resolvePullRequestContext(pullRequestEvent("octo-org/models"), "pull_request")).toEqual({
      event: "pull_request",
      owner: "octo-org",
      repo: "models",
      number: 42,
      baseRef: "main",
      baseSha: BASE,
      headSha: HEAD,
      headRef: "retrain",
      headRepository: "octo-org/models",
      fromFork: false,
    });
  });

  it("reads a pull_request_target event from a fork, and a fork since deleted", () => {
    const fork = resolvePullRequestContext(pullRequestEvent("contributor/models"), "pull_request_target");
    expect(fork).toMatchObject({ event: "pull_request_target", owner: "octo-org", number: 42, fromFork: true });
    const deleted = resolvePullRequestContext(pullRequestEvent(null));
    expect(deleted).toMatchObject({ event: "pull_request", headRepository: undefined, fromFork: true });
  });

  it("takes the pull request of a workflow_run whose head is the commit the run built", () => {
    const event = workflowRunEvent([
      minimalPull(7, OTHER),
      minimalPull(9, HEAD, "https://api.github.com/repos/someone-else/models"),
      minimalPull(8, HEAD),
    ]);
    expect(resolvePullRequestContext(event, "workflow_run")).toEqual({
      event: "workflow_run",
      owner: "octo-org",
      repo: "models",
      number: 8,
      baseRef: "main",
      baseSha: BASE,
      headSha: HEAD,
      headRef: "retrain",
      headRepository: "contributor/models",
      fromFork: true,
    });
  });

  it("leaves the number open for a workflow_run from a fork, where GitHub lists no pull request", () => {
    const context = resolvePullRequestContext(workflowRunEvent([]));
    expect(context).toMatchObject({ event: "workflow_run", number: undefined, baseRef: undefined, headSha: HEAD });
  });

  it("refuses events that are not about a pull request, with one clear line", () => {
    expect(() => resolvePullRequestContext({ ref: "refs/heads/main" }, "push")).toThrow(
      new InputError("a push event is not about a pull request; run on pull_request or workflow_run"),
    );
    expect(() => resolvePullRequestContext({})).toThrow(InputError);
    expect(() => resolvePullRequestContext({})).toThrow(
      "the event payload has no pull_request.base.repo.full_name; is this run triggered by a pull request?",
    );
    const broken = pullRequestEvent("octo-org/models");
    broken.pull_request.number = 0;
    expect(() => resolvePullRequestContext(broken)).toThrow("the event payload has no valid pull_request.number");
  });
});
