import { createHash } from "node:crypto";
import path from "node:path";
import { InputError } from "../errors/input-error.js";
import { digestFile } from "./file-digest.js";

/** One file of a dataset, named by its path relative to the dataset's root. */
export interface DatasetFileDigest {
  /** Relative path with "/" separators, whatever the platform. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface DatasetDigest {
  /** `sha256:` and the hex digest of the manifest (see datasetDigest). */
  readonly digest: string;
  /** The files in manifest order. */
  readonly files: readonly DatasetFileDigest[];
}

/**
 * The digest of a dataset made of one or more files: SHA-256 of the manifest
 *   for each file, sorted by relative path (UTF-8 byte order):  "<relative path>\0<sha256 hex>\n"
 * so it does not depend on the order in which a directory or glob listed the shards.
 *
 * The paths are part of what is hashed: renaming or moving a shard changes the digest even though
 * no byte of data changed. Shard names carry meaning that readers act on (`train/` vs `test/`,
 * `date=2024-05-01/` partitions, the glob a contract selects with), and a content-only digest
 * would give the same digest to two datasets whose files swapped names. Only the manifest, not
 * the file sizes, is hashed; the sizes are reported for people.
 */
export function datasetDigest(files: readonly DatasetFileDigest[]): DatasetDigest {
  const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.path, "utf8"), Buffer.from(b.path, "utf8")));
  const hash = createHash("sha256");
  sorted.forEach((file, k) => {
    if (k > 0 && sorted[k - 1]!.path === file.path) throw new RangeError(`the dataset lists "${file.path}" twice`);
    if (file.path.includes("\0") || file.path.includes("\n")) {
      throw new RangeError(`a dataset path cannot contain NUL or a newline: ${JSON.stringify(file.path)}`);
    }
    if (!/^[0-9a-f]{64}$/.test(file.sha256)) throw new RangeError(`not a SHA-256 hex digest: ${file.sha256}`);
    hash.update(`${file.path}\0${file.sha256}\n`, "utf8");
  });
  return { digest: `sha256:${hash.digest("hex")}`, files: sorted };
}

/**
 * Hashes each file (streamed, one at a time) and returns the dataset digest. `root` is the
 * directory the paths are taken relative to: the directory given, or the fixed part of a glob;
 * for a single file, its own directory, so the manifest names it by its base name.
 */
export async function digestDataset(root: string, files: readonly string[]): Promise<DatasetDigest> {
  const digests: DatasetFileDigest[] = [];
  for (const file of files) {
    const relative = path.relative(root, file).split(path.sep).join("/");
    if (relative === "" || relative.startsWith("../") || relative === ".." || path.isAbsolute(relative)) {
      throw new InputError(`is not inside the dataset directory ${root}`, { file });
    }
    const { sha256, bytes } = await digestFile(file);
    digests.push({ path: relative, sha256, bytes });
  }
  return datasetDigest(digests);
}
