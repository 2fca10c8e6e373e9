import { Octokit } from "@octokit/rest";
import { ACTIONS_TOKEN, type FakeGitHub, startFakeGitHub } from "../../../test/fake-github/index.js";
import { createOctokit, type GitHubLogger, type SlipwayOctokit, type WritePacingGroup } from "../src/index.js";

export const OWNER = "octo-org";
export const REPO = "models";
export const USER_TOKEN = "ghp_octocat";

/** The fake with one user (octocat) and one repository holding a model and its evaluation. */
export function startFake(): Promise<FakeGitHub> {
  return startFakeGitHub({
    users: [{ login: "octocat", token: USER_TOKEN }],
    repos: [
      {
        owner: OWNER,
        name: REPO,
        files: { "README.md": "# models\n", "models/churn/eval.json": '{"metrics":{"roc_auc":0.91}}\n' },
      },
    ],
  });
}

/**
 * The throttling plugin paces writes a second apart (three for new comments), as GitHub asks of
 * integrations; against a local fake that only slows the suite, so tests run jobs at once.
 */
const immediately = {
  key: () => ({
    schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve().then(() => job(...args)),
  }),
} as unknown as WritePacingGroup;

export interface RecordingLogger extends GitHubLogger {
  readonly warnings: string[];
  readonly infos: string[];
}

export function recordingLogger(): RecordingLogger {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, info: (m) => infos.push(m), warning: (m) => warnings.push(m), debug: () => {} };
}

/** Slipway's Octokit against the fake, with retry delays of milliseconds instead of seconds. */
export function slipwayClient(gh: FakeGitHub, token = ACTIONS_TOKEN, logger?: GitHubLogger): SlipwayOctokit {
  return createOctokit({
    token,
    baseUrl: gh.url,
    userAgent: "slipway-test",
    delayUnitMs: 1,
    writePacing: { write: immediately, notifications: immediately },
    ...(logger === undefined ? {} : { logger }),
  });
}

/** A bare Octokit for seeding the fake as other accounts would, outside the code under test. */
export function plainClient(gh: FakeGitHub, token = ACTIONS_TOKEN): Octokit {
  const quiet = () => {};
  return new Octokit({ auth: token, baseUrl: gh.url, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
}

/** Opens a pull request from a fresh branch with one commit; returns its number and head SHA. */
export function openPullRequest(gh: FakeGitHub, branch: string): { number: number; headSha: string } {
  const headSha = gh.commitFiles({
    owner: OWNER,
    repo: REPO,
    branch,
    files: { "models/churn/eval.json": `{"metrics":{"roc_auc":0.93},"branch":"${branch}"}\n` },
  });
  const { number } = gh.createPullRequest({ owner: OWNER, repo: REPO, head: branch, title: `Retrain on ${branch}` });
  return { number, headSha };
}

/** Requests that changed comments (create, update, delete), to assert that nothing was written. */
export function commentWrites(gh: FakeGitHub): string[] {
  return gh.requests.filter((r) => r.method !== "GET" && /comments/.test(r.path)).map((r) => `${r.method} ${r.path}`);
}
