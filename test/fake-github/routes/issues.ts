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
  repoOf,
} from "../route-context.js";
import type { Issue, Repo } from "../state.js";
import { commentCount, renderIssue, renderLabel } from "./issue-representation.js";

// Issues (docs.github.com/rest/issues/issues) and their labels. Pull requests are issues too:
// they share the number sequence and show up in the issue list with a `pull_request` key.

type LabelInput = string | { name?: string };

function labelNames(input: unknown): string[] {
  // add-labels takes {labels: [...]}, a bare array, or a single string; items are names or
  // objects with a name (docs.github.com/rest/issues/labels#add-labels-to-an-issue).
  const list =
    typeof input === "string"
      ? [input]
      : Array.isArray(input)
        ? input
        : ((input as { labels?: LabelInput[] } | undefined)?.labels ?? []);
  return (list as LabelInput[])
    .map((item) => (typeof item === "string" ? item : (item.name ?? "")))
    .filter((name) => name !== "");
}

export function issueOf(context: RouteContext, repo: Repo): Issue {
  const issue = repo.issues.get(numberParam(context, "issue_number"));
  if (issue === undefined) throw new AnswerError(notFound(context.operation.documentationUrl));
  return issue;
}

function sortIssues(issues: Issue[], repo: Repo, sort: string, direction: string): Issue[] {
  const key = (issue: Issue): number | string =>
    sort === "updated" ? issue.updatedAt : sort === "comments" ? commentCount(repo, issue.number) : issue.createdAt;
  const sign = direction === "asc" ? 1 : -1;
  return [...issues].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const primary = ka < kb ? -1 : ka > kb ? 1 : 0;
    return sign * (primary !== 0 ? primary : a.number - b.number);
  });
}

export const issueRoutes: Record<string, RouteHandler> = {
  "issues/create": (context) => {
    const repo = repoOf(context);
    const body = bodyOf<{
      title: string | number;
      body?: string | null;
      labels?: LabelInput[];
      assignees?: string[];
    }>(context);
    const issue = context.state.openIssue(repo, {
      title: String(body.title),
      body: body.body ?? null,
      user: context.identity.account,
    });
    issue.labels = labelNames(body.labels ?? []).map((name) => context.state.ensureLabel(repo, name));
    issue.assignees = (body.assignees ?? []).map((login) => context.state.ensureAccount(login));
    const url = `${repoApiUrl(context.apiUrl, repo)}/issues/${issue.number}`;
    return ok(renderIssue(repo, context.apiUrl, issue), 201, { location: url });
  },

  "issues/get": (context) => {
    const repo = repoOf(context);
    return ok(renderIssue(repo, context.apiUrl, issueOf(context, repo)));
  },

  "issues/list-for-repo": (context) => {
    const repo = repoOf(context);
    const state = optionalString(context, "state") ?? "open";
    const wantedLabels = (optionalString(context, "labels") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== "");
    const creator = optionalString(context, "creator")?.toLowerCase();
    const since = optionalString(context, "since");
    const matching = [...repo.issues.values()].filter(
      (issue) =>
        (state === "all" || issue.state === state) &&
        wantedLabels.every((name) => issue.labels.some((l) => l.name.toLowerCase() === name)) &&
        (creator === undefined || issue.user.login.toLowerCase() === creator) &&
        (since === undefined || Date.parse(issue.updatedAt) >= Date.parse(since)),
    );
    const sorted = sortIssues(
      matching,
      repo,
      optionalString(context, "sort") ?? "created",
      optionalString(context, "direction") ?? "desc",
    );
    const page = paginate(sorted, context.requestUrl);
    return ok(
      page.items.map((issue) => renderIssue(repo, context.apiUrl, issue)),
      200,
      page.link === undefined ? undefined : { link: page.link },
    );
  },

  "issues/update": (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context, repo);
    const body = bodyOf<{
      title?: string | number | null;
      body?: string | null;
      state?: "open" | "closed";
      state_reason?: "completed" | "not_planned" | "duplicate" | "reopened" | null;
      labels?: LabelInput[];
      assignees?: string[];
    }>(context);
    if (body.title !== undefined && body.title !== null) issue.title = String(body.title);
    if (body.body !== undefined) issue.body = body.body;
    if (body.labels !== undefined) {
      issue.labels = labelNames(body.labels).map((name) => context.state.ensureLabel(repo, name));
    }
    if (body.assignees !== undefined) {
      issue.assignees = body.assignees.map((login) => context.state.ensureAccount(login));
    }
    if (body.state === "closed" && issue.state === "open") {
      issue.state = "closed";
      issue.closedAt = context.state.now();
      issue.closedBy = context.identity.account;
      issue.stateReason = body.state_reason ?? "completed";
    } else if (body.state === "open" && issue.state === "closed") {
      issue.state = "open";
      issue.closedAt = null;
      issue.closedBy = null;
      issue.stateReason = "reopened";
    } else if (body.state_reason !== undefined && issue.state === "closed") {
      issue.stateReason = body.state_reason;
    }
    issue.updatedAt = context.state.now();
    return ok(renderIssue(repo, context.apiUrl, issue));
  },

  "issues/add-labels": (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context, repo);
    const names = labelNames(context.body);
    if (names.length === 0) {
      return validationFailed(context.operation.documentationUrl, [
        { resource: "Label", field: "name", code: "missing_field" },
      ]);
    }
    for (const name of names) {
      const label = context.state.ensureLabel(repo, name);
      if (!issue.labels.some((l) => l.id === label.id)) issue.labels.push(label);
    }
    issue.updatedAt = context.state.now();
    return ok(issue.labels.map((label) => renderLabel(repo, context.apiUrl, label)));
  },
};
