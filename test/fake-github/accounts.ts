// Accounts (users, bots, organisations) and the tokens that authenticate as them.
//
// A workflow's GITHUB_TOKEN is an installation token of the GitHub Actions app: requests made
// with it act as the `github-actions[bot]` account (user id 41898282), and endpoints that need
// a user, such as GET /user, answer 403 "Resource not accessible by integration".

export type AccountType = "User" | "Bot" | "Organization";

export interface Account {
  id: number;
  login: string;
  nodeId: string;
  type: AccountType;
  name: string | null;
  email: string | null;
  createdAt: string;
}

export interface Identity {
  account: Account;
  token: string;
  /** `installation` for app installation tokens such as GITHUB_TOKEN; `user` for PATs. */
  kind: "user" | "installation";
}

export const ACTIONS_TOKEN = "ghs_actions";

export const ACTIONS_BOT: Account = {
  id: 41898282,
  login: "github-actions[bot]",
  nodeId: "MDM6Qm90NDE4OTgyODI=",
  type: "Bot",
  name: null,
  email: null,
  createdAt: "2018-07-30T09:30:16Z",
};

/** The GitHub Actions app that owns check runs created with GITHUB_TOKEN. */
export const ACTIONS_APP = {
  id: 15368,
  slug: "github-actions",
  nodeId: "MDM6QXBwMTUzNjg=",
  name: "GitHub Actions",
  createdAt: "2018-07-30T09:30:17Z",
};

export function renderSimpleUser(account: Account, apiUrl: string): Record<string, unknown> {
  const base = `${apiUrl}/users/${encodeURIComponent(account.login)}`;
  return {
    login: account.login,
    id: account.id,
    node_id: account.nodeId,
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: "",
    url: base,
    html_url:
      account.type === "Bot"
        ? `https://github.com/apps/${account.login.replace(/\[bot\]$/, "")}`
        : `https://github.com/${account.login}`,
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type: account.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** GET /user for the owner of the token: the private view, with plan-free counters. */
export function renderPrivateUser(account: Account, apiUrl: string): Record<string, unknown> {
  return {
    ...renderSimpleUser(account, apiUrl),
    user_view_type: "private",
    name: account.name,
    company: null,
    blog: "",
    location: null,
    email: account.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: account.email,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: account.createdAt,
    updated_at: account.createdAt,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

/** The `integration` representation of the GitHub Actions app (owner: the `github` org). */
export function renderActionsApp(apiUrl: string): Record<string, unknown> {
  const owner: Account = {
    id: 9919,
    login: "github",
    nodeId: "MDEyOk9yZ2FuaXphdGlvbjk5MTk=",
    type: "Organization",
    name: "GitHub",
    email: null,
    createdAt: "2008-04-10T02:47:59Z",
  };
  return {
    id: ACTIONS_APP.id,
    slug: ACTIONS_APP.slug,
    node_id: ACTIONS_APP.nodeId,
    owner: renderSimpleUser(owner, apiUrl),
    name: ACTIONS_APP.name,
    description: "Automate your workflow from idea to production",
    external_url: "https://help.github.com/en/actions",
    html_url: "https://github.com/apps/github-actions",
    created_at: ACTIONS_APP.createdAt,
    updated_at: ACTIONS_APP.createdAt,
    permissions: {
      checks: "write",
      contents: "write",
      issues: "write",
      metadata: "read",
      pull_requests: "write",
    },
    events: ["check_run", "check_suite", "pull_request", "push", "repository_dispatch"],
  };
}
