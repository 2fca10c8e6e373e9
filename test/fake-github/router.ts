import type { RouteHandler } from "./route-context.js";
import { checkRoutes } from "./routes/checks.js";
import { contentRoutes } from "./routes/contents.js";
import { gitRoutes } from "./routes/git.js";
import { issueCommentRoutes } from "./routes/issue-comments.js";
import { issueRoutes } from "./routes/issues.js";
import { pullRoutes } from "./routes/pulls.js";
import { repoRoutes } from "./routes/repos.js";
import { userRoutes } from "./routes/users.js";

// Routes are keyed by GitHub's operationId, not by path: the path, its parameters and their
// types come from GitHub's own description (openapi-document.ts), so the fake cannot invent
// a path GitHub does not have.

export const ROUTES: Readonly<Record<string, RouteHandler>> = {
  ...repoRoutes,
  ...gitRoutes,
  ...contentRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...issueCommentRoutes,
  ...checkRoutes,
  ...userRoutes,
};

export function routeFor(operationId: string): RouteHandler | undefined {
  return Object.hasOwn(ROUTES, operationId) ? ROUTES[operationId] : undefined;
}
