// Wall time and peak RSS of one process, as a user would see them: the process is started fresh,
// under GNU time (`/usr/bin/time -f %M`, the maximum resident set in kB) and coreutils `timeout`
// (so a run past its budget is stopped rather than stalling the benchmark). GNU time reports the
// largest resident set among the processes it waited for, here `timeout` and its child.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TIME = "/usr/bin/time";

export function requireGnuTime() {
  if (!existsSync(TIME)) {
    throw new Error("/usr/bin/time is missing: install Debian's `time` package (apt-get install time)");
  }
}

/** The environment of a cold run: no extra CA bundle, which Node would read at start-up. */
export function coldEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/**
 * Runs `command args` once. Returns `{seconds, rssKb, status, stdout, timedOut}`; `status` is the
 * command's exit code (124 or 137 when `timeout` stopped it).
 */
export function measureProcess(command, args, { timeoutS = 600, env = coldEnv(), cwd } = {}) {
  requireGnuTime();
  const dir = mkdtempSync(join(tmpdir(), "slipway-bench-"));
  const rssFile = join(dir, "rss");
  try {
    const started = performance.now();
    const run = spawnSync(
      TIME,
      ["-f", "%M", "-o", rssFile, "timeout", "-s", "KILL", String(timeoutS), command, ...args],
      {
        env,
        cwd,
        encoding: "utf8",
        maxBuffer: 1 << 30,
      },
    );
    const seconds = (performance.now() - started) / 1000;
    // GNU time writes "Command terminated by signal 9" before the number when the child was killed.
    const lines = existsSync(rssFile) ? readFileSync(rssFile, "utf8").trim().split("\n") : [];
    const rssKb = Number(lines.at(-1));
    const timedOut = run.status === 124 || run.status === 137 || seconds >= timeoutS;
    return {
      seconds,
      rssKb: Number.isFinite(rssKb) ? rssKb : null,
      status: run.status,
      stdout: run.stdout,
      stderr: run.stderr,
      timedOut,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Formats kB as MB (10^6 bytes), the unit the targets are stated in. */
export function megabytes(kb) {
  return kb === null ? "?" : ((kb * 1024) / 1e6).toFixed(0);
}
