// The bundle targets of the repository and how to build and check them. Every JS action's
// `actions/<name>/src/index.ts` becomes its committed `actions/<name>/dist/index.js`; the CLI
// becomes `packages/cli/dist/slipway.js`. Bundles are committed because the runner executes an
// action straight from the repository checkout, with no install step.
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

const require = createRequire(import.meta.url);

/** @typedef {{ name: string, entry: string, outDir: string, outFile: string }} BundleTarget */

/** @returns {BundleTarget[]} */
export function listBundleTargets(root) {
  const targets = [];
  const actionsDir = join(root, "actions");
  for (const name of existsSync(actionsDir) ? readdirSync(actionsDir).sort() : []) {
    const entry = join(actionsDir, name, "src", "index.ts");
    if (!existsSync(entry)) continue; // composite actions have no bundle
    const outDir = join(actionsDir, name, "dist");
    targets.push({ name: `actions/${name}`, entry, outDir, outFile: "index.js" });
  }
  targets.push({
    name: "packages/cli",
    entry: join(root, "packages", "cli", "src", "bin.ts"),
    outDir: join(root, "packages", "cli", "dist"),
    outFile: "slipway.js",
  });
  return targets;
}

/**
 * Builds one target in memory: the files it would write, keyed by path relative to its outDir.
 * @returns {Promise<Map<string, Buffer>>}
 */
export async function bundleTarget(target) {
  const ncc = require("@vercel/ncc");
  const { code, assets } = await ncc(target.entry, {
    minify: true,
    sourceMap: false,
    quiet: true,
    // Types are checked once for the whole tree by `npm run typecheck`.
    transpileOnly: true,
    // Keeps bundles byte-identical across machines and checkout paths.
    cache: false,
    target: "es2022",
  });
  const files = new Map([[target.outFile, Buffer.from(code)]]);
  for (const [name, asset] of Object.entries(assets ?? {})) {
    files.set(name, Buffer.isBuffer(asset.source) ? asset.source : Buffer.from(asset.source));
  }
  return files;
}

export async function writeBundle(target, files) {
  for (const [name, content] of files) {
    const path = join(target.outDir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, { mode: name === target.outFile ? 0o755 : 0o644 });
  }
}

/**
 * Compares a fresh build with what is on disk.
 * @returns {Promise<string[]>} one line per stale or missing file, empty when current
 */
export async function findStaleFiles(target, files, root) {
  const stale = [];
  for (const [name, content] of files) {
    const path = join(target.outDir, name);
    const rel = relative(root, path);
    if (!existsSync(path)) {
      stale.push(`${rel} is missing`);
      continue;
    }
    const committed = await readFile(path);
    if (!committed.equals(content)) stale.push(`${rel} differs from a fresh build`);
  }
  return stale;
}
