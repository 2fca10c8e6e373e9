import { base64Lines } from "../base64-lines.js";
import type { PathEntry, Signature, TreeEntryType } from "../git-object-store.js";
import { basicError, notFound, ok } from "../github-answer.js";
import {
  AnswerError,
  bodyOf,
  type RouteContext,
  type RouteHandler,
  repoApiUrl,
  repoHtmlUrl,
  repoOf,
  stringParam,
} from "../route-context.js";
import type { Repo } from "../state.js";

// Git database endpoints (docs.github.com/rest/git): blobs, trees, commits and refs, backed by
// a content-addressed object store so SHAs are real git SHAs.

function fail(context: RouteContext, status: number, message: string): never {
  throw new AnswerError(basicError(status, message, context.operation.documentationUrl));
}

/** `heads/main` and `refs/heads/main` both name refs/heads/main. */
function fullRefName(ref: string): string {
  return ref.startsWith("refs/") ? ref : `refs/${ref}`;
}

function renderRef(repo: Repo, apiUrl: string, name: string, sha: string): Record<string, unknown> {
  const url = repoApiUrl(apiUrl, repo);
  return {
    ref: name,
    node_id: Buffer.from(`04:Ref${repo.id}:${name}`).toString("base64"),
    url: `${url}/git/${name}`,
    object: { type: "commit", sha, url: `${url}/git/commits/${sha}` },
  };
}

function renderCommit(repo: Repo, apiUrl: string, sha: string): Record<string, unknown> {
  const commit = repo.git.get(sha);
  if (commit?.type !== "commit") throw new Error(`not a commit: ${sha}`);
  const url = repoApiUrl(apiUrl, repo);
  return {
    sha,
    node_id: Buffer.from(`04:Commit${repo.id}:${sha}`).toString("base64"),
    url: `${url}/git/commits/${sha}`,
    html_url: `${repoHtmlUrl(repo)}/commit/${sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: `${url}/git/trees/${commit.tree}` },
    parents: commit.parents.map((parent) => ({
      sha: parent,
      url: `${url}/git/commits/${parent}`,
      html_url: `${repoHtmlUrl(repo)}/commit/${parent}`,
    })),
    verification: {
      verified: false,
      reason: "unsigned",
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

function renderTree(repo: Repo, apiUrl: string, sha: string, recursive: boolean): Record<string, unknown> {
  const url = repoApiUrl(apiUrl, repo);
  const entries: Record<string, unknown>[] = [];
  const walk = (treeSha: string, prefix: string): void => {
    const tree = repo.git.get(treeSha);
    if (tree?.type !== "tree") return;
    for (const entry of tree.entries) {
      const object = repo.git.get(entry.sha);
      entries.push({
        path: `${prefix}${entry.name}`,
        mode: entry.mode,
        type: entry.type,
        sha: entry.sha,
        ...(object?.type === "blob" ? { size: object.content.length } : {}),
        ...(entry.type === "commit" ? {} : { url: `${url}/git/${entry.type}s/${entry.sha}` }),
      });
      if (recursive && entry.type === "tree") walk(entry.sha, `${prefix}${entry.name}/`);
    }
  };
  walk(sha, "");
  return { sha, url: `${url}/git/trees/${sha}`, tree: entries, truncated: false };
}

interface TreeInput {
  path: string;
  mode: string;
  type: TreeEntryType;
  sha?: string | null;
  content?: string;
}

interface SignatureInput {
  name: string;
  email: string;
  date?: string;
}

function signatureFrom(context: RouteContext, input: SignatureInput | undefined): Signature {
  const account = context.identity.account;
  return {
    name: input?.name ?? account.name ?? account.login,
    email: input?.email ?? account.email ?? `${account.id}+${account.login}@users.noreply.github.com`,
    date:
      input?.date === undefined ? context.state.now() : new Date(input.date).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

export const gitRoutes: Record<string, RouteHandler> = {
  "git/create-blob": (context) => {
    const repo = repoOf(context);
    const body = bodyOf<{ content: string; encoding?: string }>(context);
    const encoding = body.encoding ?? "utf-8";
    if (encoding !== "utf-8" && encoding !== "base64") {
      fail(context, 422, `encoding must be one of utf-8 or base64, got ${encoding}`);
    }
    const bytes = Buffer.from(body.content, encoding === "base64" ? "base64" : "utf8");
    const sha = repo.git.putBlob(bytes);
    return ok({ url: `${repoApiUrl(context.apiUrl, repo)}/git/blobs/${sha}`, sha }, 201);
  },

  "git/get-blob": (context) => {
    const repo = repoOf(context);
    const sha = stringParam(context, "file_sha");
    const blob = repo.git.get(sha);
    if (blob?.type !== "blob") return notFound(context.operation.documentationUrl);
    return ok({
      sha,
      node_id: Buffer.from(`04:Blob${repo.id}:${sha}`).toString("base64"),
      size: blob.content.length,
      url: `${repoApiUrl(context.apiUrl, repo)}/git/blobs/${sha}`,
      content: base64Lines(blob.content),
      encoding: "base64",
    });
  },

  "git/create-tree": (context) => {
    const repo = repoOf(context);
    const body = bodyOf<{ tree: TreeInput[]; base_tree?: string }>(context);
    let leaves = new Map<string, PathEntry>();
    if (body.base_tree !== undefined) {
      if (repo.git.get(body.base_tree)?.type !== "tree") fail(context, 422, "Invalid tree info");
      leaves = repo.git.flatten(body.base_tree);
    }
    for (const entry of body.tree) {
      const path = entry.path.replace(/^\/+|\/+$/g, "");
      if (entry.sha !== undefined && entry.content !== undefined) {
        fail(context, 422, "Must supply either tree.sha or tree.content, not both");
      }
      if (entry.sha === null) {
        // Deleting a path removes a file or every file under a directory.
        for (const key of [...leaves.keys()]) {
          if (key === path || key.startsWith(`${path}/`)) leaves.delete(key);
        }
        continue;
      }
      const sha = entry.content !== undefined ? repo.git.putBlob(Buffer.from(entry.content, "utf8")) : entry.sha;
      if (sha === undefined) fail(context, 422, "Must supply either tree.sha or tree.content");
      const object = repo.git.get(sha);
      if (entry.type !== "commit" && object?.type !== entry.type) {
        fail(context, 422, `tree.sha ${sha} is not a valid ${entry.type}`);
      }
      for (const key of [...leaves.keys()]) {
        if (key === path || key.startsWith(`${path}/`)) leaves.delete(key);
      }
      if (entry.type === "tree") {
        for (const [sub, leaf] of repo.git.flatten(sha)) leaves.set(`${path}/${sub}`, leaf);
      } else {
        leaves.set(path, { mode: entry.mode, type: entry.type, sha });
      }
    }
    const sha = repo.git.writeTree(leaves);
    return ok(renderTree(repo, context.apiUrl, sha, false), 201);
  },

  "git/get-tree": (context) => {
    const repo = repoOf(context);
    const requested = stringParam(context, "tree_sha");
    // GitHub also takes a branch name or a commit SHA here and answers with its root tree.
    const commitish = context.state.resolveCommitish(repo, requested);
    const sha = commitish === undefined ? requested : context.state.commitTree(repo, commitish);
    if (repo.git.get(sha)?.type !== "tree") return notFound(context.operation.documentationUrl);
    // Any value of `recursive` turns recursion on, even "false" or "0" (GitHub's docs).
    const recursive = context.params.recursive !== undefined;
    return ok(renderTree(repo, context.apiUrl, sha, recursive));
  },

  "git/create-commit": (context) => {
    const repo = repoOf(context);
    const body = bodyOf<{
      message: string;
      tree: string;
      parents?: string[];
      author?: SignatureInput;
      committer?: SignatureInput;
    }>(context);
    if (repo.git.get(body.tree)?.type !== "tree") fail(context, 422, "Tree SHA does not exist");
    for (const parent of body.parents ?? []) {
      if (repo.git.get(parent)?.type !== "commit") {
        fail(context, 422, "Parent SHA does not exist or is not a commit object");
      }
    }
    const author = signatureFrom(context, body.author);
    const committer = body.committer === undefined ? author : signatureFrom(context, body.committer);
    const sha = repo.git.putCommit({
      tree: body.tree,
      parents: body.parents ?? [],
      message: body.message,
      author,
      committer,
    });
    return ok(renderCommit(repo, context.apiUrl, sha), 201);
  },

  "git/get-commit": (context) => {
    const repo = repoOf(context);
    const sha = stringParam(context, "commit_sha");
    if (repo.git.get(sha)?.type !== "commit") return notFound(context.operation.documentationUrl);
    return ok(renderCommit(repo, context.apiUrl, sha));
  },

  "git/get-ref": (context) => {
    const repo = repoOf(context);
    const name = fullRefName(stringParam(context, "ref"));
    const sha = repo.refs.get(name);
    if (sha === undefined) return notFound(context.operation.documentationUrl);
    return ok(renderRef(repo, context.apiUrl, name, sha));
  },

  "git/create-ref": (context) => {
    const repo = repoOf(context);
    const body = bodyOf<{ ref: string; sha: string }>(context);
    if (!/^refs\/[^/]+\/.+/.test(body.ref)) {
      fail(context, 422, "Reference name must start with 'refs/' and have at least two slashes.");
    }
    if (repo.refs.has(body.ref)) fail(context, 422, "Reference already exists");
    if (repo.git.get(body.sha)?.type !== "commit") fail(context, 422, "Object does not exist");
    repo.refs.set(body.ref, body.sha);
    repo.pushedAt = context.state.now();
    return ok(renderRef(repo, context.apiUrl, body.ref, body.sha), 201, {
      location: `${repoApiUrl(context.apiUrl, repo)}/git/${body.ref}`,
    });
  },

  "git/update-ref": (context) => {
    const repo = repoOf(context);
    const name = fullRefName(stringParam(context, "ref"));
    const body = bodyOf<{ sha: string; force?: boolean }>(context);
    const current = repo.refs.get(name);
    if (current === undefined) fail(context, 422, "Reference does not exist");
    if (repo.git.get(body.sha)?.type !== "commit") fail(context, 422, "Object does not exist");
    if (body.force !== true && !repo.git.isAncestor(current, body.sha)) {
      fail(context, 422, "Update is not a fast forward");
    }
    repo.refs.set(name, body.sha);
    repo.pushedAt = context.state.now();
    return ok(renderRef(repo, context.apiUrl, name, body.sha));
  },
};
