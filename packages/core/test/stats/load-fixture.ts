import { readFileSync } from "node:fs";

/** Reads a committed reference fixture from test/fixtures/stats (written by test/reference/generate-stats-references.py). */
export function loadStatsFixture<T>(name: string): T {
  const url = new URL(`../../../../test/fixtures/stats/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as T;
}
