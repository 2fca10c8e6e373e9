import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTIONS_TOKEN, type FakeGitHub, startFakeGitHub } from "./fake-github/index.js";
import { operationById } from "./fake-github/openapi-document.js";
import { validateResponse } from "./fake-github/openapi-validator.js";
import { paginate } from "./fake-github/pagination.js";
import { ROUTES } from "./fake-github/router.js";

const USER_TOKEN = "ghp_octocat";
const OWNER = "octo-org";
const REPO = "models";

let gh: FakeGitHub;

function client(token = ACTIONS_TOKEN): Octokit {
  const quiet = () => {};
  // Octokit logs every 4xx/5xx; the tests provoke many on purpose and assert on them instead.
  return new Octokit({
    auth: token,
    baseUrl: gh.url,
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
}

interface Rejection {
  status: number;
  message: string;
}

/** The status and GitHub message of a rejected Octokit call (RequestError carries both). */
async function rejection(promise: Promise<unknown>): Promise<Rejection> {
  try {
    await promise;
  } catch (error) {
    const { status, response } = error as { status: number; response?: { data?: { message?: string } } };
    return { status, message: response?.data?.message ?? "" };
  }
  throw new Error("expected the request to fail");
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  return (await rejection(promise)).status;
}

async function messageOf(response: Response): Promise<string> {
  return ((await response.json()) as { message: string }).message;
}

/** Parameters that break the documented types on purpose; Octokit's types would refuse them. */
function malformed(parameters: Record<string, unknown>): never {
  return parameters as never;
}

beforeEach(async () => {
  gh = await startFakeGitHub({
    users: [{ login: "octocat", token: USER_TOKEN, name: "The Octocat" }],
    repos: [
      {
        owner: OWNER,
        name: REPO,
        files: { "README.md": "# models\n", "models/churn/model.yml": "version: 1\n" },
      },
    ],
  });
});

afterEach(async () => {
  // stop() throws when a test left violations it did not expect.
  await gh.stop();
});

describe("OpenAPI validation", () => {
  it("rejects pulls.create without head with GitHub's 422 and records a violation", async () => {
    const octokit = client();
    const error = await rejection(
      octokit.pulls.create(malformed({ owner: OWNER, repo: REPO, base: "main", title: "Retrain churn" })),
    );
    expect(error.status).toBe(422);
    expect(error.message).toContain(`"head" wasn't supplied.`);

    const violations = gh.takeViolations();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ direction: "request", operationId: "pulls/create" });
  });

  it("rejects a body field of the wrong type and a query value outside its enum", async () => {
    const octokit = client();
    const body = await statusOf(
      octokit.request(
        "POST /repos/{owner}/{repo}/issues",
        malformed({ owner: OWNER, repo: REPO, title: "t", labels: "not-an-array" }),
      ),
    );
    const query = await statusOf(
      octokit.request("GET /repos/{owner}/{repo}/pulls", malformed({ owner: OWNER, repo: REPO, state: "merged" })),
    );
    expect([body, query]).toEqual([422, 422]);
    expect(gh.takeViolations().map((v) => v.operationId)).toEqual(["issues/create", "pulls/list"]);
  });

  it("answers 404 and records a violation for a path GitHub does not have", async () => {
    const response = await fetch(`${gh.url}/repos/${OWNER}/${REPO}/pull/1`, {
      headers: { authorization: `token ${ACTIONS_TOKEN}` },
    });
    expect(response.status).toBe(404);
    expect(gh.takeViolations()).toMatchObject([{ direction: "request", status: 404 }]);
  });

  it("makes stop() fail while violations are left unexamined", async () => {
    const other = await startFakeGitHub();
    await fetch(`${other.url}/nope`, { headers: { authorization: `token ${ACTIONS_TOKEN}` } });
    await expect(other.stop()).rejects.toThrow(/1 OpenAPI violation/);
  });

  it("flags a response that does not match the documented schema", () => {
    const operation = operationById("pulls/get");
    if (operation === undefined) throw new Error("pulls/get is not in the subset");
    expect(validateResponse(operation, 200, { number: 1 })).toContain(`"head" wasn't supplied.`);
    expect(validateResponse(operation, 201, {})).toEqual([expect.stringContaining("status 201 is not documented")]);
  });

  it("checks the answers it serves with the same validator", async () => {
    await client().repos.get({ owner: OWNER, repo: REPO });
    const served = gh.requests[0]?.responseBody as Record<string, unknown>;
    const operation = operationById("repos/get");
    if (operation === undefined) throw new Error("repos/get is not in the subset");
    expect(validateResponse(operation, 200, served)).toEqual([]);
    const { owner: _dropped, ...withoutOwner } = served;
    expect(validateResponse(operation, 200, withoutOwner)).toContain(`"owner" wasn't supplied.`);
    expect(validateResponse(operation, 200, { ...served, private: "no" })).toEqual([
      `For 'properties/private', "no" must be boolean.`,
    ]);
  });

  it("implements exactly the operations kept in the OpenAPI subset", () => {
    const listed = JSON.parse(
      readFileSync(new URL("./fake-github/implemented-operations.json", import.meta.url), "utf8"),
    ).operations as string[];
    expect(Object.keys(ROUTES).sort()).toEqual([...listed].sort());
    for (const id of listed) expect(operationById(id)?.operationId).toBe(id);
  });
});

describe("authentication", () => {
  it("gives the GITHUB_TOKEN bot 403 on GET /user and a user token its own login", async () => {
    const asBot = await rejection(client(ACTIONS_TOKEN).users.getAuthenticated());
    expect(asBot).toEqual({ status: 403, message: "Resource not accessible by integration" });

    const { data } = await client(USER_TOKEN).users.getAuthenticated();
    expect(data).toMatchObject({ login: "octocat", type: "User", name: "The Octocat" });
  });

  it("answers 401 without a token and for an unknown one", async () => {
    const anonymous = await fetch(`${gh.url}/repos/${OWNER}/${REPO}`);
    const unknown = await fetch(`${gh.url}/repos/${OWNER}/${REPO}`, {
      headers: { authorization: "Bearer ghp_nobody" },
    });
    expect([anonymous.status, unknown.status]).toEqual([401, 401]);
    expect(await messageOf(anonymous)).toBe("Requires authentication");
    expect(await messageOf(unknown)).toBe("Bad credentials");
  });

  it("records the acting account of each request in order", async () => {
    await client(USER_TOKEN).repos.get({ owner: OWNER, repo: REPO });
    await client().repos.get({ owner: OWNER, repo: REPO });
    expect(gh.requests.map((r) => [r.sequence, r.operationId, r.login])).toEqual([
      [1, "repos/get", "octocat"],
      [2, "repos/get", "github-actions[bot]"],
    ]);
  });
});

describe("issue comments", () => {
  it("creates, pages through, updates and deletes comments like GitHub", async () => {
    const octokit = client();
    const { data: issue } = await octokit.issues.create({ owner: OWNER, repo: REPO, title: "Tracking" });
    const total = 123;
    for (let i = 0; i < total; i += 1) {
      await octokit.issues.createComment({
        owner: OWNER,
        repo: REPO,
        issue_number: issue.number,
        body: `comment ${i}`,
      });
    }
    const listed = await octokit.paginate(octokit.issues.listComments, {
      owner: OWNER,
      repo: REPO,
      issue_number: issue.number,
      per_page: 100,
    });
    expect(listed.map((c) => c.body)).toEqual(Array.from({ length: total }, (_, i) => `comment ${i}`));
    expect(listed[0]?.user?.login).toBe("github-actions[bot]");
    expect(listed[0]?.performed_via_github_app?.slug).toBe("github-actions");

    const target = listed[57];
    if (target === undefined) throw new Error("comment 57 missing");
    await octokit.issues.updateComment({ owner: OWNER, repo: REPO, comment_id: target.id, body: "edited" });
    const { data: fetched } = await octokit.issues.getComment({
      owner: OWNER,
      repo: REPO,
      comment_id: target.id,
    });
    expect(fetched.body).toBe("edited");

    await octokit.issues.deleteComment({ owner: OWNER, repo: REPO, comment_id: target.id });
    expect(await statusOf(octokit.issues.getComment({ owner: OWNER, repo: REPO, comment_id: target.id }))).toBe(404);
    const after = await octokit.paginate(octokit.issues.listComments, {
      owner: OWNER,
      repo: REPO,
      issue_number: issue.number,
    });
    expect(after).toHaveLength(total - 1);
    expect(after.some((c) => c.id === target.id)).toBe(false);
  });

  it("sends GitHub's Link header: prev, next, last, first with page last in the query", async () => {
    const octokit = client();
    const { data: issue } = await octokit.issues.create({ owner: OWNER, repo: REPO, title: "t" });
    for (let i = 0; i < 5; i += 1) {
      await octokit.issues.createComment({ owner: OWNER, repo: REPO, issue_number: issue.number, body: "x" });
    }
    const base = `${gh.url}/repos/${OWNER}/${REPO}/issues/${issue.number}/comments`;
    const headers = { authorization: `token ${ACTIONS_TOKEN}` };
    const middle = await fetch(`${base}?page=2&per_page=2`, { headers });
    expect(middle.headers.get("link")).toBe(
      [
        `<${base}?per_page=2&page=1>; rel="prev"`,
        `<${base}?per_page=2&page=3>; rel="next"`,
        `<${base}?per_page=2&page=3>; rel="last"`,
        `<${base}?per_page=2&page=1>; rel="first"`,
      ].join(", "),
    );
    const single = await fetch(`${base}?per_page=10`, { headers });
    expect(single.headers.get("link")).toBeNull();
  });

  it("visits every item exactly once by following rel=next (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 450 }), fc.integer({ min: 1, max: 120 }), (count, perPage) => {
        const items = Array.from({ length: count }, (_, i) => i);
        const seen: number[] = [];
        let url: URL | undefined = new URL(`http://127.0.0.1/x?per_page=${perPage}`);
        let pages = 0;
        while (url !== undefined && pages < 1000) {
          const page: { items: number[]; link: string | undefined } = paginate(items, url);
          seen.push(...page.items);
          const next: string | undefined = /<([^>]+)>; rel="next"/.exec(page.link ?? "")?.[1];
          url = next === undefined ? undefined : new URL(next);
          pages += 1;
        }
        expect(seen).toEqual(items);
        expect(pages).toBe(Math.max(1, Math.ceil(count / Math.min(perPage, 100))));
      }),
    );
  });
});

describe("fault injection", () => {
  it("serves injected 5xx answers for the next N matching requests only", async () => {
    const octokit = client();
    gh.inject({ method: "GET", path: "/repos/{owner}/{repo}", times: 2, status: 502 });
    gh.inject({ path: `/repos/${OWNER}/*/pulls`, status: 500 });
    const statuses = [
      await statusOf(octokit.repos.get({ owner: OWNER, repo: REPO })),
      await statusOf(octokit.repos.get({ owner: OWNER, repo: REPO })),
      await statusOf(octokit.pulls.list({ owner: OWNER, repo: REPO })),
    ];
    expect(statuses).toEqual([502, 502, 500]);
    const { status } = await octokit.repos.get({ owner: OWNER, repo: REPO });
    expect(status).toBe(200);
    expect(gh.requests.map((r) => r.injected)).toEqual([true, true, true, false]);
  });

  it("answers a secondary rate limit with 403, retry-after and GitHub's message, and 429", async () => {
    gh.inject({ method: "POST", path: /\/issues$/, status: 403, retryAfter: 30 });
    gh.inject({ method: "POST", path: /\/issues$/, status: 429 });
    const post = () =>
      fetch(`${gh.url}/repos/${OWNER}/${REPO}/issues`, {
        method: "POST",
        headers: { authorization: `token ${ACTIONS_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ title: "Retrain" }),
      });
    const first = await post();
    expect(first.status).toBe(403);
    expect(first.headers.get("retry-after")).toBe("30");
    expect(await messageOf(first)).toMatch(/^You have exceeded a secondary rate limit/);
    const second = await post();
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBe("60");
    expect((await post()).status).toBe(201);
  });

  it("injects a ref-update conflict: 409, then 422 Reference update failed", async () => {
    const octokit = client();
    const head = await octokit.git.getRef({ owner: OWNER, repo: REPO, ref: "heads/main" });
    gh.inject({ method: "PATCH", path: "/repos/{owner}/{repo}/git/refs/{ref}", status: 409 });
    gh.inject({ method: "PATCH", path: "/repos/{owner}/{repo}/git/refs/{ref}", status: 422 });
    const update = () =>
      rejection(octokit.git.updateRef({ owner: OWNER, repo: REPO, ref: "heads/main", sha: head.data.object.sha }));
    expect(await update()).toMatchObject({ status: 409 });
    expect(await update()).toEqual({ status: 422, message: "Reference update failed" });
  });
});

describe("git data", () => {
  it("builds blob → tree → commit → ref, and refuses a non-fast-forward update", async () => {
    const octokit = client();
    const ref = "heads/main";
    const { data: main } = await octokit.git.getRef({ owner: OWNER, repo: REPO, ref });
    const { data: parent } = await octokit.git.getCommit({
      owner: OWNER,
      repo: REPO,
      commit_sha: main.object.sha,
    });

    const { data: blob } = await octokit.git.createBlob({
      owner: OWNER,
      repo: REPO,
      content: "hello world\n",
    });
    // `git hash-object` of "hello world\n".
    expect(blob.sha).toBe("3b18e512dba79e4c8300dd08aeb37f8e728b8dad");

    const { data: tree } = await octokit.git.createTree({
      owner: OWNER,
      repo: REPO,
      base_tree: parent.tree.sha,
      tree: [
        { path: "deploy/prod/kustomization.yaml", mode: "100644", type: "blob", sha: blob.sha },
        { path: "README.md", mode: "100644", type: "blob", sha: null },
      ],
    });
    const { data: commit } = await octokit.git.createCommit({
      owner: OWNER,
      repo: REPO,
      message: "Promote churn v2",
      tree: tree.sha,
      parents: [main.object.sha],
    });
    const { data: moved } = await octokit.git.updateRef({ owner: OWNER, repo: REPO, ref, sha: commit.sha });
    expect(moved.object.sha).toBe(commit.sha);
    expect(gh.readFile(OWNER, REPO, "main", "deploy/prod/kustomization.yaml")).toBe("hello world\n");
    expect(gh.readFile(OWNER, REPO, "main", "README.md")).toBeUndefined();
    expect(gh.readFile(OWNER, REPO, "main", "models/churn/model.yml")).toBe("version: 1\n");

    const { data: full } = await octokit.git.getTree({
      owner: OWNER,
      repo: REPO,
      tree_sha: tree.sha,
      recursive: "1",
    });
    expect(full.tree.map((e) => e.path)).toEqual([
      "deploy",
      "deploy/prod",
      "deploy/prod/kustomization.yaml",
      "models",
      "models/churn",
      "models/churn/model.yml",
    ]);

    // A sibling of the new commit does not contain it: moving main there would drop history.
    const { data: sibling } = await octokit.git.createCommit({
      owner: OWNER,
      repo: REPO,
      message: "Diverge",
      tree: parent.tree.sha,
      parents: [main.object.sha],
    });
    const refused = await rejection(octokit.git.updateRef({ owner: OWNER, repo: REPO, ref, sha: sibling.sha }));
    expect(refused).toEqual({ status: 422, message: "Update is not a fast forward" });
    expect(gh.state.resolveCommitish(gh.state.requireRepo(OWNER, REPO), "main")).toBe(commit.sha);

    const { data: forced } = await octokit.git.updateRef({
      owner: OWNER,
      repo: REPO,
      ref,
      sha: sibling.sha,
      force: true,
    });
    expect(forced.object.sha).toBe(sibling.sha);
  });

  it("creates a branch ref once and refuses to create it again", async () => {
    const octokit = client();
    const { data: main } = await octokit.git.getRef({ owner: OWNER, repo: REPO, ref: "heads/main" });
    const create = () =>
      octokit.git.createRef({ owner: OWNER, repo: REPO, ref: "refs/heads/slipway/promote", sha: main.object.sha });
    expect((await create()).status).toBe(201);
    expect(await statusOf(create())).toBe(422);
    expect(await statusOf(octokit.git.getRef({ owner: OWNER, repo: REPO, ref: "heads/absent" }))).toBe(404);
  });

  it("hashes commits exactly as git does", async () => {
    const { data: main } = await client().git.getRef({ owner: OWNER, repo: REPO, ref: "heads/main" });
    const { data: commit } = await client().git.getCommit({
      owner: OWNER,
      repo: REPO,
      commit_sha: main.object.sha,
    });
    const seconds = Date.parse(commit.author.date) / 1000;
    const payload = `tree ${commit.tree.sha}\nauthor ${commit.author.name} <${commit.author.email}> ${seconds} +0000\ncommitter ${commit.committer.name} <${commit.committer.email}> ${seconds} +0000\n\n${commit.message}`;
    const sha = createHash("sha1")
      .update(`commit ${Buffer.byteLength(payload)}\0${payload}`)
      .digest("hex");
    expect(commit.sha).toBe(sha);
  });
});

describe("contents", () => {
  it("returns a file's content at the requested ref, and 404 for a missing path", async () => {
    gh.commitFiles({
      owner: OWNER,
      repo: REPO,
      branch: "feature",
      files: { "models/churn/model.yml": "version: 2\n" },
    });
    const octokit = client();
    const read = async (ref?: string) => {
      const { data } = await octokit.repos.getContent({
        owner: OWNER,
        repo: REPO,
        path: "models/churn/model.yml",
        ...(ref === undefined ? {} : { ref }),
      });
      if (Array.isArray(data) || data.type !== "file") throw new Error("expected a file");
      expect(data.encoding).toBe("base64");
      return Buffer.from(data.content, "base64").toString("utf8");
    };
    expect(await read()).toBe("version: 1\n");
    expect(await read("feature")).toBe("version: 2\n");
    const featureSha = gh.state.resolveCommitish(gh.state.requireRepo(OWNER, REPO), "feature");
    expect(await read(featureSha)).toBe("version: 2\n");

    expect(await statusOf(octokit.repos.getContent({ owner: OWNER, repo: REPO, path: "nope.txt" }))).toBe(404);

    const { data: listing } = await octokit.repos.getContent({ owner: OWNER, repo: REPO, path: "models" });
    expect(Array.isArray(listing) && listing.map((e) => [e.name, e.type])).toEqual([["churn", "dir"]]);

    const raw = await fetch(`${gh.url}/repos/${OWNER}/${REPO}/contents/README.md`, {
      headers: { authorization: `token ${ACTIONS_TOKEN}`, accept: "application/vnd.github.raw" },
    });
    expect(await raw.text()).toBe("# models\n");
  });
});

describe("pull requests, issues, checks and dispatches", () => {
  it("opens, finds by head, updates and closes a pull request", async () => {
    const headSha = gh.commitFiles({
      owner: OWNER,
      repo: REPO,
      branch: "slipway/churn-v2",
      files: { "models/churn/model.yml": "version: 2\nmetric: auc\n" },
    });
    const octokit = client();
    const { data: created } = await octokit.pulls.create({
      owner: OWNER,
      repo: REPO,
      head: "slipway/churn-v2",
      base: "main",
      title: "Deploy churn v2",
    });
    expect(created).toMatchObject({
      state: "open",
      head: { ref: "slipway/churn-v2", sha: headSha },
      commits: 1,
      changed_files: 1,
      additions: 2,
      deletions: 1,
    });
    expect(
      await statusOf(
        octokit.pulls.create({ owner: OWNER, repo: REPO, head: "slipway/churn-v2", base: "main", title: "again" }),
      ),
    ).toBe(422);

    const found = await octokit.pulls.list({ owner: OWNER, repo: REPO, head: `${OWNER}:slipway/churn-v2` });
    expect(found.data.map((p) => p.number)).toEqual([created.number]);
    const other = await octokit.pulls.list({ owner: OWNER, repo: REPO, head: `${OWNER}:other` });
    expect(other.data).toEqual([]);

    await octokit.pulls.update({ owner: OWNER, repo: REPO, pull_number: created.number, state: "closed" });
    const open = await octokit.pulls.list({ owner: OWNER, repo: REPO });
    const all = await octokit.pulls.list({ owner: OWNER, repo: REPO, state: "all" });
    expect([open.data.length, all.data.length]).toEqual([0, 1]);

    // Pull requests are issues: comments and labels go through the issues API.
    await octokit.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: created.number, labels: ["model"] });
    const { data: asIssue } = await octokit.issues.get({ owner: OWNER, repo: REPO, issue_number: created.number });
    expect(asIssue.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["model"]);
    expect(asIssue.pull_request).toBeDefined();
  });

  it("tracks issues by label and state", async () => {
    const octokit = client();
    const { data: tracking } = await octokit.issues.create({
      owner: OWNER,
      repo: REPO,
      title: "Drift on churn",
      labels: ["slipway-drift"],
    });
    await octokit.issues.create({ owner: OWNER, repo: REPO, title: "Unrelated" });
    const labelled = await octokit.issues.listForRepo({ owner: OWNER, repo: REPO, labels: "slipway-drift" });
    expect(labelled.data.map((i) => i.number)).toEqual([tracking.number]);

    await octokit.issues.update({ owner: OWNER, repo: REPO, issue_number: tracking.number, state: "closed" });
    const open = await octokit.issues.listForRepo({ owner: OWNER, repo: REPO, labels: "slipway-drift" });
    const closed = await octokit.issues.listForRepo({
      owner: OWNER,
      repo: REPO,
      labels: "slipway-drift",
      state: "closed",
    });
    expect(open.data).toEqual([]);
    expect(closed.data[0]).toMatchObject({ number: tracking.number, state_reason: "completed" });
  });

  it("lets the Actions token write check runs and refuses a personal token", async () => {
    const repo = gh.state.requireRepo(OWNER, REPO);
    const headSha = gh.state.resolveCommitish(repo, "main") ?? "";
    const { data: run } = await client().checks.create({
      owner: OWNER,
      repo: REPO,
      name: "slipway/gate",
      head_sha: headSha,
      status: "in_progress",
    });
    const { data: done } = await client().checks.update({
      owner: OWNER,
      repo: REPO,
      check_run_id: run.id,
      conclusion: "failure",
      output: { title: "AUC dropped", summary: "−0.031 [−0.05, −0.01]" },
    });
    expect(done).toMatchObject({ status: "completed", conclusion: "failure", app: { slug: "github-actions" } });
    expect(
      await statusOf(client(USER_TOKEN).checks.create({ owner: OWNER, repo: REPO, name: "x", head_sha: headSha })),
    ).toBe(403);
  });

  it("records repository_dispatch events", async () => {
    const { status } = await client(USER_TOKEN).repos.createDispatchEvent({
      owner: OWNER,
      repo: REPO,
      event_type: "slipway-promote",
      client_payload: { model: "churn" },
    });
    expect(status).toBe(204);
    expect(gh.state.requireRepo(OWNER, REPO).dispatches).toMatchObject([
      { eventType: "slipway-promote", clientPayload: { model: "churn" }, sender: { login: "octocat" } },
    ]);
  });
});
