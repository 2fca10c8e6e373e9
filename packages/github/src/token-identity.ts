import type { Octokit } from "@octokit/rest";
import { toGitHubApiError } from "./github-api-error.js";

/** The account a token acts as: the author its comments will carry. */
export interface TokenIdentity {
  readonly login: string;
  /** GitHub's account type: `User` or `Bot`. */
  readonly type: string;
  /** How it was learnt: given by the caller, answered by GET /user, or assumed for an app token. */
  readonly source: "override" | "authenticated-user" | "installation-token";
}

/**
 * The bot a workflow's GITHUB_TOKEN acts as. Installation tokens of other GitHub Apps act as
 * `<app-slug>[bot]`, which an installation token cannot look up (GET /app needs the app's JWT),
 * so callers using such a token pass its login as an override.
 */
export const ACTIONS_BOT_LOGIN = "github-actions[bot]";

const resolved = new WeakMap<object, Promise<TokenIdentity>>();

/**
 * Who the token is. GET /user names the account of a personal or OAuth token; an installation
 * token (GITHUB_TOKEN, a GitHub App's) is answered 403 there, so the Actions bot is assumed,
 * unless `overrideLogin` names the account. Cached per Octokit, since one run asks once per model.
 */
export function resolveTokenIdentity(octokit: Octokit, overrideLogin?: string): Promise<TokenIdentity> {
  if (overrideLogin !== undefined && overrideLogin !== "") {
    return Promise.resolve({
      login: overrideLogin,
      type: overrideLogin.endsWith("[bot]") ? "Bot" : "User",
      source: "override",
    });
  }
  let identity = resolved.get(octokit);
  if (identity === undefined) {
    identity = askGitHub(octokit);
    resolved.set(octokit, identity);
    // A failed lookup is not cached: the next call may succeed.
    identity.catch(() => resolved.delete(octokit));
  }
  return identity;
}

async function askGitHub(octokit: Octokit): Promise<TokenIdentity> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return { login: data.login, type: data.type, source: "authenticated-user" };
  } catch (error) {
    const failure = toGitHubApiError(error, "find the account of the token (GET /user)");
    // 403 "Resource not accessible by integration": the token belongs to an app installation. A
    // 403 that is a rate limit that outlasted its retries says nothing about the token.
    if (failure.status === 403 && !failure.rateLimited) {
      return { login: ACTIONS_BOT_LOGIN, type: "Bot", source: "installation-token" };
    }
    throw failure;
  }
}

/** Whether an account (a comment's author) is the token's identity; logins compare case-blind. */
export function isSameAccount(identity: TokenIdentity, login: string | undefined): boolean {
  return login !== undefined && login.toLowerCase() === identity.login.toLowerCase();
}
