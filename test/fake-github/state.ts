import { ACTIONS_BOT, ACTIONS_TOKEN, type Account, type AccountType, type Identity } from "./accounts.js";
import { GitObjectStore, type PathEntry, type Signature } from "./git-object-store.js";

// Everything the fake GitHub knows: accounts and tokens, repositories with their git objects
// and refs, issues and pull requests (which share one number sequence per repository, as on
// GitHub), comments, labels, check runs and repository_dispatch events. Routes read and change
// it; tests seed and inspect it.

export interface Label {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
}

export interface PullRequestData {
  headRef: string;
  /** Last known head SHA; refreshed from the branch while it exists. */
  headSha: string;
  baseRef: string;
  baseSha: string;
  draft: boolean;
  maintainerCanModify: boolean;
}

export interface Issue {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  user: Account;
  state: "open" | "closed";
  stateReason: "completed" | "reopened" | "not_planned" | "duplicate" | null;
  labels: Label[];
  assignees: Account[];
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: Account | null;
  /** Set when the issue is a pull request. */
  pull?: PullRequestData;
}

export interface IssueComment {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  user: Account;
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRun {
  id: number;
  nodeId: string;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required" | null;
  startedAt: string | null;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: {
    title: string | null;
    summary: string | null;
    text: string | null;
    annotations: unknown[];
  };
  checkSuiteId: number;
}

export interface Dispatch {
  eventType: string;
  clientPayload: Record<string, unknown>;
  sender: Account;
  receivedAt: string;
}

export interface Repo {
  id: number;
  nodeId: string;
  owner: Account;
  name: string;
  description: string | null;
  private: boolean;
  defaultBranch: string;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  git: GitObjectStore;
  /** Full ref name (`refs/heads/main`) → commit SHA. */
  refs: Map<string, string>;
  issues: Map<number, Issue>;
  comments: Map<number, IssueComment>;
  /** Keyed by lower-cased name: GitHub label names are case-insensitive. */
  labels: Map<string, Label>;
  checkRuns: Map<number, CheckRun>;
  dispatches: Dispatch[];
  nextNumber: number;
}

export type FileContent = string | Uint8Array;

export interface UserSeed {
  login: string;
  token: string;
  type?: AccountType;
  name?: string;
  email?: string;
  /** `installation` makes the token behave like an app installation token. */
  kind?: "user" | "installation";
}

export interface RepoSeed {
  owner: string;
  name: string;
  defaultBranch?: string;
  private?: boolean;
  description?: string;
  /** Files of the first commit on the default branch; omitted: an empty repository. */
  files?: Record<string, FileContent>;
}

export interface CommitSeed {
  owner: string;
  repo: string;
  branch: string;
  /** Path → new content; `null` deletes the file. */
  files: Record<string, FileContent | null>;
  message?: string;
  /** Committer account login; default: the repository owner. */
  author?: string;
}

export interface PullRequestSeed {
  owner: string;
  repo: string;
  head: string;
  base?: string;
  title: string;
  body?: string;
  user?: string;
  draft?: boolean;
}

export class FakeGitHubState {
  private nextId = 1000;
  private readonly tokens = new Map<string, Identity>();
  private readonly accounts = new Map<string, Account>();
  private readonly repos = new Map<string, Repo>();

  constructor(private readonly clock: () => Date = () => new Date()) {
    this.accounts.set(ACTIONS_BOT.login.toLowerCase(), ACTIONS_BOT);
    this.tokens.set(ACTIONS_TOKEN, { account: ACTIONS_BOT, token: ACTIONS_TOKEN, kind: "installation" });
  }

  /** GitHub timestamps have second precision: 2011-01-26T19:01:12Z. */
  now(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
  }

  allocateId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  identityForToken(token: string): Identity | undefined {
    return this.tokens.get(token);
  }

  account(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  /** The account with this login, created as a plain user when unknown. */
  ensureAccount(login: string, type: AccountType = "User"): Account {
    const known = this.account(login);
    if (known !== undefined) return known;
    const id = this.allocateId();
    const account: Account = {
      id,
      login,
      nodeId: Buffer.from(`04:${type}${id}`).toString("base64"),
      type,
      name: null,
      email: null,
      createdAt: this.now(),
    };
    this.accounts.set(login.toLowerCase(), account);
    return account;
  }

  addUser(seed: UserSeed): Identity {
    const account = this.ensureAccount(seed.login, seed.type ?? "User");
    if (seed.name !== undefined) account.name = seed.name;
    if (seed.email !== undefined) account.email = seed.email;
    const identity: Identity = { account, token: seed.token, kind: seed.kind ?? "user" };
    this.tokens.set(seed.token, identity);
    return identity;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  requireRepo(owner: string, name: string): Repo {
    const repo = this.repo(owner, name);
    if (repo === undefined) throw new Error(`no repository ${owner}/${name} in the fake`);
    return repo;
  }

  createRepo(seed: RepoSeed): Repo {
    if (this.repo(seed.owner, seed.name) !== undefined) {
      throw new Error(`repository ${seed.owner}/${seed.name} already exists`);
    }
    const id = this.allocateId();
    const now = this.now();
    const repo: Repo = {
      id,
      nodeId: Buffer.from(`010:Repository${id}`).toString("base64"),
      owner: this.ensureAccount(seed.owner),
      name: seed.name,
      description: seed.description ?? null,
      private: seed.private ?? false,
      defaultBranch: seed.defaultBranch ?? "main",
      createdAt: now,
      updatedAt: now,
      pushedAt: now,
      git: new GitObjectStore(),
      refs: new Map(),
      issues: new Map(),
      comments: new Map(),
      labels: new Map(),
      checkRuns: new Map(),
      dispatches: [],
      nextNumber: 1,
    };
    this.repos.set(`${seed.owner}/${seed.name}`.toLowerCase(), repo);
    if (seed.files !== undefined) {
      this.commitFiles({
        owner: seed.owner,
        repo: seed.name,
        branch: repo.defaultBranch,
        files: seed.files,
        message: "Initial commit",
      });
    }
    return repo;
  }

  /**
   * Commits file changes on a branch (created from the default branch when missing) and
   * returns the new commit SHA, as a push would.
   */
  commitFiles(seed: CommitSeed): string {
    const repo = this.requireRepo(seed.owner, seed.repo);
    const branchRef = `refs/heads/${seed.branch}`;
    const parent = repo.refs.get(branchRef) ?? repo.refs.get(`refs/heads/${repo.defaultBranch}`);
    const leaves =
      parent === undefined ? new Map<string, PathEntry>() : repo.git.flatten(this.commitTree(repo, parent));
    for (const [path, content] of Object.entries(seed.files)) {
      if (content === null) leaves.delete(path);
      else {
        const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
        leaves.set(path, { mode: "100644", type: "blob", sha: repo.git.putBlob(bytes) });
      }
    }
    const author = this.ensureAccount(seed.author ?? repo.owner.login);
    const signature: Signature = {
      name: author.name ?? author.login,
      email: author.email ?? `${author.id}+${author.login}@users.noreply.github.com`,
      date: this.now(),
    };
    const sha = repo.git.putCommit({
      tree: repo.git.writeTree(leaves),
      parents: parent === undefined ? [] : [parent],
      message: seed.message ?? `Update ${Object.keys(seed.files).join(", ")}`,
      author: signature,
      committer: signature,
    });
    repo.refs.set(branchRef, sha);
    repo.pushedAt = this.now();
    return sha;
  }

  /** Creates a pull request directly in the state, as if opened earlier. */
  createPullRequest(seed: PullRequestSeed): Issue {
    const repo = this.requireRepo(seed.owner, seed.repo);
    const base = seed.base ?? repo.defaultBranch;
    const headSha = repo.refs.get(`refs/heads/${seed.head}`);
    const baseSha = repo.refs.get(`refs/heads/${base}`);
    if (headSha === undefined || baseSha === undefined) {
      throw new Error(`branches ${seed.head} and ${base} must exist in ${seed.owner}/${seed.repo}`);
    }
    return this.openIssue(repo, {
      title: seed.title,
      body: seed.body ?? null,
      user: this.ensureAccount(seed.user ?? repo.owner.login),
      pull: {
        headRef: seed.head,
        headSha,
        baseRef: base,
        baseSha,
        draft: seed.draft ?? false,
        maintainerCanModify: false,
      },
    });
  }

  openIssue(repo: Repo, fields: { title: string; body: string | null; user: Account; pull?: PullRequestData }): Issue {
    const id = this.allocateId();
    const now = this.now();
    const issue: Issue = {
      id,
      nodeId: Buffer.from(`05:${fields.pull === undefined ? "Issue" : "PullRequest"}${id}`).toString("base64"),
      number: repo.nextNumber,
      title: fields.title,
      body: fields.body,
      user: fields.user,
      state: "open",
      stateReason: null,
      labels: [],
      assignees: [],
      locked: false,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      ...(fields.pull === undefined ? {} : { pull: fields.pull }),
    };
    repo.nextNumber += 1;
    repo.issues.set(issue.number, issue);
    return issue;
  }

  /** The label named `name` (case-insensitively), created with GitHub's default colour if new. */
  ensureLabel(repo: Repo, name: string): Label {
    const known = repo.labels.get(name.toLowerCase());
    if (known !== undefined) return known;
    const id = this.allocateId();
    const label: Label = {
      id,
      nodeId: Buffer.from(`05:Label${id}`).toString("base64"),
      name,
      color: "ededed",
      description: null,
    };
    repo.labels.set(name.toLowerCase(), label);
    return label;
  }

  commitTree(repo: Repo, commitSha: string): string {
    const commit = repo.git.get(commitSha);
    if (commit?.type !== "commit") throw new Error(`not a commit: ${commitSha}`);
    return commit.tree;
  }

  /**
   * Resolves what GitHub accepts as a `ref` query value: a branch, a tag, a full ref name or
   * a commit SHA. Returns the commit SHA, or undefined.
   */
  resolveCommitish(repo: Repo, ref: string): string | undefined {
    for (const candidate of [ref, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
      const sha = repo.refs.get(candidate);
      if (sha !== undefined) return sha;
    }
    if (/^[0-9a-f]{40}$/.test(ref) && repo.git.get(ref)?.type === "commit") return ref;
    return undefined;
  }

  /** A file's content at a ref, for assertions; undefined when the path is not a file there. */
  readFile(owner: string, repoName: string, ref: string, path: string): string | undefined {
    const repo = this.requireRepo(owner, repoName);
    const sha = this.resolveCommitish(repo, ref);
    if (sha === undefined) return undefined;
    const entry = repo.git.lookup(this.commitTree(repo, sha), path);
    const blob = entry === undefined ? undefined : repo.git.get(entry.sha);
    return blob?.type === "blob" ? blob.content.toString("utf8") : undefined;
  }
}
