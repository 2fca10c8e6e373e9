import { DatasetObserver, type DatasetProfile, InputError, inferContract, type TableFormat } from "@slipway/core";
import { displayPath, resolveDatasetFiles } from "./dataset-files.js";
import { type DatasetProgress, readDatasetOnce } from "./dataset-pass.js";

export interface InferDataContractRequest {
  /** Paths in errors are shown relative to it. */
  readonly workspace: string;
  /** A file, a glob or a directory of shards, or a list of them, relative to the workspace. */
  readonly data: string | readonly string[];
  readonly format?: TableFormat;
  readonly onProgress?: (progress: DatasetProgress) => void;
}

export interface InferredDataContract {
  /** The contract's YAML, each rule commented with what it was inferred from. */
  readonly contractText: string;
  /** The profile of every column, to serve as the drift reference. */
  readonly profile: DatasetProfile;
  readonly rows: number;
  readonly files: readonly string[];
  readonly columns: readonly string[];
}

/**
 * A first contract and a reference profile from one dataset, in a single pass that both observes
 * what inference needs and profiles every column (docs/contracts.md#inference).
 */
export async function inferDataContract(request: InferDataContractRequest): Promise<InferredDataContract> {
  const dataset = await resolveDatasetFiles(request.workspace, request.data);
  const observer = new DatasetObserver();
  const shown = new Map(dataset.files.map((file) => [file, displayPath(request.workspace, file)]));
  let pass: Awaited<ReturnType<typeof readDatasetOnce>>;
  try {
    pass = await readDatasetOnce(dataset, [observer], {
      profile: "all",
      ...(request.format ? { format: request.format } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
  } catch (error) {
    const file = error instanceof InputError ? error.location?.file : undefined;
    const name = file === undefined ? undefined : shown.get(file);
    if (error instanceof InputError && name !== undefined) {
      throw new InputError(error.detail, { ...error.location, file: name });
    }
    throw error;
  }
  const observation = observer.observation();
  if (observation.columns.length === 0) {
    throw new InputError("has no columns to infer a contract from", { file: [...shown.values()][0] ?? "" });
  }
  const profile = pass.profile as DatasetProfile;
  return {
    contractText: inferContract(observation).text,
    profile,
    rows: observation.rows,
    files: [...shown.values()],
    columns: observation.columns.map((column) => column.name),
  };
}
