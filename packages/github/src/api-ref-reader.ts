import type { Octokit } from "@octokit/rest";
import type { RefReader } from "@slipway/core";
import { readFileAtRef } from "./read-file-at-ref.js";

/**
 * Reads files at a ref through the contents API: the fallback when the runner's clone does not
 * have the base commit (actions/checkout fetches one commit by default). It cannot list globs;
 * a baseline whose predictions are a glob of shards needs `fetch-depth: 0`.
 */
export function apiRefReader(octokit: Octokit, owner: string, repo: string): RefReader {
  return {
    name: "the GitHub API",
    async readFile(path, ref) {
      const file = await readFileAtRef({ octokit, owner, repo, path, ref });
      return file.found ? Buffer.from(file.bytes) : undefined;
    },
    async listFiles() {
      return undefined;
    },
  };
}
