import * as zlib from "node:zlib";
import { decompress as zstdDecompress } from "fzstd";
import type { Compressors } from "hyparquet";

/**
 * Decompressors for the Parquet page codecs other than Snappy (which hyparquet decodes itself):
 * GZIP (pyarrow's and Spark's option), Brotli, and Zstandard, the default of Polars and of recent
 * DuckDB and Spark versions. GZIP and Brotli come from Node's zlib; Zstandard from zlib where the
 * runtime has it (Node 22.15 and later), otherwise from fzstd, in JavaScript. LZ4 and LZO pages
 * still give an error naming the codec.
 */
export const PARQUET_DECOMPRESSORS: Compressors = {
  // Parquet's GZIP is RFC 1952, but some writers wrote zlib streams: unzip accepts both.
  GZIP: (input, size) => sized(zlib.unzipSync(input), size),
  BROTLI: (input, size) => sized(zlib.brotliDecompressSync(input), size),
  ZSTD: (input, size) => sized(zstd(input, size), size),
};

/** Node's Zstandard, on runtimes that have it. */
const nodeZstd = (zlib as { zstdDecompressSync?: (input: Uint8Array) => Uint8Array }).zstdDecompressSync;

function zstd(input: Uint8Array, size: number): Uint8Array {
  return nodeZstd === undefined ? zstdDecompress(input, new Uint8Array(size)) : nodeZstd(input);
}

/** The decompressed page, checked against the size its header gives. */
function sized(page: Uint8Array, size: number): Uint8Array {
  if (page.length !== size) throw new Error(`a page decompressed to ${page.length} bytes, its header says ${size}`);
  return new Uint8Array(page.buffer, page.byteOffset, page.length);
}
