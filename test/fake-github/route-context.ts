import type { IncomingHttpHeaders } from "node:http";
import type { Identity } from "./accounts.js";
import { type GitHubAnswer, notFound } from "./github-answer.js";
import type { OperationDescription } from "./openapi-document.js";
import type { FakeGitHubState, Repo } from "./state.js";

/** What a route sees of a request that passed authentication and validation. */
export interface RouteContext {
  state: FakeGitHubState;
  identity: Identity;
  operation: OperationDescription;
  /** Path and query parameters, coerced to their documented types. */
  params: Record<string, unknown>;
  /** The parsed JSON body; it conforms to the documented request schema. */
  body: unknown;
  headers: IncomingHttpHeaders;
  requestUrl: URL;
  /** The server's own base URL, standing in for https://api.github.com. */
  apiUrl: string;
}

export type RouteHandler = (context: RouteContext) => GitHubAnswer;

/** Thrown by a route to end with a GitHub error answer. */
export class AnswerError extends Error {
  constructor(readonly answer: GitHubAnswer) {
    super(`GitHub answer ${answer.status}`);
  }
}

export function stringParam(context: RouteContext, name: string): string {
  return String(context.params[name]);
}

export function numberParam(context: RouteContext, name: string): number {
  return Number(context.params[name]);
}

export function optionalString(context: RouteContext, name: string): string | undefined {
  const value = context.params[name];
  return value === undefined ? undefined : String(value);
}

/** The repository named by the `owner` and `repo` path parameters, or a 404 like GitHub's. */
export function repoOf(context: RouteContext): Repo {
  const repo = context.state.repo(stringParam(context, "owner"), stringParam(context, "repo"));
  if (repo === undefined) throw new AnswerError(notFound(context.operation.documentationUrl));
  return repo;
}

/** The request body as the route's own shape; the validator has checked it against the schema. */
export function bodyOf<T>(context: RouteContext): T {
  return (context.body ?? {}) as T;
}

export function repoApiUrl(apiUrl: string, repo: Repo): string {
  return `${apiUrl}/repos/${repo.owner.login}/${repo.name}`;
}

export function repoHtmlUrl(repo: Repo): string {
  return `https://github.com/${repo.owner.login}/${repo.name}`;
}
