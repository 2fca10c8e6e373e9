import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../../../test/fake-github/index.js";
import {
  callGitHub,
  createOctokit,
  type GitHubApiError,
  isGitHubApiError,
  resolveTokenIdentity,
  upsertStickyComment,
} from "../src/index.js";
import {
  OWNER,
  openPullRequest,
  REPO,
  recordingLogger,
  slipwayClient,
  startFake,
  USER_TOKEN,
} from "./fake-github-client.js";

let gh: FakeGitHub;

beforeEach(async () => {
  gh = await startFake();
});

afterEach(async () => {
  await gh.stop();
});

async function failure(promise: Promise<unknown>): Promise<GitHubApiError> {
  try {
    await promise;
  } catch (error) {
    if (isGitHubApiError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

function answers(): Array<[string | undefined, number, boolean]> {
  return gh.requests.map((r) => [r.operationId, r.status, r.injected]);
}

describe("createOctokit retries", () => {
  it("recovers from two 502s while posting a comment, posting it once", async () => {
    const { number } = openPullRequest(gh, "flaky");
    gh.inject({ method: "POST", path: "/repos/{owner}/{repo}/issues/{issue_number}/comments", times: 2, status: 502 });
    const result = await upsertStickyComment({
      octokit: slipwayClient(gh),
      owner: OWNER,
      repo: REPO,
      issueNumber: number,
      key: "churn",
      body: "AUC 0.93",
    });
    expect(result.operation).toBe("created");
    expect(answers().filter(([id]) => id === "issues/create-comment")).toEqual([
      ["issues/create-comment", 502, true],
      ["issues/create-comment", 502, true],
      ["issues/create-comment", 201, false],
    ]);
    expect(gh.state.requireRepo(OWNER, REPO).comments.size).toBe(1);
  });

  it("gives up after its retries with the status and GitHub's request id", async () => {
    gh.inject({ method: "GET", path: "/repos/{owner}/{repo}", times: 10, status: 503 });
    const octokit = slipwayClient(gh);
    const error = await failure(
      callGitHub("read the repository", () => octokit.rest.repos.get({ owner: OWNER, repo: REPO })),
    );
    expect(error.status).toBe(503);
    expect(error.requestId).toMatch(/\S/);
    expect(error.action).toBe("read the repository");
    // One request and three retries.
    expect(answers()).toEqual(Array.from({ length: 4 }, () => ["repos/get", 503, true]));
  });

  it("waits out a secondary rate limit (403 with retry-after) and logs it", async () => {
    const { number } = openPullRequest(gh, "limited");
    gh.inject({ method: "GET", path: /\/issues\/\d+\/comments$/, status: 403, retryAfter: 1 });
    const logger = recordingLogger();
    const result = await upsertStickyComment({
      octokit: slipwayClient(gh, undefined, logger),
      owner: OWNER,
      repo: REPO,
      issueNumber: number,
      key: "churn",
      body: "AUC 0.93",
    });
    expect(result.operation).toBe("created");
    expect(answers().filter(([id]) => id === "issues/list-comments")).toEqual([
      ["issues/list-comments", 403, true],
      ["issues/list-comments", 200, false],
    ]);
    expect(logger.warnings).toEqual([expect.stringMatching(/secondary rate limit on GET .*retrying in 1s/)]);
  });

  it("waits out a 429 rate limit as well", async () => {
    gh.inject({ method: "GET", path: "/repos/{owner}/{repo}", status: 429, retryAfter: 2 });
    const { status } = await slipwayClient(gh).rest.repos.get({ owner: OWNER, repo: REPO });
    expect(status).toBe(200);
    expect(answers()).toEqual([
      ["repos/get", 429, true],
      ["repos/get", 200, false],
    ]);
  });

  it("fails at once on a rate limit that asks for a longer wait than it allows", async () => {
    gh.inject({ method: "GET", path: "/repos/{owner}/{repo}", status: 403, retryAfter: 3600 });
    const octokit = slipwayClient(gh);
    const error = await failure(
      callGitHub("read the repository", () => octokit.rest.repos.get({ owner: OWNER, repo: REPO })),
    );
    expect([error.status, error.rateLimited]).toEqual([403, true]);
    expect(gh.requests).toHaveLength(1);
  });

  it("stops waiting after a bounded number of rate limits", async () => {
    gh.inject({ method: "GET", path: "/repos/{owner}/{repo}", times: 10, status: 403, retryAfter: 1 });
    const octokit = createOctokit({ token: "ghs_actions", baseUrl: gh.url, delayUnitMs: 1, rateLimitRetries: 2 });
    const error = await failure(
      callGitHub("read the repository", () => octokit.rest.repos.get({ owner: OWNER, repo: REPO })),
    );
    expect(error.status).toBe(403);
    expect(gh.requests).toHaveLength(3);
  });

  it("does not repeat requests GitHub refused for good (404, 409)", async () => {
    gh.inject({ method: "GET", path: "/repos/{owner}/{repo}", status: 409 });
    const octokit = slipwayClient(gh);
    const conflict = await failure(callGitHub("read", () => octokit.rest.repos.get({ owner: OWNER, repo: REPO })));
    const missing = await failure(callGitHub("read", () => octokit.rest.repos.get({ owner: OWNER, repo: "absent" })));
    expect([conflict.status, missing.status, conflict.rateLimited]).toEqual([409, 404, false]);
    expect(gh.requests).toHaveLength(2);
  });

  it("reports an unreachable server as status 0 after retrying", async () => {
    const port = await closedPort();
    const octokit = createOctokit({ token: "ghs_actions", baseUrl: `http://127.0.0.1:${port}`, delayUnitMs: 1 });
    const error = await failure(
      callGitHub("read the repository", () => octokit.rest.repos.get({ owner: OWNER, repo: REPO })),
    );
    expect(error.status).toBe(0);
    expect(error.message).toContain("cannot read the repository, no answer");
  });
});

describe("resolveTokenIdentity", () => {
  it("takes GITHUB_TOKEN's 403 on GET /user to mean github-actions[bot]", async () => {
    const identity = await resolveTokenIdentity(slipwayClient(gh));
    expect(identity).toEqual({ login: "github-actions[bot]", type: "Bot", source: "installation-token" });
  });

  it("names a personal token's user and asks GitHub once per client", async () => {
    const octokit = slipwayClient(gh, USER_TOKEN);
    const [a, b] = await Promise.all([resolveTokenIdentity(octokit), resolveTokenIdentity(octokit)]);
    expect(a).toEqual({ login: "octocat", type: "User", source: "authenticated-user" });
    expect(b).toBe(a);
    expect(gh.requests.filter((r) => r.operationId === "users/get-authenticated")).toHaveLength(1);
  });

  it("does not mistake a rate-limited GET /user for an installation token", async () => {
    gh.inject({ method: "GET", path: "/user", times: 10, status: 403, retryAfter: 1 });
    const octokit = createOctokit({ token: USER_TOKEN, baseUrl: gh.url, delayUnitMs: 1, rateLimitRetries: 1 });
    const error = await failure(resolveTokenIdentity(octokit));
    expect([error.status, error.rateLimited]).toEqual([403, true]);
    gh.clearFaults();
    expect((await resolveTokenIdentity(octokit)).login).toBe("octocat");
  });

  it("passes a bad token's 401 on", async () => {
    const error = await failure(resolveTokenIdentity(slipwayClient(gh, "ghp_revoked")));
    expect(error.status).toBe(401);
  });
});

/** A port nothing listens on: bound once, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
