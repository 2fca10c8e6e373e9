import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A CNCF distribution registry on 127.0.0.1, started for a test. */
export interface TestRegistry {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `127.0.0.1:PORT`, as it appears in image references. */
  readonly host: string;
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  stop(): Promise<void>;
}

const BINARY_CANDIDATES = ["/usr/bin/docker-registry", "/usr/sbin/docker-registry"];

export function findRegistryBinary(): string | undefined {
  return BINARY_CANDIDATES.find((path) => existsSync(path));
}

/**
 * Whether registry tests can run. Without the binary they are skipped loudly on a developer
 * machine, and fail under CI, where `.ci/run` installs it.
 */
export function registryAvailable(): boolean {
  if (findRegistryBinary()) return true;
  const message =
    "docker-registry is not installed: install the Debian package `docker-registry` (apt-get install docker-registry)";
  if (process.env.CI) throw new Error(message);
  console.warn(`\n*** SKIPPING registry tests: ${message} ***\n`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${log()}`);
    try {
      const response = await fetch(`${url}/v2/`);
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not start in 15 s: ${log()}`);
}

/** Starts a registry with its own storage, optionally behind htpasswd (bcrypt) basic auth. */
export async function startRegistry(options: { auth?: boolean } = {}): Promise<TestRegistry> {
  const binary = findRegistryBinary();
  if (!binary) throw new Error("docker-registry is not installed (Debian package docker-registry)");
  const dir = await mkdtemp(join(tmpdir(), "slipway-registry-"));
  const credentials = options.auth ? { username: "slipway", password: "s3cret-pass" } : undefined;
  let authSection = "";
  if (credentials) {
    const line = execFileSync("htpasswd", ["-Bbn", credentials.username, credentials.password], { encoding: "utf8" });
    await writeFile(join(dir, "htpasswd"), `${line.trim()}\n`);
    authSection = `auth:\n  htpasswd:\n    realm: slipway-test\n    path: ${join(dir, "htpasswd")}\n`;
  }
  const port = await freePort();
  const config = [
    "version: 0.1",
    "log:",
    "  level: error",
    "  accesslog:",
    "    disabled: true",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${join(dir, "storage")}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    authSection,
  ].join("\n");
  await writeFile(join(dir, "config.yml"), config);
  const child = spawn(binary, ["serve", join(dir, "config.yml")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(url, child, () => stderr);
  } catch (error) {
    child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    host: `127.0.0.1:${port}`,
    credentials,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
