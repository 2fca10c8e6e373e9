import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { InputError } from "../errors/input-error.js";

/** A file's SHA-256 and size, read as a stream so a file of any size uses constant memory. */
export interface FileDigest {
  /** Lowercase hex, 64 characters. */
  readonly sha256: string;
  readonly bytes: number;
}

export async function digestFile(file: string): Promise<FileDigest> {
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch {
    throw new InputError("cannot be read to compute its digest; expected a readable file", { file });
  }
  return { sha256: hash.digest("hex"), bytes };
}
