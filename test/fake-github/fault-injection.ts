import type { GitHubAnswer } from "./github-answer.js";

// Faults a test asks for: the next `times` requests matching method and path get the given
// answer instead of the real one. Bodies and headers are those api.github.com sends.

export type FaultStatus = 409 | 422 | 403 | 429 | 500 | 502 | 503 | 504;

export interface FaultSpec {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /**
   * Path to match: a RegExp tested against the request path, or a string that is either the
   * operation's documented template (`/repos/{owner}/{repo}/git/refs/{ref}`) or a concrete path
   * where `*` stands for one segment and `**` for any number. Any path when omitted.
   */
  path?: string | RegExp;
  /** How many matching requests get the fault; default 1. */
  times?: number;
  /**
   * 500/502/503/504: a server error. 403 and 429: a secondary rate limit with `retry-after`.
   * 409: a conflict. 422: "Reference update failed", as GitHub answers a ref update that lost
   * a race.
   */
  status: FaultStatus;
  /** Overrides the message of the body. */
  message?: string;
  /** Seconds sent in `retry-after` for 403/429; default 60. */
  retryAfter?: number;
}

export interface InjectedFault {
  readonly spec: FaultSpec;
  /** How many more matching requests will get the fault. */
  readonly remaining: number;
}

const SECONDARY_RATE_LIMIT_DOCS =
  "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

class ArmedFault implements InjectedFault {
  remaining: number;
  constructor(readonly spec: FaultSpec) {
    this.remaining = spec.times ?? 1;
  }
}

export class FaultInjector {
  private readonly faults: ArmedFault[] = [];

  inject(spec: FaultSpec): InjectedFault {
    if ((spec.times ?? 1) < 1) throw new Error("a fault needs times >= 1");
    const fault = new ArmedFault(spec);
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** Consumes and answers the first armed fault matching the request, if any. */
  take(
    method: string,
    pathname: string,
    pathTemplate: string | undefined,
    requestId: string,
  ): GitHubAnswer | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f.spec, method, pathname, pathTemplate));
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    return faultAnswer(fault.spec, requestId);
  }
}

function matches(spec: FaultSpec, method: string, pathname: string, template: string | undefined): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path === undefined) return true;
  if (spec.path instanceof RegExp) return spec.path.test(pathname);
  if (spec.path === template || spec.path === pathname) return true;
  return globPattern(spec.path).test(pathname);
}

function globPattern(glob: string): RegExp {
  const source = glob
    .split("/")
    .map((segment) =>
      segment === "**"
        ? ".*"
        : segment
            .split("*")
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join("[^/]*"),
    )
    .join("/");
  return new RegExp(`^${source}$`);
}

function faultAnswer(spec: FaultSpec, requestId: string): GitHubAnswer {
  const body = (message: string, docs: string) => ({
    message: spec.message ?? message,
    documentation_url: docs,
    status: String(spec.status),
  });
  switch (spec.status) {
    case 403:
    case 429:
      return {
        status: spec.status,
        headers: { "retry-after": String(spec.retryAfter ?? 60) },
        body: body(
          `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
          SECONDARY_RATE_LIMIT_DOCS,
        ),
      };
    case 409:
      return { status: 409, body: body("Conflict", "https://docs.github.com/rest") };
    case 422:
      return {
        status: 422,
        body: body("Reference update failed", "https://docs.github.com/rest/git/refs#update-a-reference"),
      };
    case 500:
    case 502:
    case 503:
    case 504: {
      const messages = {
        500: "Server Error",
        502: "Server Error",
        503: "Service Unavailable",
        504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
      };
      return { status: spec.status, body: body(messages[spec.status], "https://docs.github.com/rest") };
    }
  }
}
