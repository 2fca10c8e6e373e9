// `npm run build` rebuilds every bundle; `npm run check-dist` (`--check`) fails when a committed
// bundle differs from a fresh build, so a source change can never ship with a stale dist/.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleTarget, findStaleFiles, listBundleTargets, writeBundle } from "./bundles.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The bundler derives module ids from paths relative to the working directory: build from the root
// so the output is the same whoever runs it, from wherever.
process.chdir(root);
const check = process.argv.includes("--check");
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));

const targets = listBundleTargets(root).filter((t) => only.length === 0 || only.includes(t.name));
let stale = [];
for (const target of targets) {
  const started = Date.now();
  let files;
  try {
    files = await bundleTarget(target);
  } catch (error) {
    // ncc's errors embed its own minified source; the first lines say what failed.
    const text = String(error?.message ?? error)
      .split("\n")
      .slice(0, 5)
      .join("\n");
    console.error(`${target.name}: bundling failed\n${text}`);
    process.exit(1);
  }
  if (check) {
    stale = stale.concat(await findStaleFiles(target, files, root));
  } else {
    await writeBundle(target, files);
    const size = files.get(target.outFile).length;
    console.log(`${target.name}: ${(size / 1024).toFixed(0)} kB in ${Date.now() - started} ms`);
  }
}
if (check) {
  if (stale.length > 0) {
    for (const line of stale) console.error(`stale bundle: ${line}`);
    console.error("Run `npm run build` and commit the result.");
    process.exit(1);
  }
  console.log(`${targets.length} bundles are current.`);
}
