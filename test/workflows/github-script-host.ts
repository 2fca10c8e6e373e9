// Runs the `script:` of an actions/github-script step as that action does (v7: the script is the
// body of an async function called with `require`, `github`, `context`, `core`), against a real
// Octokit pointed at the fake GitHub server. `process` is passed in too, so the script reads the
// step's `env:` without the test changing the environment of the test process itself.
import { createRequire } from "node:module";
import { getOctokit } from "@actions/github";

export interface ScriptContext {
  repo: { owner: string; repo: string };
  serverUrl: string;
  runId: number;
}

/** What the script reported through `core`: outputs, failure, log lines and the job summary. */
export interface ScriptRecord {
  outputs: Record<string, string>;
  failed: string | undefined;
  info: string[];
  summary: string;
}

function recordingCore(record: ScriptRecord) {
  const summary = {
    addHeading(text: string, level = 1) {
      record.summary += `<h${level}>${text}</h${level}>\n`;
      return summary;
    },
    addRaw(text: string) {
      record.summary += text;
      return summary;
    },
    async write() {
      return summary;
    },
  };
  return {
    setOutput(name: string, value: unknown) {
      record.outputs[name] = typeof value === "string" ? value : JSON.stringify(value);
    },
    setFailed(message: string) {
      record.failed = message;
    },
    info(message: string) {
      record.info.push(message);
    },
    summary,
  };
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

export async function runGitHubScript(options: {
  script: string;
  env: Record<string, string>;
  apiUrl: string;
  token: string;
  context: ScriptContext;
}): Promise<ScriptRecord> {
  const record: ScriptRecord = { outputs: {}, failed: undefined, info: [], summary: "" };
  const github = getOctokit(options.token, { baseUrl: options.apiUrl });
  const fn = new AsyncFunction("require", "github", "context", "core", "process", options.script);
  await fn(createRequire(import.meta.url), github, options.context, recordingCore(record), {
    env: options.env,
  });
  return record;
}
