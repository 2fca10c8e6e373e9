import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatasetFileDigest, datasetDigest, digestDataset } from "../../src/digest/dataset-digest.js";
import { digestFile } from "../../src/digest/file-digest.js";
import { InputError } from "../../src/errors/input-error.js";

let root: string;
const shards = ["part-0.csv", "part-1.csv", "nested/part-2.csv", "nested/zeta/part-3.csv"];
const files = (): string[] => shards.map((shard) => path.join(root, shard));

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "slipway-digest-"));
  await mkdir(path.join(root, "nested", "zeta"), { recursive: true });
  for (const [k, shard] of shards.entries()) await writeFile(path.join(root, shard), `id,value\n${k},${k * 10}\n`);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("file digests", () => {
  it("is the SHA-256 of the file's bytes", async () => {
    const big = path.join(root, "big.bin");
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7); // several stream chunks
    await writeFile(big, bytes);
    expect(await digestFile(big)).toEqual({
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length,
    });
    await rm(big);
  });

  it("reports a missing file as an input error naming it", async () => {
    await expect(digestFile(path.join(root, "absent.csv"))).rejects.toThrow(InputError);
  });
});

describe("dataset digests", () => {
  it("hashes the sorted manifest of relative paths and file digests", async () => {
    const digest = await digestDataset(root, files());
    const lines = digest.files.map((file) => `${file.path}\0${file.sha256}\n`).join("");
    expect(digest.digest).toBe(`sha256:${createHash("sha256").update(lines).digest("hex")}`);
    expect(digest.files.map((file) => file.path)).toEqual([
      "nested/part-2.csv",
      "nested/zeta/part-3.csv",
      "part-0.csv",
      "part-1.csv",
    ]);
  });

  it("does not depend on the order the shards were listed in", async () => {
    const expected = (await digestDataset(root, files())).digest;
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(files(), { minLength: shards.length, maxLength: shards.length }),
        async (order) => {
          expect((await digestDataset(root, order)).digest).toBe(expected);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("changes when one byte of a shard changes", async () => {
    const before = (await digestDataset(root, files())).digest;
    const target = path.join(root, "nested", "part-2.csv");
    await writeFile(target, "id,value\n2,21\n");
    expect((await digestDataset(root, files())).digest).not.toBe(before);
    await writeFile(target, "id,value\n2,20\n");
    expect((await digestDataset(root, files())).digest).toBe(before);
  });

  it("changes when a shard is renamed, added or removed", async () => {
    const before = (await digestDataset(root, files())).digest;
    await rename(path.join(root, "part-1.csv"), path.join(root, "part-9.csv"));
    const renamed = [...files().slice(0, 1), path.join(root, "part-9.csv"), ...files().slice(2)];
    expect((await digestDataset(root, renamed)).digest).not.toBe(before);
    await rename(path.join(root, "part-9.csv"), path.join(root, "part-1.csv"));
    expect((await digestDataset(root, files().slice(1))).digest).not.toBe(before);
    expect((await digestDataset(root, files())).digest).toBe(before);
  });

  it("tells apart two datasets whose shards swapped contents", () => {
    const a = "a".repeat(64);
    const b = "b".repeat(64);
    const one: DatasetFileDigest[] = [
      { path: "train.csv", sha256: a, bytes: 1 },
      { path: "test.csv", sha256: b, bytes: 1 },
    ];
    const swapped: DatasetFileDigest[] = [
      { path: "train.csv", sha256: b, bytes: 1 },
      { path: "test.csv", sha256: a, bytes: 1 },
    ];
    expect(datasetDigest(one).digest).not.toBe(datasetDigest(swapped).digest);
  });

  it("refuses a file outside the dataset directory and a file listed twice", async () => {
    await expect(digestDataset(path.join(root, "nested"), files())).rejects.toThrow(
      /is not inside the dataset directory/,
    );
    await expect(digestDataset(root, [...files(), files()[0]!])).rejects.toThrow(/twice/);
  });
});
