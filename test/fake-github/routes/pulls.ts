import { renderSimpleUser } from "../accounts.js";
import { notFound, ok, validationFailed } from "../github-answer.js";
import { paginate } from "../pagination.js";
import {
  AnswerError,
  bodyOf,
  numberParam,
  optionalString,
  type RouteContext,
  type RouteHandler,
  repoApiUrl,
  repoHtmlUrl,
  repoOf,
} from "../route-context.js";
import type { FakeGitHubState, Issue, PullRequestData, Repo } from "../state.js";
import { authorAssociation, commentCount, renderLabel } from "./issue-representation.js";
import { renderRepository } from "./repos.js";

// Pull requests (docs.github.com/rest/pulls/pulls) within one repository. Head and base SHAs
// follow their branches while the branches exist, as on GitHub.

/** Refreshes head/base SHAs from the branches, for open pull requests. */
function syncBranches(repo: Repo, pull: PullRequestData, open: boolean): void {
  if (!open) return;
  pull.headSha = repo.refs.get(`refs/heads/${pull.headRef}`) ?? pull.headSha;
  pull.baseSha = repo.refs.get(`refs/heads/${pull.baseRef}`) ?? pull.baseSha;
}

/** Commits on head not reachable from base, and the files and lines they change. */
function diffStats(state: FakeGitHubState, repo: Repo, pull: PullRequestData) {
  let commits = 0;
  const pending = [pull.headSha];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const sha = pending.pop() as string;
    if (seen.has(sha) || repo.git.isAncestor(sha, pull.baseSha)) continue;
    seen.add(sha);
    commits += 1;
    const object = repo.git.get(sha);
    if (object?.type === "commit") pending.push(...object.parents);
  }
  const before = repo.git.flatten(state.commitTree(repo, pull.baseSha));
  const after = repo.git.flatten(state.commitTree(repo, pull.headSha));
  let changedFiles = 0;
  let additions = 0;
  let deletions = 0;
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const oldSha = before.get(path)?.sha;
    const newSha = after.get(path)?.sha;
    if (oldSha === newSha) continue;
    changedFiles += 1;
    // Lines counted as a multiset difference: a fair stand-in for a line diff's +/- totals.
    const oldLines = lines(repo, oldSha);
    const newLines = lines(repo, newSha);
    const counts = new Map<string, number>();
    for (const line of oldLines) counts.set(line, (counts.get(line) ?? 0) + 1);
    for (const line of newLines) {
      const left = counts.get(line) ?? 0;
      if (left > 0) counts.set(line, left - 1);
      else additions += 1;
    }
    for (const left of counts.values()) deletions += left;
  }
  return { commits, changedFiles, additions, deletions };
}

function lines(repo: Repo, sha: string | undefined): string[] {
  const blob = sha === undefined ? undefined : repo.git.get(sha);
  if (blob?.type !== "blob" || blob.content.length === 0) return [];
  return blob.content.toString("utf8").replace(/\n$/, "").split("\n");
}

function renderBranch(repo: Repo, apiUrl: string, ref: string, sha: string) {
  return {
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: renderSimpleUser(repo.owner, apiUrl),
    repo: renderRepository(repo, apiUrl),
  };
}

export function renderPull(state: FakeGitHubState, repo: Repo, apiUrl: string, issue: Issue): Record<string, unknown> {
  const pull = issue.pull as PullRequestData;
  syncBranches(repo, pull, issue.state === "open");
  const api = repoApiUrl(apiUrl, repo);
  const url = `${api}/pulls/${issue.number}`;
  const html = `${repoHtmlUrl(repo)}/pull/${issue.number}`;
  const stats = diffStats(state, repo, pull);
  const links = {
    self: { href: url },
    html: { href: html },
    issue: { href: `${api}/issues/${issue.number}` },
    comments: { href: `${api}/issues/${issue.number}/comments` },
    review_comments: { href: `${url}/comments` },
    review_comment: { href: `${api}/pulls/comments{/number}` },
    commits: { href: `${url}/commits` },
    statuses: { href: `${api}/statuses/${pull.headSha}` },
  };
  return {
    url,
    id: issue.id,
    node_id: issue.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: renderSimpleUser(issue.user, apiUrl),
    body: issue.body,
    labels: issue.labels.map((label) => renderLabel(repo, apiUrl, label)),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: null,
    merge_commit_sha: null,
    assignee: issue.assignees[0] === undefined ? null : renderSimpleUser(issue.assignees[0], apiUrl),
    assignees: issue.assignees.map((account) => renderSimpleUser(account, apiUrl)),
    requested_reviewers: [],
    requested_teams: [],
    head: renderBranch(repo, apiUrl, pull.headRef, pull.headSha),
    base: renderBranch(repo, apiUrl, pull.baseRef, pull.baseSha),
    _links: links,
    author_association: authorAssociation(repo, issue.user),
    auto_merge: null,
    draft: pull.draft,
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: "unknown",
    merged_by: null,
    comments: commentCount(repo, issue.number),
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: stats.commits,
    additions: stats.additions,
    deletions: stats.deletions,
    changed_files: stats.changedFiles,
  };
}

function pullOf(context: RouteContext, repo: Repo): Issue {
  const issue = repo.issues.get(numberParam(context, "pull_number"));
  if (issue?.pull === undefined) throw new AnswerError(notFound(context.operation.documentationUrl));
  return issue;
}

/** `octo:feature` or `feature` → `feature`, when the owner is the repository's. */
function headBranch(repo: Repo, head: string): string | undefined {
  const colon = head.indexOf(":");
  if (colon < 0) return head;
  return head.slice(0, colon).toLowerCase() === repo.owner.login.toLowerCase() ? head.slice(colon + 1) : undefined;
}

export const pullRoutes: Record<string, RouteHandler> = {
  "pulls/create": (context) => {
    const repo = repoOf(context);
    const docs = context.operation.documentationUrl;
    const body = bodyOf<{
      title?: string;
      head: string;
      base: string;
      body?: string;
      draft?: boolean;
      maintainer_can_modify?: boolean;
    }>(context);
    if (body.title === undefined) {
      return validationFailed(docs, [{ resource: "PullRequest", field: "title", code: "missing_field" }]);
    }
    const head = headBranch(repo, body.head);
    const headSha = head === undefined ? undefined : repo.refs.get(`refs/heads/${head}`);
    const baseSha = repo.refs.get(`refs/heads/${body.base}`);
    if (head === undefined || headSha === undefined) {
      return validationFailed(docs, [{ resource: "PullRequest", field: "head", code: "invalid" }]);
    }
    if (baseSha === undefined) {
      return validationFailed(docs, [{ resource: "PullRequest", field: "base", code: "invalid" }]);
    }
    const duplicate = [...repo.issues.values()].some(
      (issue) => issue.state === "open" && issue.pull?.headRef === head && issue.pull.baseRef === body.base,
    );
    if (duplicate) {
      return validationFailed(docs, [
        {
          resource: "PullRequest",
          code: "custom",
          message: `A pull request already exists for ${repo.owner.login}:${head}.`,
        },
      ]);
    }
    if (repo.git.isAncestor(headSha, baseSha)) {
      return validationFailed(docs, [
        { resource: "PullRequest", code: "custom", message: `No commits between ${body.base} and ${head}` },
      ]);
    }
    const issue = context.state.openIssue(repo, {
      title: body.title,
      body: body.body ?? null,
      user: context.identity.account,
      pull: {
        headRef: head,
        headSha,
        baseRef: body.base,
        baseSha,
        draft: body.draft ?? false,
        maintainerCanModify: body.maintainer_can_modify ?? false,
      },
    });
    const rendered = renderPull(context.state, repo, context.apiUrl, issue);
    return ok(rendered, 201, { location: String(rendered.url) });
  },

  "pulls/get": (context) => {
    const repo = repoOf(context);
    return ok(renderPull(context.state, repo, context.apiUrl, pullOf(context, repo)));
  },

  "pulls/list": (context) => {
    const repo = repoOf(context);
    const state = optionalString(context, "state") ?? "open";
    const head = optionalString(context, "head");
    const base = optionalString(context, "base");
    // `head` filters by `user:ref-name`; GitHub matches nothing when the user part is missing.
    const headRef = head === undefined ? undefined : head.includes(":") ? headBranch(repo, head) : null;
    const sort = optionalString(context, "sort") ?? "created";
    const direction = optionalString(context, "direction") ?? (sort === "created" ? "desc" : "asc");
    const pulls = [...repo.issues.values()]
      .filter(
        (issue) =>
          issue.pull !== undefined &&
          (state === "all" || issue.state === state) &&
          (headRef === undefined || issue.pull.headRef === headRef) &&
          (base === undefined || issue.pull.baseRef === base),
      )
      .sort((a, b) => {
        const ka = sort === "updated" ? a.updatedAt : a.createdAt;
        const kb = sort === "updated" ? b.updatedAt : b.createdAt;
        const primary = ka < kb ? -1 : ka > kb ? 1 : a.number - b.number;
        return direction === "asc" ? primary : -primary;
      });
    const page = paginate(pulls, context.requestUrl);
    return ok(
      page.items.map((issue) => renderPull(context.state, repo, context.apiUrl, issue)),
      200,
      page.link === undefined ? undefined : { link: page.link },
    );
  },

  "pulls/update": (context) => {
    const repo = repoOf(context);
    const issue = pullOf(context, repo);
    const pull = issue.pull as PullRequestData;
    const body = bodyOf<{
      title?: string;
      body?: string;
      state?: "open" | "closed";
      base?: string;
      maintainer_can_modify?: boolean;
    }>(context);
    if (body.base !== undefined) {
      const baseSha = repo.refs.get(`refs/heads/${body.base}`);
      if (baseSha === undefined) {
        return validationFailed(context.operation.documentationUrl, [
          { resource: "PullRequest", field: "base", code: "invalid" },
        ]);
      }
      pull.baseRef = body.base;
      pull.baseSha = baseSha;
    }
    if (body.title !== undefined) issue.title = body.title;
    if (body.body !== undefined) issue.body = body.body;
    if (body.maintainer_can_modify !== undefined) pull.maintainerCanModify = body.maintainer_can_modify;
    if (body.state === "closed" && issue.state === "open") {
      syncBranches(repo, pull, true);
      issue.state = "closed";
      issue.closedAt = context.state.now();
      issue.closedBy = context.identity.account;
    } else if (body.state === "open" && issue.state === "closed") {
      issue.state = "open";
      issue.closedAt = null;
      issue.closedBy = null;
    }
    issue.updatedAt = context.state.now();
    return ok(renderPull(context.state, repo, context.apiUrl, issue));
  },
};
