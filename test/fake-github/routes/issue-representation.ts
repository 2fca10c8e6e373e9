import type { Account } from "../accounts.js";
import { renderSimpleUser } from "../accounts.js";
import { repoApiUrl, repoHtmlUrl } from "../route-context.js";
import type { Issue, Label, Repo } from "../state.js";

// Representations shared by issues, pull requests and comments.

/** GitHub's `author_association` of an account with a repository. */
export function authorAssociation(repo: Repo, account: Account): string {
  if (account.id === repo.owner.id) return "OWNER";
  return account.type === "Bot" ? "NONE" : "CONTRIBUTOR";
}

export function renderLabel(repo: Repo, apiUrl: string, label: Label): Record<string, unknown> {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${repoApiUrl(apiUrl, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

export function emptyReactions(url: string): Record<string, unknown> {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    "+1": 0,
    "-1": 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

export function commentCount(repo: Repo, issueNumber: number): number {
  let count = 0;
  for (const comment of repo.comments.values()) if (comment.issueNumber === issueNumber) count += 1;
  return count;
}

export function renderIssue(repo: Repo, apiUrl: string, issue: Issue): Record<string, unknown> {
  const api = repoApiUrl(apiUrl, repo);
  const url = `${api}/issues/${issue.number}`;
  const html = `${repoHtmlUrl(repo)}/${issue.pull === undefined ? "issues" : "pull"}/${issue.number}`;
  return {
    id: issue.id,
    node_id: issue.nodeId,
    url,
    repository_url: api,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: renderSimpleUser(issue.user, apiUrl),
    labels: issue.labels.map((label) => renderLabel(repo, apiUrl, label)),
    assignee: issue.assignees[0] === undefined ? null : renderSimpleUser(issue.assignees[0], apiUrl),
    assignees: issue.assignees.map((account) => renderSimpleUser(account, apiUrl)),
    milestone: null,
    locked: issue.locked,
    active_lock_reason: null,
    comments: commentCount(repo, issue.number),
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.closedBy === null ? null : renderSimpleUser(issue.closedBy, apiUrl),
    author_association: authorAssociation(repo, issue.user),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    reactions: emptyReactions(url),
    ...(issue.pull === undefined
      ? {}
      : {
          draft: issue.pull.draft,
          pull_request: {
            url: `${api}/pulls/${issue.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: null,
          },
        }),
  };
}
