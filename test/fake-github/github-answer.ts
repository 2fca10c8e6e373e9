// What a route hands back to the server: a status, a JSON body (or raw bytes for GitHub's raw
// media type) and extra headers. The error constructors reproduce the bodies api.github.com
// sends, including the `status` string GitHub added to error bodies in 2023.

export interface GitHubAnswer {
  status: number;
  body?: unknown;
  /** Sent instead of `body` when set, with its own content type (e.g. `application/vnd.github.raw`). */
  raw?: { bytes: Uint8Array; contentType: string };
  headers?: Record<string, string>;
}

export function ok(body: unknown, status = 200, headers?: Record<string, string>): GitHubAnswer {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function noContent(): GitHubAnswer {
  return { status: 204 };
}

export function basicError(status: number, message: string, documentationUrl: string): GitHubAnswer {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status) } };
}

export function notFound(documentationUrl: string): GitHubAnswer {
  return basicError(404, "Not Found", documentationUrl);
}

export interface FieldError {
  resource: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  field?: string;
  message?: string;
}

/** GitHub's 422 "Validation Failed" with per-field errors. */
export function validationFailed(documentationUrl: string, errors: FieldError[]): GitHubAnswer {
  return {
    status: 422,
    body: {
      message: "Validation Failed",
      errors,
      documentation_url: documentationUrl,
      status: "422",
    },
  };
}

/** GitHub's 422 for a body or parameter its schema rejects, e.g. `"head" wasn't supplied.` */
export function invalidRequest(documentationUrl: string, problems: string[]): GitHubAnswer {
  return basicError(422, `Invalid request.\n\n${problems.join("\n")}`, documentationUrl);
}
