import { readFileSync } from "node:fs";
import * as core from "@actions/core";
import { type Annotation, InputError } from "@slipway/core";
import { type RunnerEnvironment, readRunnerEnvironment } from "./runner-environment.js";

/**
 * Everything an action exchanges with the runner. Actions receive it as a parameter, so the
 * library never imports the toolkit and tests or the CLI can drive the same code.
 */
export interface ActionIO {
  readonly env: RunnerEnvironment;
  /** The webhook payload of the triggering event, or an empty object outside a workflow. */
  readonly event: Readonly<Record<string, unknown>>;
  input(name: string, options?: { required?: boolean }): string;
  choiceInput<T extends string>(name: string, choices: readonly T[]): T;
  booleanInput(name: string): boolean;
  setOutput(name: string, value: string | number | boolean): void;
  appendSummary(markdown: string): Promise<void>;
  annotate(annotation: Annotation): void;
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  setSecret(value: string): void;
  /** Fails the step with one error line; the action keeps running to finish its outputs. */
  fail(message: string): void;
}

function readEvent(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    throw new InputError("cannot read the event payload", { file: path });
  }
}

/** The ActionIO of a real step, backed by @actions/core. Reads nothing until asked. */
export function createActionIO(env: NodeJS.ProcessEnv = process.env): ActionIO {
  let event: Record<string, unknown> | undefined;
  const input = (name: string, options?: { required?: boolean }) => {
    const value = core.getInput(name).trim();
    if (options?.required && value === "") throw new InputError(`input "${name}" is required`);
    return value;
  };
  return {
    env: readRunnerEnvironment(env),
    get event() {
      event ??= readEvent(env.GITHUB_EVENT_PATH);
      return event;
    },
    input,
    choiceInput<T extends string>(name: string, choices: readonly T[]): T {
      const value = input(name);
      if (!(choices as readonly string[]).includes(value)) {
        throw new InputError(`input "${name}" must be one of ${choices.join(", ")}, got "${value}"`);
      }
      return value as T;
    },
    booleanInput(name) {
      const value = input(name).toLowerCase();
      if (["true", "yes", "on", "1"].includes(value)) return true;
      if (["false", "no", "off", "0", ""].includes(value)) return false;
      throw new InputError(`input "${name}" must be true or false, got "${value}"`);
    },
    setOutput: (name, value) => core.setOutput(name, value),
    appendSummary: async (markdown) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    annotate: ({ level, message, title, file, line, column }) => {
      const properties = {
        ...(title ? { title } : {}),
        ...(file ? { file } : {}),
        ...(line ? { startLine: line } : {}),
        ...(column ? { startColumn: column } : {}),
      };
      if (level === "error") core.error(message, properties);
      else if (level === "warning") core.warning(message, properties);
      else core.notice(message, properties);
    },
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    debug: (message) => core.debug(message),
    setSecret: (value) => core.setSecret(value),
    fail: (message) => core.setFailed(message),
  };
}
