import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleTarget, findStaleFiles, listBundleTargets } from "../../scripts/bundles.mjs";
import { repoRoot } from "../harness/index.js";

describe("check-dist", () => {
  const cli = listBundleTargets(repoRoot).find((t) => t.name === "packages/cli")!;
  let dir: string;
  let fresh: Map<string, Buffer>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "slipway-dist-"));
    fresh = await bundleTarget(cli);
  });
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const path of [dir, ...cleanup]) await rm(path, { recursive: true, force: true });
  });

  it("lists every JS action and the CLI as bundle targets", async () => {
    const names = listBundleTargets(repoRoot).map((t) => t.name);
    expect(names).toContain("packages/cli");
    for (const name of names.filter((n) => n.startsWith("actions/"))) {
      const metadata = await readFile(join(repoRoot, name, "action.yml"), "utf8");
      expect(metadata, `${name}/action.yml`).toMatch(/using:\s*["']?node24/);
      expect(metadata).toMatch(/main:\s*["']?dist\/index\.js/);
    }
  });

  it("finds the committed bundles current", async () => {
    expect(await findStaleFiles(cli, fresh, repoRoot)).toEqual([]);
  });

  it("catches a bundle that no longer matches its sources", async () => {
    const staleCopy = { ...cli, outDir: dir };
    for (const [name, content] of fresh) await writeFile(join(dir, name), content);
    expect(await findStaleFiles(staleCopy, fresh, repoRoot)).toEqual([]);
    // What a contributor who edited src/ but forgot `npm run build` would commit.
    await copyFile(join(cli.outDir, cli.outFile), join(dir, cli.outFile));
    await writeFile(join(dir, cli.outFile), `${await readFile(join(dir, cli.outFile), "utf8")}\n// edited\n`);
    const stale = await findStaleFiles(staleCopy, fresh, repoRoot);
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatch(/slipway\.js differs from a fresh build$/);
  });

  it("fails `npm run check-dist` in a checkout whose committed bundle is stale", async () => {
    // A copy of the repository elsewhere on disk also shows bundles do not depend on the checkout path.
    // Inside the repository so hard links work (same file system); .tools/ is ignored by git.
    await mkdir(join(repoRoot, ".tools"), { recursive: true });
    const checkout = await mkdtemp(join(repoRoot, ".tools", "checkout-"));
    cleanup.push(checkout);
    for (const part of ["package.json", "tsconfig.json", "tsconfig.base.json", "scripts", "packages", "actions"]) {
      spawnSync("cp", ["-r", join(repoRoot, part), join(checkout, part)], { stdio: "ignore" });
    }
    // Hard links, not a symlink: the bundler resolves real paths, which must lie inside the copy.
    expect(spawnSync("cp", ["-al", join(repoRoot, "node_modules"), join(checkout, "node_modules")]).status).toBe(0);
    const check = () =>
      spawnSync(process.execPath, [join(checkout, "scripts", "build-bundles.mjs"), "--check", "packages/cli"], {
        encoding: "utf8",
      });
    expect(check().status).toBe(0);
    const bundle = join(checkout, "packages", "cli", "dist", "slipway.js");
    await writeFile(bundle, `${await readFile(bundle, "utf8")}\n// edited by hand\n`);
    const result = check();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("stale bundle: packages/cli/dist/slipway.js differs from a fresh build");
  });
});
