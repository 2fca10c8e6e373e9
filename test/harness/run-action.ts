import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { repoRoot } from "./repo-root.js";
import { type PrintedAnnotation, parseAnnotations, parseOutputFile } from "./workflow-commands.js";

export interface RunActionOptions {
  /** Inputs by their action.yml names; unspecified inputs get action.yml's defaults, as on a runner. */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Extra environment, e.g. GITHUB_API_URL of a fake server. */
  readonly env?: Readonly<Record<string, string>>;
  /** The webhook payload written to GITHUB_EVENT_PATH. */
  readonly event?: object;
  readonly eventName?: string;
  /** The workspace (the checked-out repository); the step's working directory. */
  readonly workspace?: string;
  /** The token `${{ github.token }}` evaluates to in input defaults. */
  readonly token?: string;
  /** The node binary to run with (defaults to the one running the tests). */
  readonly node?: string;
  readonly timeoutMs?: number;
  /** RUNNER_TEMP, kept after the run so files the action wrote there can be read; default: removed. */
  readonly runnerTemp?: string;
}

export interface ActionResult {
  readonly exitCode: number | null;
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly annotations: readonly PrintedAnnotation[];
  readonly stdout: string;
  readonly stderr: string;
}

interface ActionMetadata {
  runs: { using: string; main: string };
  inputs?: Record<string, { default?: string; required?: boolean }>;
}

/** The runner's own evaluation of the few default expressions actions use. */
function evaluateDefault(value: string, context: { token: string }): string {
  return value.replace(/\$\{\{\s*github\.token\s*\}\}/g, context.token);
}

/**
 * Runs `actions/<name>` the way the runner does: its committed `dist/` bundle as a child process,
 * with INPUT_* variables, the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, …) and an event
 * payload; returns what the step left behind.
 */
export async function runAction(name: string, options: RunActionOptions = {}): Promise<ActionResult> {
  const actionDir = join(repoRoot, "actions", name);
  const metadata = parseYaml(await readFile(join(actionDir, "action.yml"), "utf8")) as ActionMetadata;
  if (!/^node\d+$/.test(metadata.runs.using)) throw new Error(`actions/${name} is not a JavaScript action`);

  const temp = await mkdtemp(join(tmpdir(), `slipway-runner-${name}-`));
  try {
    const files = {
      GITHUB_OUTPUT: join(temp, "output"),
      GITHUB_STEP_SUMMARY: join(temp, "summary.md"),
      GITHUB_ENV: join(temp, "env"),
      GITHUB_PATH: join(temp, "path"),
      GITHUB_STATE: join(temp, "state"),
      GITHUB_EVENT_PATH: join(temp, "event.json"),
    };
    for (const file of Object.values(files)) await writeFile(file, "");
    await writeFile(files.GITHUB_EVENT_PATH, JSON.stringify(options.event ?? {}));

    const token = options.token ?? "";
    const inputEnv: Record<string, string> = {};
    for (const [input, spec] of Object.entries(metadata.inputs ?? {})) {
      if (spec.default !== undefined)
        inputEnv[`INPUT_${input.replace(/ /g, "_").toUpperCase()}`] = evaluateDefault(String(spec.default), { token });
    }
    for (const [input, value] of Object.entries(options.inputs ?? {})) {
      if (!(metadata.inputs && input in metadata.inputs)) throw new Error(`actions/${name} has no input "${input}"`);
      inputEnv[`INPUT_${input.replace(/ /g, "_").toUpperCase()}`] = value;
    }

    const workspace = options.workspace ?? temp;
    const runnerTemp = options.runnerTemp ?? join(temp, "runner-temp");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? temp,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_API_URL: "https://api.github.com",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_GRAPHQL_URL: "https://api.github.com/graphql",
      GITHUB_REPOSITORY: "octo-org/models",
      GITHUB_REPOSITORY_OWNER: "octo-org",
      GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
      GITHUB_REF: "refs/pull/7/merge",
      GITHUB_EVENT_NAME: options.eventName ?? "pull_request",
      GITHUB_WORKSPACE: workspace,
      GITHUB_RUN_ID: "4242",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_WORKFLOW: "model-pr",
      GITHUB_JOB: "gate",
      GITHUB_ACTOR: "octocat",
      RUNNER_OS: "Linux",
      RUNNER_ARCH: "X64",
      RUNNER_TEMP: runnerTemp,
      RUNNER_TOOL_CACHE: join(temp, "tool-cache"),
      ...files,
      ...inputEnv,
      ...options.env,
    };
    await mkdir(runnerTemp, { recursive: true });

    const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(options.node ?? process.execPath, [join(actionDir, metadata.runs.main)], {
          cwd: workspace,
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.stderr.on("data", (chunk: Buffer) => {
          err += chunk.toString();
        });
        const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
        child.on("error", reject);
        child.on("close", (code) => {
          clearTimeout(timer);
          resolve({ exitCode: code, stdout: out, stderr: err });
        });
      },
    );
    return {
      exitCode,
      outputs: parseOutputFile(await readFile(files.GITHUB_OUTPUT, "utf8")),
      summary: await readFile(files.GITHUB_STEP_SUMMARY, "utf8"),
      annotations: parseAnnotations(stdout),
      stdout,
      stderr,
    };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
