import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository checkout the tests run in. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
