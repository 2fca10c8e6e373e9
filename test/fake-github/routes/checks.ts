import { renderActionsApp } from "../accounts.js";
import { basicError, notFound, ok } from "../github-answer.js";
import {
  bodyOf,
  numberParam,
  type RouteContext,
  type RouteHandler,
  repoApiUrl,
  repoHtmlUrl,
  repoOf,
} from "../route-context.js";
import type { CheckRun, Repo } from "../state.js";

// Check runs (docs.github.com/rest/checks/runs). Only GitHub Apps may write them: a workflow's
// GITHUB_TOKEN can, a personal token gets 403 "You must authenticate via a GitHub App.".

type Conclusion = NonNullable<CheckRun["conclusion"]>;

interface CheckRunInput {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: CheckRun["status"];
  started_at?: string;
  conclusion?: Conclusion;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: unknown[] };
}

function renderCheckRun(repo: Repo, apiUrl: string, run: CheckRun): Record<string, unknown> {
  const api = repoApiUrl(apiUrl, repo);
  const url = `${api}/check-runs/${run.id}`;
  const pulls = [...repo.issues.values()].filter(
    (issue) => issue.state === "open" && issue.pull?.headSha === run.headSha,
  );
  const minimalRepo = { id: repo.id, url: api, name: repo.name };
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: run.nodeId,
    external_id: run.externalId,
    url,
    html_url: `${repoHtmlUrl(repo)}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: renderActionsApp(apiUrl),
    pull_requests: pulls.map((issue) => ({
      id: issue.id,
      number: issue.number,
      url: `${api}/pulls/${issue.number}`,
      head: { ref: issue.pull?.headRef, sha: issue.pull?.headSha, repo: minimalRepo },
      base: { ref: issue.pull?.baseRef, sha: issue.pull?.baseSha, repo: minimalRepo },
    })),
  };
}

/** Applies the writable fields of a create or update body; GitHub's completion rules. */
function apply(context: RouteContext, run: CheckRun, input: CheckRunInput): string | undefined {
  if (input.name !== undefined) run.name = input.name;
  if (input.details_url !== undefined) run.detailsUrl = input.details_url;
  if (input.external_id !== undefined) run.externalId = input.external_id;
  if (input.started_at !== undefined) run.startedAt = input.started_at;
  if (input.status !== undefined) run.status = input.status;
  // "Providing conclusion will automatically set the status parameter to completed."
  if (input.conclusion !== undefined) {
    run.conclusion = input.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") {
    if (run.conclusion === null) return "Conclusion is required when status is completed.";
    run.completedAt = input.completed_at ?? run.completedAt ?? context.state.now();
  }
  if (input.output !== undefined) {
    run.output.title = input.output.title ?? run.output.title;
    run.output.summary = input.output.summary ?? run.output.summary;
    run.output.text = input.output.text ?? run.output.text;
    run.output.annotations.push(...(input.output.annotations ?? []));
  }
  return undefined;
}

function requireApp(context: RouteContext) {
  return context.identity.kind === "installation"
    ? undefined
    : basicError(403, "You must authenticate via a GitHub App.", context.operation.documentationUrl);
}

export const checkRoutes: Record<string, RouteHandler> = {
  "checks/create": (context) => {
    const denied = requireApp(context);
    if (denied !== undefined) return denied;
    const repo = repoOf(context);
    const docs = context.operation.documentationUrl;
    const input = bodyOf<CheckRunInput & { name: string; head_sha: string }>(context);
    if (repo.git.get(input.head_sha)?.type !== "commit") {
      return basicError(422, `No commit found for SHA: ${input.head_sha}`, docs);
    }
    const id = context.state.allocateId();
    const run: CheckRun = {
      id,
      nodeId: Buffer.from(`08:CheckRun${id}`).toString("base64"),
      name: input.name,
      headSha: input.head_sha,
      status: "queued",
      conclusion: null,
      startedAt: context.state.now(),
      completedAt: null,
      externalId: null,
      detailsUrl: null,
      output: { title: null, summary: null, text: null, annotations: [] },
      checkSuiteId: context.state.allocateId(),
    };
    const problem = apply(context, run, input);
    if (problem !== undefined) return basicError(422, problem, docs);
    repo.checkRuns.set(id, run);
    return ok(renderCheckRun(repo, context.apiUrl, run), 201);
  },

  "checks/update": (context) => {
    const denied = requireApp(context);
    if (denied !== undefined) return denied;
    const repo = repoOf(context);
    const known = repo.checkRuns.get(numberParam(context, "check_run_id"));
    if (known === undefined) return notFound(context.operation.documentationUrl);
    // Work on a copy so a refused update leaves the run as it was.
    const run: CheckRun = { ...known, output: { ...known.output, annotations: [...known.output.annotations] } };
    const problem = apply(context, run, bodyOf<CheckRunInput>(context));
    if (problem !== undefined) return basicError(422, problem, context.operation.documentationUrl);
    repo.checkRuns.set(run.id, run);
    return ok(renderCheckRun(repo, context.apiUrl, run));
  },
};
