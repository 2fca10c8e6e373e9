import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "@slipway/core";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../../../test/fake-github/index.js";
import {
  COMMENT_PAYLOAD_SCHEMA_ID,
  commentMarker,
  MAX_COMMENT_BODY_LENGTH,
  parseCommentPayload,
  postCommentPayload,
  serializeCommentPayload,
  writeCommentPayload,
} from "../src/index.js";
import { OWNER, openPullRequest, REPO, recordingLogger, slipwayClient, startFake } from "./fake-github-client.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";

let gh: FakeGitHub;
let dir: string;

beforeEach(async () => {
  gh = await startFake();
  dir = await mkdtemp(join(tmpdir(), "slipway-payload-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await gh.stop();
});

function payloadText(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    schema: COMMENT_PAYLOAD_SCHEMA_ID,
    repository: `${OWNER}/${REPO}`,
    issueNumber: 7,
    key: "churn",
    body: "AUC 0.91 → 0.93",
    headSha: SHA,
    ...overrides,
  });
}

/** The one-line InputError message a bad payload gets, or a failure when it was accepted. */
function refusal(text: string): string {
  try {
    parseCommentPayload(text, "comment-payload.json");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as InputError).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("expected the payload to be refused");
}

describe("comment payload validation", () => {
  it("accepts what writeCommentPayload writes, with the key sanitised", async () => {
    const path = join(dir, "out", "comment-payload.json");
    await writeCommentPayload(path, {
      repository: `${OWNER}/${REPO}`,
      issueNumber: 7,
      key: "models/churn v2",
      body: "AUC 0.91 → 0.93",
      headSha: SHA.toUpperCase(),
    });
    const text = await readFile(path, "utf8");
    expect(parseCommentPayload(text)).toEqual({
      schema: COMMENT_PAYLOAD_SCHEMA_ID,
      repository: `${OWNER}/${REPO}`,
      issueNumber: 7,
      key: "models-churn-v2",
      body: "AUC 0.91 → 0.93",
      headSha: SHA,
    });
  });

  it("refuses values of the wrong type with the field and the file named", () => {
    expect(refusal(payloadText({ issueNumber: "7" }))).toBe(
      "comment-payload.json: invalid comment payload: issueNumber must be integer",
    );
    expect(refusal(payloadText({ issueNumber: 1.5 }))).toContain("issueNumber must be integer");
    expect(refusal(payloadText({ body: ["AUC"] }))).toContain("body must be string");
    expect(refusal("[]")).toContain("the payload must be object");
  });

  it("refuses pull request numbers that are not positive integers", () => {
    expect(refusal(payloadText({ issueNumber: 0 }))).toContain("issueNumber must be >= 1");
    expect(refusal(payloadText({ issueNumber: -3 }))).toContain("issueNumber must be >= 1");
  });

  it("refuses keys that could break out of the marker", () => {
    expect(refusal(payloadText({ key: "churn --> <img src=x>" }))).toContain("key must match pattern");
    expect(refusal(payloadText({ key: "" }))).toContain("key must match pattern");
  });

  it("refuses unknown fields, missing fields, another schema and text that is not JSON", () => {
    expect(refusal(payloadText({ token: "ghp_x" }))).toContain('unexpected field "token"');
    const { headSha: _dropped, ...withoutSha } = JSON.parse(payloadText()) as Record<string, unknown>;
    expect(refusal(JSON.stringify(withoutSha))).toContain("must have required property 'headSha'");
    expect(refusal(payloadText({ schema: "slipway/comment-payload@2" }))).toContain(
      `schema must be "${COMMENT_PAYLOAD_SCHEMA_ID}"`,
    );
    expect(refusal("{ not json")).toBe("comment-payload.json: the comment payload is not valid JSON");
  });

  it("refuses a body over GitHub's limit, counting the marker it will get", () => {
    expect(refusal(payloadText({ body: "x".repeat(MAX_COMMENT_BODY_LENGTH + 1) }))).toContain(
      "body must NOT have more than 65536 characters",
    );
    expect(refusal(payloadText({ body: "x".repeat(MAX_COMMENT_BODY_LENGTH) }))).toMatch(
      /with its marker; GitHub accepts at most 65536$/,
    );
    const fits = "x".repeat(MAX_COMMENT_BODY_LENGTH - commentMarker("churn").length - 1);
    expect(parseCommentPayload(payloadText({ body: fits })).body).toBe(fits);
  });

  it("refuses a body that carries another model's marker, however it is spaced", () => {
    expect(refusal(payloadText({ body: `fine\n${commentMarker("fraud")}` }))).toContain('marker of key "fraud"');
    expect(refusal(payloadText({ body: "<!--slipway:model-diff:fraud-->" }))).toContain('marker of key "fraud"');
    expect(parseCommentPayload(payloadText({ body: `${commentMarker("churn")}\nok` })).key).toBe("churn");
  });

  it("refuses an oversized file before parsing it", () => {
    expect(refusal(" ".repeat(600 * 1024))).toContain("bytes; at most 524288 are accepted");
  });

  it("throws nothing but InputError for any text (property)", () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const nearPayload = fc
      .record({ repository: field, issueNumber: field, key: field, body: field, headSha: field })
      .map((r) => JSON.stringify({ schema: COMMENT_PAYLOAD_SCHEMA_ID, ...r }));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), nearPayload), (text) => {
        try {
          parseCommentPayload(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).not.toContain("\n");
        }
      }),
    );
  });

  it("reads back every payload it writes (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_147_483_647 }),
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.string({ minLength: 1, maxLength: 2000 }),
        fc.stringMatching(/^[0-9a-f]{40}$/),
        (issueNumber, key, body, headSha) => {
          fc.pre(!body.includes("slipway:model-diff:"));
          const text = serializeCommentPayload({ repository: "octo-org/models", issueNumber, key, body, headSha });
          const payload = parseCommentPayload(text);
          expect(payload).toMatchObject({ issueNumber, body, headSha });
          expect(payload.key).toMatch(/^[A-Za-z0-9._-]+$/);
          expect(payload.key).toHaveLength(Array.from(key).length);
        },
      ),
    );
  });
});

describe("postCommentPayload", () => {
  it("posts the comment on the pull request whose head the run built", async () => {
    const { number, headSha } = openPullRequest(gh, "from-fork");
    const text = serializeCommentPayload({
      repository: `${OWNER}/${REPO}`,
      issueNumber: number,
      key: "churn",
      body: "AUC 0.93",
      headSha,
    });
    const options = {
      octokit: slipwayClient(gh),
      payloadText: text,
      expectedRepository: `${OWNER}/${REPO}`,
      expectedHeadSha: headSha,
      expectedHeadBranch: "from-fork",
    };
    const posted = await postCommentPayload(options);
    expect(posted).toMatchObject({ operation: "created", issueNumber: number, key: "churn" });
    expect((await postCommentPayload(options)).operation).toBe("unchanged");
    const [comment] = gh.state.requireRepo(OWNER, REPO).comments.values();
    expect(comment).toMatchObject({ issueNumber: number, body: `${commentMarker("churn")}\nAUC 0.93` });
  });

  async function refusedPost(options: Parameters<typeof postCommentPayload>[0]): Promise<string> {
    const error = await postCommentPayload(options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(gh.requests.filter((r) => r.method === "POST" || r.method === "PATCH")).toEqual([]);
    return (error as InputError).message;
  }

  it("refuses a payload for another repository without calling GitHub", async () => {
    const { number, headSha } = openPullRequest(gh, "elsewhere");
    const message = await refusedPost({
      octokit: slipwayClient(gh),
      payloadText: payloadText({ repository: "octo-org/other", issueNumber: number, headSha }),
      expectedRepository: `${OWNER}/${REPO}`,
      expectedHeadSha: headSha,
    });
    expect(message).toBe("the comment payload targets octo-org/other, but this run belongs to octo-org/models");
    expect(gh.requests).toEqual([]);
  });

  it("refuses to comment on a pull request whose head is not the commit the run built", async () => {
    const attacker = openPullRequest(gh, "attacker");
    const victim = openPullRequest(gh, "victim");
    const message = await refusedPost({
      octokit: slipwayClient(gh),
      payloadText: payloadText({ issueNumber: victim.number, headSha: attacker.headSha }),
      source: "comment-payload.json",
      expectedRepository: `${OWNER}/${REPO}`,
      expectedHeadSha: attacker.headSha,
    });
    expect(message).toBe(
      `comment-payload.json: ${OWNER}/${REPO}#${victim.number} has head ${victim.headSha}, not ${attacker.headSha} that this run built; not commenting`,
    );
    expect(gh.requests.map((r) => r.operationId)).toEqual(["pulls/get"]);
  });

  it("refuses a payload made for another commit than the run built", async () => {
    const { number, headSha } = openPullRequest(gh, "stale");
    const message = await refusedPost({
      octokit: slipwayClient(gh),
      payloadText: payloadText({ issueNumber: number, headSha: SHA }),
      expectedRepository: `${OWNER}/${REPO}`,
      expectedHeadSha: headSha,
    });
    expect(message).toContain(`describes commit ${SHA}, but this run built ${headSha}`);
    expect(gh.requests).toEqual([]);
  });

  it("refuses a pull request whose head branch is not the run's", async () => {
    const { number, headSha } = openPullRequest(gh, "feature");
    const message = await refusedPost({
      octokit: slipwayClient(gh),
      payloadText: payloadText({ issueNumber: number, headSha }),
      expectedRepository: `${OWNER}/${REPO}`,
      expectedHeadSha: headSha,
      expectedHeadBranch: "main",
    });
    expect(message).toContain("has head branch feature, not main");
  });

  it("refuses a number that is an issue, not a pull request", async () => {
    const { headSha } = openPullRequest(gh, "plain-issue");
    const { number } = gh.state.openIssue(gh.state.requireRepo(OWNER, REPO), {
      title: "Not a pull request",
      body: null,
      user: gh.state.ensureAccount("octocat"),
    });
    const message = await refusedPost({
      octokit: slipwayClient(gh),
      payloadText: payloadText({ issueNumber: number, headSha }),
      expectedRepository: `${OWNER}/${REPO}`,
      expectedHeadSha: headSha,
    });
    expect(message).toBe(`the comment payload names ${OWNER}/${REPO}#${number}, which is not a pull request`);
  });

  it("refuses a malformed payload before any request", async () => {
    const message = await refusedPost({
      octokit: slipwayClient(gh),
      payloadText: payloadText({ issueNumber: "7; rm -rf /" }),
      expectedRepository: `${OWNER}/${REPO}`,
      expectedHeadSha: SHA,
    });
    expect(message).toContain("issueNumber must be integer");
    expect(gh.requests).toEqual([]);
  });

  it("warns when it has no head commit to check the pull request against", async () => {
    const { number, headSha } = openPullRequest(gh, "unchecked");
    const logger = recordingLogger();
    const posted = await postCommentPayload({
      octokit: slipwayClient(gh),
      payloadText: payloadText({ issueNumber: number, headSha }),
      expectedRepository: `${OWNER}/${REPO}`,
      logger,
    });
    expect(posted.operation).toBe("created");
    expect(logger.warnings).toEqual([expect.stringContaining("No head commit to check")]);
  });
});
