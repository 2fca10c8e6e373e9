// What the fake records: every request with the answer it got, and every departure from
// GitHub's OpenAPI description, whichever side made it.

export interface RecordedRequest {
  /** 1-based position in the order requests were received. */
  sequence: number;
  method: string;
  /** Path as received, without the query. */
  path: string;
  query: Record<string, string>;
  /** The documented operation it matched, e.g. `pulls/create`. */
  operationId: string | undefined;
  /** Login of the account the token belongs to; undefined when unauthenticated. */
  login: string | undefined;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  /** True when the answer came from an injected fault. */
  injected: boolean;
}

export interface Violation {
  /** `request`: the client sent what GitHub's description forbids. `response`: the fake did. */
  direction: "request" | "response";
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  problems: string[];
}

export function describeViolation(violation: Violation): string {
  const operation = violation.operationId === undefined ? "" : ` (${violation.operationId})`;
  return `${violation.direction} ${violation.method} ${violation.path}${operation} → ${
    violation.status
  }: ${violation.problems.join("; ")}`;
}
