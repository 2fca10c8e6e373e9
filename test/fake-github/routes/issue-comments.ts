import { renderActionsApp, renderSimpleUser } from "../accounts.js";
import { noContent, notFound, ok } from "../github-answer.js";
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
import type { IssueComment, Repo } from "../state.js";
import { authorAssociation, emptyReactions } from "./issue-representation.js";
import { issueOf } from "./issues.js";

// Issue and pull-request conversation comments (docs.github.com/rest/issues/comments), the
// home of sticky comments: listed oldest first, paginated with a Link header.

function renderComment(repo: Repo, apiUrl: string, comment: IssueComment): Record<string, unknown> {
  const api = repoApiUrl(apiUrl, repo);
  const url = `${api}/issues/comments/${comment.id}`;
  const kind = repo.issues.get(comment.issueNumber)?.pull === undefined ? "issues" : "pull";
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url,
    html_url: `${repoHtmlUrl(repo)}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: renderSimpleUser(comment.user, apiUrl),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    author_association: authorAssociation(repo, comment.user),
    performed_via_github_app: comment.viaApp ? renderActionsApp(apiUrl) : null,
    reactions: emptyReactions(url),
  };
}

function commentOf(context: RouteContext, repo: Repo): IssueComment {
  const comment = repo.comments.get(numberParam(context, "comment_id"));
  if (comment === undefined) throw new AnswerError(notFound(context.operation.documentationUrl));
  return comment;
}

export const issueCommentRoutes: Record<string, RouteHandler> = {
  "issues/list-comments": (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context, repo);
    const since = optionalString(context, "since");
    const comments = [...repo.comments.values()]
      .filter(
        (c) => c.issueNumber === issue.number && (since === undefined || Date.parse(c.updatedAt) >= Date.parse(since)),
      )
      .sort((a, b) => a.id - b.id);
    const page = paginate(comments, context.requestUrl);
    return ok(
      page.items.map((comment) => renderComment(repo, context.apiUrl, comment)),
      200,
      page.link === undefined ? undefined : { link: page.link },
    );
  },

  "issues/create-comment": (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context, repo);
    const id = context.state.allocateId();
    const now = context.state.now();
    const comment: IssueComment = {
      id,
      nodeId: Buffer.from(`012:IssueComment${id}`).toString("base64"),
      issueNumber: issue.number,
      body: bodyOf<{ body: string }>(context).body,
      user: context.identity.account,
      viaApp: context.identity.kind === "installation",
      createdAt: now,
      updatedAt: now,
    };
    repo.comments.set(id, comment);
    issue.updatedAt = now;
    const rendered = renderComment(repo, context.apiUrl, comment);
    return ok(rendered, 201, { location: String(rendered.url) });
  },

  "issues/get-comment": (context) => {
    const repo = repoOf(context);
    return ok(renderComment(repo, context.apiUrl, commentOf(context, repo)));
  },

  "issues/update-comment": (context) => {
    const repo = repoOf(context);
    const comment = commentOf(context, repo);
    comment.body = bodyOf<{ body: string }>(context).body;
    comment.updatedAt = context.state.now();
    return ok(renderComment(repo, context.apiUrl, comment));
  },

  "issues/delete-comment": (context) => {
    const repo = repoOf(context);
    const comment = commentOf(context, repo);
    repo.comments.delete(comment.id);
    return noContent();
  },
};
