import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { RefReader } from "@slipway/core";
import picomatch from "picomatch";

const run = promisify(execFile);

/**
 * Reads from the local clone with `git cat-file` (argv, never a shell). Needs the ref's commits
 * fetched: `actions/checkout` with `fetch-depth: 0`, or a fetch of the base branch.
 */
export function gitRefReader(workspace: string): RefReader & { hasRef(ref: string): Promise<boolean> } {
  const git = (args: string[]) =>
    run("git", args, { cwd: workspace, encoding: "buffer", maxBuffer: 1 << 30 }).then((r) => r.stdout as Buffer);
  return {
    name: "git",
    async hasRef(ref) {
      try {
        await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
        return true;
      } catch {
        return false;
      }
    },
    async readFile(path, ref) {
      try {
        return await git(["cat-file", "blob", `${ref}:${path}`]);
      } catch {
        return undefined;
      }
    },
    async listFiles(pattern, ref) {
      const scan = picomatch.scan(pattern);
      const base = scan.isGlob ? scan.base : pattern;
      const out = await git(["ls-tree", "-r", "--name-only", "-z", ref, "--", base === "" ? "." : base]).catch(() =>
        Buffer.alloc(0),
      );
      const isMatch = picomatch(pattern, { dot: false });
      return out
        .toString("utf8")
        .split("\0")
        .filter((p) => p !== "" && isMatch(p))
        .sort();
    },
  };
}
