import { stat } from "node:fs/promises";
import { glob, isDynamicPattern } from "tinyglobby";
import { InputError } from "../errors/input-error.js";

/**
 * The files a predictions path names: the file itself, or every file a glob of shards matches
 * (`preds/part-*.parquet`), sorted so that shard order — and so row order — is the same on every
 * machine. A glob that matches nothing, or a path that does not exist, is an error naming it.
 */
export async function resolvePredictionFiles(pathOrGlob: string): Promise<string[]> {
  if (!isDynamicPattern(pathOrGlob)) {
    try {
      if ((await stat(pathOrGlob)).isFile()) return [pathOrGlob];
    } catch {
      // Reported below.
    }
    throw new InputError("does not exist; expected a predictions file (.csv, .jsonl or .parquet)", {
      file: pathOrGlob,
    });
  }
  const files = await glob(pathOrGlob, { absolute: true, onlyFiles: true, expandDirectories: false });
  if (files.length === 0) {
    throw new InputError("matches no files; expected a glob matching one or more prediction shards", {
      file: pathOrGlob,
    });
  }
  return files.sort();
}
