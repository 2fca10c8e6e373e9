/**
 * Where the GitHub glue reports what it did and what it worked around (retries, rate limits, a
 * foreign comment carrying our marker). The runner's `ActionIO` and the CLI's output both fit it,
 * so the library never writes to the console itself.
 */
export interface GitHubLogger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

/** A logger that drops everything, for callers that have nowhere to report to. */
export const silentLogger: GitHubLogger = {
  info: () => {},
  warning: () => {},
  debug: () => {},
};
