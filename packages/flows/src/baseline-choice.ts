import type { BaselineConfig } from "@slipway/core";
import { InputError } from "@slipway/core";

/** Where a comparison's baseline comes from, decided before anything is read. */
export type BaselineChoice =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "ref"; readonly ref: string; readonly path: string }
  | { readonly kind: "alias"; readonly alias: string };

export interface BaselineChoiceInput {
  /** A baseline file named on the command line or as an action input: always wins. */
  readonly explicit?: string | undefined;
  /** The model's `baseline:` in `.slipway.yml`. */
  readonly configured?: string | BaselineConfig | undefined;
  /** The candidate's path in the repository, looked up at the base ref by default. */
  readonly candidatePath: string;
  /** The pull request's base ref (`main`), when running for a pull request. */
  readonly baseRef?: string | undefined;
  /** Where `configured` was written, for errors. */
  readonly configFile?: string | undefined;
}

/**
 * The baseline, in order of precedence: an explicit file; the config's `baseline:` (a file, the
 * same or another path at a git ref — `ref: base` is the PR's base — or a registry alias); else
 * the candidate's own path at the PR's base ref. Without any of these there is nothing to compare
 * against, which is an input error naming what to provide.
 */
export function chooseBaseline(input: BaselineChoiceInput): BaselineChoice {
  if (input.explicit) return { kind: "file", path: input.explicit };
  const configured = input.configured;
  if (typeof configured === "string") return { kind: "file", path: configured };
  if (configured?.file) return { kind: "file", path: configured.file };
  if (configured?.alias) return { kind: "alias", alias: configured.alias };
  const path = configured?.path ?? input.candidatePath;
  const wanted = configured?.ref;
  if (wanted && wanted !== "base") return { kind: "ref", ref: wanted, path };
  if (input.baseRef) return { kind: "ref", ref: input.baseRef, path };
  throw new InputError(
    wanted === "base"
      ? "the baseline is the pull request's base ref, but this is not a pull request; pass a baseline file"
      : "no baseline: pass a baseline file, set `baseline:` for the model in .slipway.yml, or run on a pull request to compare with its base",
    input.configFile ? { file: input.configFile } : undefined,
  );
}

/** How the chosen baseline is named in reports: a file path, `git:<ref>:<path>`, `registry:<alias>`. */
export function describeBaseline(choice: BaselineChoice): string {
  switch (choice.kind) {
    case "file":
      return choice.path;
    case "ref":
      return `git:${choice.ref}:${choice.path}`;
    case "alias":
      return `registry:${choice.alias}`;
  }
}
