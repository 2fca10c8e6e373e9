import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Identity } from "./accounts.js";
import { FaultInjector, type FaultSpec, type InjectedFault } from "./fault-injection.js";
import { basicError, type GitHubAnswer, invalidRequest } from "./github-answer.js";
import { matchOperation, type OperationDescription } from "./openapi-document.js";
import { validateRequest, validateResponse } from "./openapi-validator.js";
import { describeViolation, type RecordedRequest, type Violation } from "./recorded-exchange.js";
import { AnswerError } from "./route-context.js";
import { routeFor } from "./router.js";
import {
  type CommitSeed,
  FakeGitHubState,
  type Issue,
  type PullRequestSeed,
  type Repo,
  type RepoSeed,
  type UserSeed,
} from "./state.js";

export interface FakeGitHubOptions {
  /** Accounts and their tokens; `ghs_actions` (github-actions[bot]) always exists. */
  users?: UserSeed[];
  repos?: RepoSeed[];
  /** Source of timestamps; default: the wall clock. */
  clock?: () => Date;
  /**
   * When true (the default) `stop()` throws if violations were recorded and not collected
   * with `takeViolations()`, so a test cannot pass while calling GitHub wrongly.
   */
  failOnViolations?: boolean;
}

export interface FakeGitHub {
  /** Base URL to use as Octokit's `baseUrl` or GITHUB_API_URL, e.g. http://127.0.0.1:39123. */
  readonly url: string;
  readonly state: FakeGitHubState;
  /** Every request, in the order received. */
  readonly requests: readonly RecordedRequest[];
  /** Departures from GitHub's OpenAPI description not yet taken. */
  readonly violations: readonly Violation[];
  addUser(seed: UserSeed): Identity;
  createRepo(seed: RepoSeed): Repo;
  commitFiles(seed: CommitSeed): string;
  createPullRequest(seed: PullRequestSeed): Issue;
  readFile(owner: string, repo: string, ref: string, path: string): string | undefined;
  /** Serves the given fault to the next `times` matching requests. */
  inject(spec: FaultSpec): InjectedFault;
  clearFaults(): void;
  /** Returns the violations recorded so far and forgets them. */
  takeViolations(): Violation[];
  /** Throws, listing them, when violations were recorded. */
  assertNoViolations(): void;
  stop(): Promise<void>;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const state = new FakeGitHubState(options.clock);
  for (const user of options.users ?? []) state.addUser(user);
  for (const repo of options.repos ?? []) state.createRepo(repo);
  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];
  let violations: Violation[] = [];
  let url = "";

  const server = createServer((request, response) => {
    collectBody(request)
      .then((bytes) => {
        const exchange = handle({ state, faults, apiUrl: url, sequence: requests.length + 1 }, request, bytes);
        requests.push(exchange.record);
        violations.push(...exchange.violations);
        send(response, exchange.answer);
      })
      .catch((error: unknown) => {
        // A bug in the fake must fail the test, not pass as GitHub having a bad day.
        const method = (request.method ?? "GET").toUpperCase();
        const path = new URL(request.url ?? "/", url).pathname;
        violations.push({
          direction: "response",
          method,
          path,
          operationId: matchOperation(method, path)?.operation.operationId,
          status: 500,
          problems: [`the fake failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`],
        });
        response.statusCode = 500;
        response.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const assertNoViolations = (): void => {
    if (violations.length > 0) {
      throw new Error(
        `the fake GitHub saw ${violations.length} OpenAPI violation(s):\n${violations
          .map((v) => `  - ${describeViolation(v)}`)
          .join("\n")}`,
      );
    }
  };

  return {
    url,
    state,
    requests,
    get violations() {
      return violations;
    },
    addUser: (seed) => state.addUser(seed),
    createRepo: (seed) => state.createRepo(seed),
    commitFiles: (seed) => state.commitFiles(seed),
    createPullRequest: (seed) => state.createPullRequest(seed),
    readFile: (owner, repo, ref, path) => state.readFile(owner, repo, ref, path),
    inject: (spec) => faults.inject(spec),
    clearFaults: () => faults.clear(),
    takeViolations: () => {
      const taken = violations;
      violations = [];
      return taken;
    },
    assertNoViolations,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (options.failOnViolations ?? true) assertNoViolations();
    },
  };
}

interface ServerParts {
  state: FakeGitHubState;
  faults: FaultInjector;
  apiUrl: string;
  sequence: number;
}

interface Exchange {
  answer: GitHubAnswer;
  record: RecordedRequest;
  violations: Violation[];
}

function handle(parts: ServerParts, request: IncomingMessage, bytes: Buffer): Exchange {
  const method = (request.method ?? "GET").toUpperCase();
  const requestUrl = new URL(request.url ?? "/", parts.apiUrl);
  const path = requestUrl.pathname;
  const requestId = randomBytes(8).toString("hex").toUpperCase();
  const violations: Violation[] = [];
  const match = matchOperation(method, path);
  const operation = match?.operation;
  const identity = authenticate(parts.state, request.headers.authorization);
  let requestBody: unknown;
  let injected = false;

  const violation = (direction: Violation["direction"], status: number, problems: string[]) =>
    violations.push({ direction, method, path, operationId: operation?.operationId, status, problems });

  const answer = ((): GitHubAnswer => {
    if (match === undefined || operation === undefined) {
      const answer = basicError(404, "Not Found", "https://docs.github.com/rest");
      violation("request", 404, [
        "no operation the fake implements matches this method and path in GitHub's description",
      ]);
      return answer;
    }
    if (identity === undefined) {
      return basicError(
        401,
        request.headers.authorization === undefined ? "Requires authentication" : "Bad credentials",
        "https://docs.github.com/rest",
      );
    }
    if (bytes.length > 0) {
      try {
        requestBody = JSON.parse(bytes.toString("utf8"));
      } catch {
        violation("request", 400, ["the body is not JSON"]);
        return basicError(400, "Problems parsing JSON", operation.documentationUrl);
      }
    }
    const validated = validateRequest(operation, {
      pathParams: match.pathParams,
      query: requestUrl.searchParams,
      body: requestBody,
    });
    if (validated.problems.length > 0) {
      violation("request", 422, validated.problems);
      return invalidRequest(operation.documentationUrl, validated.problems);
    }
    const fault = parts.faults.take(method, path, operation.pathTemplate, requestId);
    if (fault !== undefined) {
      injected = true;
      return fault;
    }
    const route = routeFor(operation.operationId);
    if (route === undefined) throw new Error(`no route for ${operation.operationId}`);
    try {
      return route({
        state: parts.state,
        identity,
        operation,
        params: validated.params,
        body: requestBody,
        headers: request.headers,
        requestUrl,
        apiUrl: parts.apiUrl,
      });
    } catch (error) {
      if (error instanceof AnswerError) return error.answer;
      throw error;
    }
  })();

  if (operation !== undefined && !injected) {
    const problems = checkAnswer(operation, answer);
    if (problems.length > 0) violation("response", answer.status, problems);
  }
  answer.headers = {
    ...rateLimitHeaders(parts.sequence),
    "x-github-request-id": requestId,
    ...answer.headers,
  };
  return {
    answer,
    violations,
    record: {
      sequence: parts.sequence,
      method,
      path,
      query: Object.fromEntries(requestUrl.searchParams),
      operationId: operation?.operationId,
      login: identity?.account.login,
      requestBody,
      status: answer.status,
      responseBody: answer.body,
      injected,
    },
  };
}

/** Accepts `token X` and `Bearer X`, as GitHub does. */
function authenticate(state: FakeGitHubState, header: string | undefined): Identity | undefined {
  const found = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? "");
  return found?.[1] === undefined ? undefined : state.identityForToken(found[1]);
}

// A status the description documents is checked against its schema. GitHub's description
// leaves out many error statuses it really sends (a 404 for a missing comment, a 403 for a
// personal token writing check runs); those must at least be GitHub's basic error body.
function checkAnswer(operation: OperationDescription, answer: GitHubAnswer): string[] {
  if (answer.raw !== undefined) return [];
  if (operation.responses.has(String(answer.status)) || answer.status < 400) {
    return validateResponse(operation, answer.status, answer.body);
  }
  const body = answer.body as { message?: unknown; documentation_url?: unknown } | undefined;
  return typeof body?.message === "string" && typeof body.documentation_url === "string"
    ? []
    : [`undocumented status ${answer.status} without GitHub's error body`];
}

// GitHub's primary rate limit headers; Octokit's throttling plugin reads them.
function rateLimitHeaders(sequence: number): Record<string, string> {
  const limit = 5000;
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(Math.max(0, limit - sequence)),
    "x-ratelimit-used": String(Math.min(limit, sequence)),
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    "x-ratelimit-resource": "core",
  };
}

function send(response: ServerResponse, answer: GitHubAnswer): void {
  response.statusCode = answer.status;
  response.setHeader("x-github-api-version-selected", "2022-11-28");
  for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
  if (answer.raw !== undefined) {
    response.setHeader("content-type", answer.raw.contentType);
    response.end(Buffer.from(answer.raw.bytes));
  } else if (answer.body === undefined) {
    response.end();
  } else {
    response.setHeader("content-type", "application/json; charset=utf-8");
    response.setHeader("x-github-media-type", "github.v3; format=json");
    response.end(JSON.stringify(answer.body));
  }
}

function collectBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
