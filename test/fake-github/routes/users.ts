import { renderPrivateUser } from "../accounts.js";
import { basicError, ok } from "../github-answer.js";
import type { RouteHandler } from "../route-context.js";

export const userRoutes: Record<string, RouteHandler> = {
  // An installation token (GITHUB_TOKEN) is not a user: GitHub answers 403 here.
  "users/get-authenticated": (context) =>
    context.identity.kind === "installation"
      ? basicError(403, "Resource not accessible by integration", context.operation.documentationUrl)
      : ok(renderPrivateUser(context.identity.account, context.apiUrl)),
};
