// Slipway's CSV table reader bundled alone with ncc (minified, as the actions ship it), for the
// parse-only case of the data benchmark.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bundle = join(root, "bench", ".data", "bundle", "csv-table.mjs");

/** Bundles the reader into bench/.data/bundle/ once; the data benchmark calls this before timing. */
export async function bundleCsvReader() {
  if (existsSync(bundle)) return bundle;
  const ncc = createRequire(join(root, "package.json"))("@vercel/ncc");
  const entry = join(root, "packages", "core", "src", "tabular", "csv-table.ts");
  const { code } = await ncc(entry, { minify: true, quiet: true, transpileOnly: true, cache: false });
  mkdirSync(join(bundle, ".."), { recursive: true });
  writeFileSync(bundle, code);
  return bundle;
}
