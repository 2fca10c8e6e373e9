/** What the runner tells a step about where it runs, read from its environment variables. */
export interface RunnerEnvironment {
  readonly repository: string | undefined;
  readonly sha: string | undefined;
  readonly ref: string | undefined;
  readonly eventName: string | undefined;
  readonly apiUrl: string;
  readonly serverUrl: string;
  readonly runId: string | undefined;
  readonly workspace: string;
  readonly runnerTemp: string | undefined;
  readonly debug: boolean;
}

export function readRunnerEnvironment(env: NodeJS.ProcessEnv = process.env): RunnerEnvironment {
  return {
    repository: env.GITHUB_REPOSITORY,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    eventName: env.GITHUB_EVENT_NAME,
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL ?? "https://github.com",
    runId: env.GITHUB_RUN_ID,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: env.RUNNER_TEMP,
    debug: env.RUNNER_DEBUG === "1" || env.ACTIONS_STEP_DEBUG === "true",
  };
}

/** The link to the workflow run, recorded in reports and lineage. */
export function workflowRunUrl(env: RunnerEnvironment): string | undefined {
  if (!env.repository || !env.runId) return undefined;
  return `${env.serverUrl}/${env.repository}/actions/runs/${env.runId}`;
}
