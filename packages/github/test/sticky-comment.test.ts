import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../../../test/fake-github/index.js";
import { CommentTooLongError, commentMarker, MAX_COMMENT_BODY_LENGTH, upsertStickyComment } from "../src/index.js";
import {
  commentWrites,
  OWNER,
  openPullRequest,
  plainClient,
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

async function commentsOn(issueNumber: number) {
  return plainClient(gh).paginate(plainClient(gh).issues.listComments, {
    owner: OWNER,
    repo: REPO,
    issue_number: issueNumber,
    per_page: 100,
  });
}

describe("upsertStickyComment", () => {
  it("updates the existing comment instead of posting a second one", async () => {
    const { number } = openPullRequest(gh, "retrain");
    const octokit = slipwayClient(gh);
    const first = await upsertStickyComment({
      octokit,
      owner: OWNER,
      repo: REPO,
      issueNumber: number,
      key: "churn",
      body: "AUC 0.91 → 0.93",
    });
    const second = await upsertStickyComment({
      octokit,
      owner: OWNER,
      repo: REPO,
      issueNumber: number,
      key: "churn",
      body: "AUC 0.91 → 0.94",
    });
    expect(first.operation).toBe("created");
    expect(second).toEqual({ operation: "updated", id: first.id, url: first.url });
    const comments = await commentsOn(number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toBe(`${commentMarker("churn")}\nAUC 0.91 → 0.94`);
    expect(comments[0]?.user?.login).toBe("github-actions[bot]");
    expect(first.url).toBe(comments[0]?.html_url);
  });

  it("keeps one comment per model key on the same pull request", async () => {
    const { number } = openPullRequest(gh, "two-models");
    const octokit = slipwayClient(gh);
    const post = (key: string, body: string) =>
      upsertStickyComment({ octokit, owner: OWNER, repo: REPO, issueNumber: number, key, body });
    const churn = await post("churn", "churn v1");
    const fraud = await post("fraud", "fraud v1");
    const churnAgain = await post("churn", "churn v2");
    expect([churn.operation, fraud.operation, churnAgain.operation]).toEqual(["created", "created", "updated"]);
    expect(churnAgain.id).toBe(churn.id);
    expect((await commentsOn(number)).map((c) => c.body?.split("\n")[1])).toEqual(["churn v2", "fraud v1"]);
  });

  it("makes no write when the body has not changed", async () => {
    const { number } = openPullRequest(gh, "rerun");
    const octokit = slipwayClient(gh);
    const options = { octokit, owner: OWNER, repo: REPO, issueNumber: number, key: "churn", body: "same" };
    const created = await upsertStickyComment(options);
    const writesBefore = commentWrites(gh);
    const rerun = await upsertStickyComment(options);
    expect(rerun).toEqual({ operation: "unchanged", id: created.id, url: created.url });
    expect(commentWrites(gh)).toEqual(writesBefore);
    expect(writesBefore).toHaveLength(1);
  });

  it("never edits a comment with our marker written by someone else, and posts its own", async () => {
    const { number } = openPullRequest(gh, "pasted");
    const pasted = await plainClient(gh, USER_TOKEN).issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: number,
      body: `${commentMarker("churn")}\nI copied the bot's comment here`,
    });
    const logger = recordingLogger();
    const result = await upsertStickyComment({
      octokit: slipwayClient(gh),
      owner: OWNER,
      repo: REPO,
      issueNumber: number,
      key: "churn",
      body: "AUC 0.93",
      logger,
    });
    expect(result.operation).toBe("created");
    expect(result.id).not.toBe(pasted.data.id);
    const comments = await commentsOn(number);
    expect(comments.map((c) => [c.user?.login, c.body])).toEqual([
      ["octocat", `${commentMarker("churn")}\nI copied the bot's comment here`],
      ["github-actions[bot]", `${commentMarker("churn")}\nAUC 0.93`],
    ]);
    expect(logger.warnings).toEqual([expect.stringContaining("written by @octocat")]);
    expect(commentWrites(gh).filter((w) => w.startsWith("PATCH"))).toEqual([]);
  });

  it("finds its comment on the third page of a 250-comment pull request", async () => {
    const { number } = openPullRequest(gh, "busy");
    const user = plainClient(gh, USER_TOKEN);
    const chatter = (i: number) =>
      user.issues.createComment({ owner: OWNER, repo: REPO, issue_number: number, body: `review ${i}` });
    for (let i = 0; i < 210; i += 1) await chatter(i);
    const octokit = slipwayClient(gh);
    const options = { octokit, owner: OWNER, repo: REPO, issueNumber: number, key: "churn" };
    const created = await upsertStickyComment({ ...options, body: "first run" });
    for (let i = 210; i < 249; i += 1) await chatter(i);
    const all = await commentsOn(number);
    expect(all).toHaveLength(250);
    expect(all.findIndex((c) => c.id === created.id)).toBe(210); // 0-based: page 3 at 100 per page

    const requestsBefore = gh.requests.length;
    const updated = await upsertStickyComment({ ...options, body: "second run" });
    expect(updated).toMatchObject({ operation: "updated", id: created.id });
    const lookups = gh.requests.slice(requestsBefore).filter((r) => r.operationId === "issues/list-comments");
    expect(lookups.map((r) => [r.query.per_page, r.query.page ?? "1"])).toEqual([
      ["100", "1"],
      ["100", "2"],
      ["100", "3"],
    ]);
    expect((await commentsOn(number)).filter((c) => c.body?.includes(commentMarker("churn")))).toHaveLength(1);
  });

  it("updates the newest of two comments of its own left by a past race, and leaves the other", async () => {
    const { number } = openPullRequest(gh, "raced");
    const bot = plainClient(gh);
    const older = await bot.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: number,
      body: `${commentMarker("churn")}\nrun A`,
    });
    const newer = await bot.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: number,
      body: `${commentMarker("churn")}\nrun B`,
    });
    const logger = recordingLogger();
    const result = await upsertStickyComment({
      octokit: slipwayClient(gh),
      owner: OWNER,
      repo: REPO,
      issueNumber: number,
      key: "churn",
      body: "run C",
      logger,
    });
    expect(result).toMatchObject({ operation: "updated", id: newer.data.id });
    const bodies = new Map((await commentsOn(number)).map((c) => [c.id, c.body]));
    expect(bodies.get(older.data.id)).toBe(`${commentMarker("churn")}\nrun A`);
    expect(bodies.get(newer.data.id)).toBe(`${commentMarker("churn")}\nrun C`);
    expect(logger.warnings).toEqual([expect.stringContaining(older.data.html_url)]);
  });

  it("finds the comment of a personal token by the login GET /user answers", async () => {
    const { number } = openPullRequest(gh, "personal");
    const octokit = slipwayClient(gh, USER_TOKEN);
    const options = { octokit, owner: OWNER, repo: REPO, issueNumber: number, key: "churn" };
    const created = await upsertStickyComment({ ...options, body: "v1" });
    const updated = await upsertStickyComment({ ...options, body: "v2" });
    expect(updated).toMatchObject({ operation: "updated", id: created.id });
    expect((await commentsOn(number)).map((c) => c.user?.login)).toEqual(["octocat"]);
  });

  it("uses an explicit identity instead of asking GitHub who the token is", async () => {
    const { number } = openPullRequest(gh, "override");
    await upsertStickyComment({
      octokit: slipwayClient(gh),
      owner: OWNER,
      repo: REPO,
      issueNumber: number,
      key: "churn",
      body: "v1",
      identityLogin: "github-actions[bot]",
    });
    expect(gh.requests.some((r) => r.operationId === "users/get-authenticated")).toBe(false);
  });

  it("tells the caller which login to pass when another GitHub App's token posts", async () => {
    gh.addUser({ login: "model-bot[bot]", token: "ghs_model_bot", type: "Bot", kind: "installation" });
    const { number } = openPullRequest(gh, "app-token");
    const logger = recordingLogger();
    const octokit = slipwayClient(gh, "ghs_model_bot");
    const options = { octokit, owner: OWNER, repo: REPO, issueNumber: number, key: "churn", logger };
    const created = await upsertStickyComment({ ...options, body: "v1" });
    expect(logger.warnings).toEqual([
      expect.stringContaining("The token posts as @model-bot[bot], not @github-actions[bot]"),
    ]);
    const updated = await upsertStickyComment({ ...options, body: "v2", identityLogin: "model-bot[bot]" });
    expect(updated).toMatchObject({ operation: "updated", id: created.id });
    expect(await commentsOn(number)).toHaveLength(1);
  });

  it("refuses a body GitHub would reject as too long, before any request", async () => {
    const { number } = openPullRequest(gh, "long");
    const attempt = upsertStickyComment({
      octokit: slipwayClient(gh),
      owner: OWNER,
      repo: REPO,
      issueNumber: number,
      key: "churn",
      body: "x".repeat(MAX_COMMENT_BODY_LENGTH),
    });
    await expect(attempt).rejects.toBeInstanceOf(CommentTooLongError);
    expect(gh.requests).toEqual([]);
  });

  it("posts the longest body that fits with its marker", async () => {
    const { number } = openPullRequest(gh, "longest");
    const body = "x".repeat(MAX_COMMENT_BODY_LENGTH - commentMarker("churn").length - 1);
    const result = await upsertStickyComment({
      octokit: slipwayClient(gh),
      owner: OWNER,
      repo: REPO,
      issueNumber: number,
      key: "churn",
      body,
    });
    expect(result.operation).toBe("created");
    expect((await commentsOn(number))[0]?.body).toHaveLength(MAX_COMMENT_BODY_LENGTH);
  });
});
