export { ACTIONS_BOT, ACTIONS_TOKEN, type Account, type Identity } from "./accounts.js";
export type { FaultSpec, FaultStatus, InjectedFault } from "./fault-injection.js";
export type { RecordedRequest, Violation } from "./recorded-exchange.js";
export { type FakeGitHub, type FakeGitHubOptions, startFakeGitHub } from "./server.js";
export type { CommitSeed, FakeGitHubState, PullRequestSeed, RepoSeed, UserSeed } from "./state.js";
