import { createHash } from "node:crypto";

// A repository's object database. Objects are hashed exactly as git hashes them
// (SHA-1 of "<type> <size>\0<payload>", git-scm.com/book/en/v2/Git-Internals-Git-Objects), so
// SHAs are stable, content-addressed, and a blob's SHA matches `git hash-object`.

export type TreeEntryType = "blob" | "tree" | "commit";

export interface TreeEntry {
  /** One path segment. */
  name: string;
  /** As the API spells it: 100644, 100755, 040000, 160000, 120000. */
  mode: string;
  type: TreeEntryType;
  sha: string;
}

export interface Signature {
  name: string;
  email: string;
  /** ISO 8601 with second precision, as GitHub returns it. */
  date: string;
}

export type GitObject =
  | { type: "blob"; content: Buffer }
  | { type: "tree"; entries: TreeEntry[] }
  | {
      type: "commit";
      tree: string;
      parents: string[];
      message: string;
      author: Signature;
      committer: Signature;
    };

/** A leaf of a flattened tree: a blob or a submodule commit at a full path. */
export interface PathEntry {
  mode: string;
  type: TreeEntryType;
  sha: string;
}

export class GitObjectStore {
  private readonly objects = new Map<string, GitObject>();

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha);
  }

  putBlob(content: Uint8Array): string {
    const buffer = Buffer.from(content);
    return this.put({ type: "blob", content: buffer }, buffer);
  }

  putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => compareTreeNames(a, b));
    const payload = Buffer.concat(
      sorted.flatMap((entry) => [
        Buffer.from(`${entry.mode.replace(/^0+/, "")} ${entry.name}\0`, "utf8"),
        Buffer.from(entry.sha, "hex"),
      ]),
    );
    return this.put({ type: "tree", entries: sorted }, payload);
  }

  putCommit(commit: {
    tree: string;
    parents: string[];
    message: string;
    author: Signature;
    committer: Signature;
  }): string {
    const lines = [
      `tree ${commit.tree}`,
      ...commit.parents.map((parent) => `parent ${parent}`),
      `author ${formatSignature(commit.author)}`,
      `committer ${formatSignature(commit.committer)}`,
      "",
      commit.message,
    ];
    return this.put({ type: "commit", ...commit }, Buffer.from(lines.join("\n"), "utf8"));
  }

  /** True when `ancestor` is `descendant` or reachable from it through parents. */
  isAncestor(ancestor: string, descendant: string): boolean {
    const pending = [descendant];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const sha = pending.pop() as string;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      const object = this.objects.get(sha);
      if (object?.type === "commit") pending.push(...object.parents);
    }
    return false;
  }

  /** Every blob and submodule under a tree, keyed by its full path. */
  flatten(treeSha: string, prefix = "", into = new Map<string, PathEntry>()): Map<string, PathEntry> {
    const tree = this.objects.get(treeSha);
    if (tree?.type !== "tree") throw new Error(`not a tree: ${treeSha}`);
    for (const entry of tree.entries) {
      const path = `${prefix}${entry.name}`;
      if (entry.type === "tree") this.flatten(entry.sha, `${path}/`, into);
      else into.set(path, { mode: entry.mode, type: entry.type, sha: entry.sha });
    }
    return into;
  }

  /** Writes the nested trees holding `leaves` and returns the root tree's SHA. */
  writeTree(leaves: ReadonlyMap<string, PathEntry>): string {
    const children = new Map<string, Map<string, PathEntry>>();
    const entries: TreeEntry[] = [];
    for (const [path, leaf] of leaves) {
      const slash = path.indexOf("/");
      if (slash < 0) {
        entries.push({ name: path, ...leaf });
        continue;
      }
      const dir = path.slice(0, slash);
      let child = children.get(dir);
      if (child === undefined) {
        child = new Map();
        children.set(dir, child);
      }
      child.set(path.slice(slash + 1), leaf);
    }
    for (const [dir, child] of children) {
      entries.push({ name: dir, mode: "040000", type: "tree", sha: this.writeTree(child) });
    }
    return this.putTree(entries);
  }

  /** The entry at `path` under a tree; the empty path is the tree itself. */
  lookup(treeSha: string, path: string): PathEntry | undefined {
    let current: PathEntry = { mode: "040000", type: "tree", sha: treeSha };
    for (const segment of path.split("/").filter((s) => s !== "")) {
      const tree = this.objects.get(current.sha);
      if (tree?.type !== "tree") return undefined;
      const entry = tree.entries.find((e) => e.name === segment);
      if (entry === undefined) return undefined;
      current = { mode: entry.mode, type: entry.type, sha: entry.sha };
    }
    return current;
  }

  private put(object: GitObject, payload: Buffer): string {
    const header = Buffer.from(`${object.type} ${payload.length}\0`, "utf8");
    const sha = createHash("sha1").update(header).update(payload).digest("hex");
    this.objects.set(sha, object);
    return sha;
  }
}

// git orders tree entries by name, comparing a subtree's name as if it ended in "/".
function compareTreeNames(a: TreeEntry, b: TreeEntry): number {
  const left = Buffer.from(a.type === "tree" ? `${a.name}/` : a.name, "utf8");
  const right = Buffer.from(b.type === "tree" ? `${b.name}/` : b.name, "utf8");
  return Buffer.compare(left, right);
}

function formatSignature(signature: Signature): string {
  const seconds = Math.floor(Date.parse(signature.date) / 1000);
  return `${signature.name} <${signature.email}> ${seconds} +0000`;
}
