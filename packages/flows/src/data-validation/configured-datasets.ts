import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError, type RefReader, readLocatedConfig } from "@slipway/core";
import { displayPath } from "./dataset-files.js";
import type { DatasetProgress } from "./dataset-pass.js";
import { type DataValidation, type ValidationThreads, validateData } from "./validate-data.js";

export interface ValidateConfiguredDataRequest {
  readonly workspace: string;
  /** `.slipway.yml`, relative to the workspace; `required` when the user named it explicitly. */
  readonly config: { readonly path: string; readonly required: boolean };
  /** Validate only this dataset of the config. */
  readonly name?: string;
  /** Compare each contract with itself at this ref (the pull request's base), read by these readers. */
  readonly baseRef?: string;
  readonly refReaders?: readonly RefReader[];
  readonly onProgress?: (name: string, progress: DatasetProgress) => void;
  readonly markdownBudget?: number;
  readonly threads?: ValidationThreads;
}

/**
 * Validates every dataset the configuration's `data:` section names, each with its own contract
 * and reference, paths relative to the configuration file (SPEC §4).
 */
export async function validateConfiguredData(
  request: ValidateConfiguredDataRequest,
): Promise<{ readonly name: string; readonly validation: DataValidation }[]> {
  const file = resolve(request.workspace, request.config.path);
  const shown = displayPath(request.workspace, file);
  if (!existsSync(file)) {
    throw new InputError(
      request.config.required
        ? "no such configuration file"
        : "nothing to validate: set the `data` and `contract` inputs, or add a `data:` section to .slipway.yml",
      { file: shown },
    );
  }
  const { config } = await readLocatedConfig(file, shown);
  let datasets = config.data ?? [];
  if (request.name !== undefined) datasets = datasets.filter((dataset) => dataset.name === request.name);
  if (datasets.length === 0) {
    throw new InputError(
      request.name === undefined
        ? "names no datasets; add a `data:` section, or pass the data and its contract"
        : `has no dataset named "${request.name}"`,
      { file: shown },
    );
  }
  const results: { name: string; validation: DataValidation }[] = [];
  for (const dataset of datasets) {
    const validation = await validateData({
      workspace: request.workspace,
      baseDir: dirname(file),
      data: dataset.path,
      contract: dataset.contract,
      name: dataset.name,
      ...(dataset.reference ? { reference: dataset.reference } : {}),
      ...(dataset.format ? { format: dataset.format } : {}),
      ...(request.baseRef && request.refReaders && request.refReaders.length > 0
        ? { baseContract: { ref: request.baseRef, refReaders: request.refReaders } }
        : {}),
      ...(request.onProgress
        ? { onProgress: (progress: DatasetProgress) => request.onProgress?.(dataset.name, progress) }
        : {}),
      ...(request.markdownBudget ? { markdownBudget: request.markdownBudget } : {}),
      ...(request.threads ? { threads: request.threads } : {}),
    });
    results.push({ name: dataset.name, validation });
  }
  return results;
}
