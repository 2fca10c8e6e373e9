import type { Octokit } from "@octokit/rest";
import { InputError } from "@slipway/core";
import { callGitHub, toGitHubApiError } from "./github-api-error.js";

export interface ReadFileAtRefOptions {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** Repository-relative, `/`-separated. */
  path: string;
  /** A branch, tag or commit SHA: for a baseline, the pull request's base ref. */
  ref: string;
}

export type FileAtRef =
  | {
      readonly found: true;
      readonly path: string;
      readonly ref: string;
      /** The git blob SHA, a content address usable as a cache key. */
      readonly sha: string;
      readonly bytes: Uint8Array;
    }
  | { readonly found: false; readonly path: string; readonly ref: string };

/**
 * A file's bytes at a ref, through the contents API, or `found: false` when the path (or the
 * ref) does not exist there: a model added by the pull request has no baseline yet, which is an
 * answer, not a failure. A directory at the path is an InputError.
 *
 * The contents API inlines files up to 1 MB. For larger ones (up to 100 MB) it answers with
 * `encoding: "none"` and no content, and the bytes are read through the git blobs API by the
 * SHA it gives. Above 100 MB GitHub serves neither and the GitHubApiError is passed on.
 */
export async function readFileAtRef(options: ReadFileAtRefOptions): Promise<FileAtRef> {
  const { octokit, owner, repo, ref } = options;
  const path = options.path.replace(/^\/+/, "");
  const where = `${owner}/${repo}:${path} at ${ref}`;
  let data: Awaited<ReturnType<Octokit["rest"]["repos"]["getContent"]>>["data"];
  try {
    ({ data } = await octokit.rest.repos.getContent({ owner, repo, path, ref }));
  } catch (error) {
    const failure = toGitHubApiError(error, `read ${where}`);
    if (failure.status === 404) return { found: false, path, ref };
    throw failure;
  }
  if (Array.isArray(data) || data.type !== "file") {
    const kind = Array.isArray(data) ? "dir" : data.type;
    throw new InputError(`${path} at ${ref} in ${owner}/${repo} is a ${kind}, not a file`);
  }
  if (data.encoding === "base64" && (data.content !== "" || data.size === 0)) {
    return { found: true, path, ref, sha: data.sha, bytes: Buffer.from(data.content, "base64") };
  }
  const { data: blob } = await callGitHub(`read blob ${data.sha} (${where})`, () =>
    octokit.rest.git.getBlob({ owner, repo, file_sha: data.sha }),
  );
  const bytes = Buffer.from(blob.content, blob.encoding === "base64" ? "base64" : "utf8");
  return { found: true, path, ref, sha: data.sha, bytes };
}
