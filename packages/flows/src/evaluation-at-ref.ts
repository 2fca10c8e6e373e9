import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { InputError, type RefReader, readEvalFile } from "@slipway/core";

const PREDICTION_EXTENSIONS = /\.(csv|jsonl|ndjson|parquet)$/i;

async function copyAtRef(reader: RefReader, path: string, ref: string, into: string): Promise<boolean> {
  const bytes = await reader.readFile(path, ref);
  if (!bytes) return false;
  const target = join(into, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, bytes);
  return true;
}

/**
 * Recreates, under `into`, an evaluation as it was at `ref`: the file itself and, for an eval
 * report, the per-example predictions it names (a path or glob relative to the report). Returns
 * the local path of the evaluation, or undefined when it did not exist at that ref (a new model).
 */
export async function materializeEvaluationAtRef(
  reader: RefReader,
  path: string,
  ref: string,
  into: string,
): Promise<string | undefined> {
  const repoPath = path.split(sep).join("/").replace(/^\.\//, "");
  if (!(await copyAtRef(reader, repoPath, ref, into))) return undefined;
  const local = join(into, repoPath);
  if (PREDICTION_EXTENSIONS.test(repoPath)) return local;

  const report = await readEvalFile(local);
  if (report.predictions === undefined) return local;
  const pattern = relative(into, report.predictions).split(sep).join("/");
  if (pattern.startsWith("../")) {
    throw new InputError(`at ${ref} names predictions outside the repository (${pattern})`, { file: repoPath });
  }
  const files = /[*?[{]/.test(pattern) ? await reader.listFiles(pattern, ref) : [pattern];
  if (files === undefined) {
    throw new InputError(
      `at ${ref} names predictions by a glob, which the ${reader.name} reader cannot list; check out with fetch-depth: 0`,
      { file: repoPath },
    );
  }
  for (const file of files) {
    if (!(await copyAtRef(reader, file, ref, into))) {
      throw new InputError(`at ${ref} names predictions ${file}, which does not exist at ${ref}`, { file: repoPath });
    }
  }
  return local;
}
