import { stat } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { InputError, tableFormatFromPath } from "@slipway/core";
import picomatch from "picomatch";
import { glob } from "tinyglobby";

/** The files of one dataset and the directory their digest names them relative to. */
export interface DatasetFiles {
  /** The fixed part of the paths: a directory given, a glob's base, or a single file's directory. */
  readonly root: string;
  /** Absolute paths, sorted, without repeats. */
  readonly files: readonly string[];
  /** Each file's size in bytes, in `files` order, for progress. */
  readonly sizes: readonly number[];
}

/**
 * Finds a dataset's files: each path is a file, a glob (`data/*.parquet`, `shards/**\/*.csv`) or a
 * directory of shards (every CSV, JSONL or Parquet file inside, at any depth, so Hive-style
 * `date=…/` partitions work). Paths are relative to `baseDir`. Files are sorted so that the
 * report, the row numbers and the examples come out the same on every machine.
 */
export async function resolveDatasetFiles(baseDir: string, paths: string | readonly string[]): Promise<DatasetFiles> {
  const list = typeof paths === "string" ? [paths] : paths;
  if (list.length === 0) throw new InputError("no dataset path given; expected a file, a glob or a directory");
  const roots: string[] = [];
  const found = new Set<string>();
  for (const path of list) {
    const { root, files } = await filesOf(baseDir, path);
    roots.push(root);
    for (const file of files) found.add(file);
  }
  const files = [...found].sort();
  const sizes: number[] = [];
  for (const file of files) sizes.push((await stat(file)).size);
  return { root: commonDirectory(roots), files, sizes };
}

async function filesOf(baseDir: string, path: string): Promise<{ root: string; files: string[] }> {
  const scan = picomatch.scan(path);
  if (scan.isGlob) {
    const root = resolve(baseDir, scan.base === "" ? "." : scan.base);
    const files = await glob([scan.glob], { cwd: root, absolute: true, onlyFiles: true, dot: false });
    if (files.length === 0)
      throw new InputError("matches no files; expected a glob matching the dataset's shards", { file: path });
    return { root, files: files.map((f) => resolve(f)) };
  }
  const absolute = resolve(baseDir, path);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch {
    throw new InputError("does not exist; expected a dataset file, a glob or a directory of shards", { file: path });
  }
  if (!isDirectory) return { root: dirname(absolute), files: [absolute] };
  const inside = await glob(["**/*"], { cwd: absolute, absolute: true, onlyFiles: true, dot: false });
  const files = inside.filter((file) => tableFormatFromPath(file) !== undefined).map((f) => resolve(f));
  if (files.length === 0) {
    throw new InputError("holds no .csv, .jsonl or .parquet file; expected a directory of dataset shards", {
      file: path,
    });
  }
  return { root: absolute, files };
}

/** The deepest directory holding every root (the roots of several paths of one dataset). */
function commonDirectory(roots: readonly string[]): string {
  let common = roots[0] as string;
  for (const root of roots.slice(1)) {
    while (!isInside(common, root)) {
      const parent = dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** How a path is shown in reports and annotations: relative to the workspace when inside it, with `/`. */
export function displayPath(workspace: string, path: string): string {
  const rel = relative(workspace, path);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel.split(sep).join("/");
}
