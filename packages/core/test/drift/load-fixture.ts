import { readFileSync } from "node:fs";

/** Reads a committed reference fixture from test/fixtures/drift (written by test/reference/generate-drift-references.py). */
export function loadDriftFixture<T>(name: string): T {
  const url = new URL(`../../../../test/fixtures/drift/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as T;
}
