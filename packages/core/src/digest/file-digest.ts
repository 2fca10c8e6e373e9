import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { InputError } from "../errors/input-error.js";

/** A file's SHA-256 and size, read as a stream so a file of any size uses constant memory. */
export interface FileDigest {
  /** Lowercase hex, 64 characters. */
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * Reads into one buffer, over and over, rather than a new buffer a chunk as a read stream does: a
 * stream's chunks filled the young generation of the thread hashing alongside a validation (the
 * main thread, whose heap is not capped as a worker's is) with garbage worth tens of megabytes of
 * peak memory.
 */
export async function digestFile(file: string): Promise<FileDigest> {
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    const handle = await open(file, "r");
    try {
      const buffer = Buffer.allocUnsafe(DIGEST_READ_BYTES);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        bytes += bytesRead;
      }
    } finally {
      await handle.close();
    }
  } catch {
    throw new InputError("cannot be read to compute its digest; expected a readable file", { file });
  }
  return { sha256: hash.digest("hex"), bytes };
}

const DIGEST_READ_BYTES = 1024 * 1024;
