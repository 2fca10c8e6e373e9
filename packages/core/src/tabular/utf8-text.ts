import { isUtf8 } from "node:buffer";
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { InputError } from "../errors/input-error.js";

/**
 * 96 KiB of text per chunk, and so per batch of rows. A chunk's text, and each copy of it sent to
 * a thread, then stays below V8's 128 KiB limit for ordinary heap objects: larger strings are
 * "large objects", each mapped fresh from the system and returned when collected, and at 512 KiB
 * they cost over a million page faults (3 s of system time) per GB of CSV validated on two threads,
 * and 80 MB more peak memory. Batches this small also die young, in cheap scavenges; the 8 MB
 * batches of old survived into the old generation and tripled peak memory.
 */
export const TEXT_CHUNK_BYTES = 96 * 1024;

/** Whether `bytes[start, end)` is valid UTF-8; ASCII, most text, is passed without a call. */
export function isUtf8Range(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) return isUtf8(bytes.subarray(start, end));
  return true;
}

/**
 * Yields a file's text in chunks, decoding UTF-8 strictly: an invalid byte sequence is an
 * InputError at the line that holds it, never a silent U+FFFD. A leading byte-order mark is
 * dropped. The bytes are read into one buffer, over and over (decoding copies them into the
 * text), rather than into a new buffer a chunk as a read stream does, and read at once rather
 * than handed to libuv's thread pool: the reads are small, and on a busy machine each hand-over,
 * which wakes another thread, cost more than the read (the reading thread has nothing else to do
 * meanwhile: it is a worker of its own, or a single-threaded validation).
 */
export async function* readUtf8Chunks(file: string, chunkBytes = TEXT_CHUNK_BYTES): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      let text: string;
      try {
        text = decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
      } catch {
        throw await invalidUtf8Error(file);
      }
      if (text.length > 0) yield text;
    }
  } finally {
    closeSync(fd);
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw await invalidUtf8Error(file);
  }
  if (rest.length > 0) yield rest;
}

/**
 * Finds the first line that is not valid UTF-8. Lines can be checked one by one because the
 * newline byte 0x0A never occurs inside a multi-byte UTF-8 sequence (RFC 3629 §3).
 */
async function invalidUtf8Error(file: string): Promise<InputError> {
  let line = 1;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: TEXT_CHUNK_BYTES })) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = bytes.indexOf(0x0a, start); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
      if (!isUtf8(bytes.subarray(start, nl))) return utf8Error(file, line);
      line += 1;
      start = nl + 1;
    }
    carry = Buffer.from(bytes.subarray(start));
  }
  return utf8Error(file, line);
}

function utf8Error(file: string, line: number): InputError {
  return new InputError("is not valid UTF-8 text; expected a UTF-8 encoded file", { file, line });
}

/**
 * Decodes a whole file's bytes as UTF-8, strictly; an invalid sequence is an InputError at its
 * line (found line by line, as above).
 */
export function decodeUtf8File(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let nl = bytes.indexOf(0x0a, start); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
      if (!isUtf8(bytes.subarray(start, nl))) break;
      line += 1;
      start = nl + 1;
    }
    throw utf8Error(file, line);
  }
}
