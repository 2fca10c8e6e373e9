import { base64Lines } from "../base64-lines.js";
import type { PathEntry } from "../git-object-store.js";
import { basicError, notFound, ok } from "../github-answer.js";
import {
  optionalString,
  type RouteContext,
  type RouteHandler,
  repoApiUrl,
  repoHtmlUrl,
  repoOf,
  stringParam,
} from "../route-context.js";
import type { Repo } from "../state.js";

// GET /repos/{owner}/{repo}/contents/{path}?ref= : a file (base64), or a directory listing.
// `Accept: application/vnd.github.raw` returns the file's bytes instead, as GitHub does.

function contentType(entry: PathEntry): "file" | "dir" | "submodule" | "symlink" {
  if (entry.type === "tree") return "dir";
  if (entry.type === "commit") return "submodule";
  return entry.mode === "120000" ? "symlink" : "file";
}

function describe(repo: Repo, context: RouteContext, ref: string, path: string, entry: PathEntry) {
  const api = repoApiUrl(context.apiUrl, repo);
  const type = contentType(entry);
  const object = repo.git.get(entry.sha);
  const encodedPath = path.split("/").map(encodeURIComponent).join("/");
  const url = `${api}/contents/${encodedPath}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = type === "submodule" ? null : `${api}/git/${type === "dir" ? "trees" : "blobs"}/${entry.sha}`;
  const htmlUrl =
    type === "submodule" ? null : `${repoHtmlUrl(repo)}/${type === "dir" ? "tree" : "blob"}/${ref}/${encodedPath}`;
  return {
    name: path.split("/").pop() ?? path,
    path,
    sha: entry.sha,
    size: object?.type === "blob" ? object.content.length : 0,
    url,
    html_url: htmlUrl,
    git_url: gitUrl,
    download_url:
      type === "file"
        ? `https://raw.githubusercontent.com/${repo.owner.login}/${repo.name}/${ref}/${encodedPath}`
        : null,
    type,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

export const contentRoutes: Record<string, RouteHandler> = {
  "repos/get-content": (context) => {
    const repo = repoOf(context);
    const docs = context.operation.documentationUrl;
    if (repo.refs.size === 0) return basicError(404, "This repository is empty.", docs);
    const ref = optionalString(context, "ref") ?? repo.defaultBranch;
    const commit = context.state.resolveCommitish(repo, ref);
    if (commit === undefined) return basicError(404, `No commit found for the ref ${ref}`, docs);
    const path = stringParam(context, "path").replace(/^\/+|\/+$/g, "");
    const entry = repo.git.lookup(context.state.commitTree(repo, commit), path);
    if (entry === undefined) return notFound(docs);

    if (entry.type === "tree") {
      const tree = repo.git.get(entry.sha);
      const listing =
        tree?.type === "tree"
          ? tree.entries.map((child) =>
              describe(repo, context, ref, path === "" ? child.name : `${path}/${child.name}`, child),
            )
          : [];
      return ok(listing);
    }
    const blob = repo.git.get(entry.sha);
    const bytes = blob?.type === "blob" ? blob.content : Buffer.alloc(0);
    if (String(context.headers.accept ?? "").includes("application/vnd.github.raw")) {
      return { status: 200, raw: { bytes, contentType: "application/vnd.github.raw" } };
    }
    return ok({
      ...describe(repo, context, ref, path, entry),
      type: "file",
      content: base64Lines(bytes),
      encoding: "base64",
    });
  },
};
