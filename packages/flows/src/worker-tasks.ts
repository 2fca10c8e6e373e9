import { isMainThread, parentPort, type TransferListItem, Worker, workerData } from "node:worker_threads";
import { type BinarySideColumns, type BinarySideRequest, InputError, type SourceLocation } from "@slipway/core";
import {
  type BaselineRowsTask,
  baselineRowsTask,
  readBinarySideTask,
  sideBuffers,
} from "./binary-pairing-on-threads.js";
import { type GroupKernelsTask, groupKernelsTask } from "./comparison-on-threads.js";
import { type ColumnGroupTask, checkColumnGroup } from "./data-validation/column-group-pass.js";
import type { DatasetProgress } from "./data-validation/dataset-pass.js";
import { readSharedCsv, type SharedCsvReadTask } from "./data-validation/shared-csv-read.js";

/**
 * Work that a Slipway bundle can hand to a worker thread of its own. A bundle's entry point
 * calls `serveWorkerTask()` first: in a worker started by `runWorkerTask` it runs the task and
 * answers instead of starting the program, so one self-contained file is both the program and
 * its workers (an action ships exactly one file, and a second entry would double its size).
 */
interface TaskPayloads {
  /** A column group that reads the files itself. */
  readonly "column-group": ColumnGroupTask;
  /** A column group fed by a shared read (its payload names the port). */
  readonly "shared-column-group": ColumnGroupTask;
  readonly "shared-csv-read": SharedCsvReadTask;
  /** One side of a binary pairing, read into typed arrays. */
  readonly "binary-side": BinarySideRequest;
  /** Some candidate rows of a binary pairing, looked up in the baseline's index. */
  readonly "baseline-rows": BaselineRowsTask;
  /** Some groupings' passes over the examples of a binary comparison. */
  readonly "group-kernels": GroupKernelsTask;
}

const TASKS: {
  readonly [name in WorkerTaskName]: (
    payload: TaskPayloads[name],
    progress: (progress: DatasetProgress) => void,
  ) => Promise<unknown>;
} = {
  "column-group": checkColumnGroup,
  "shared-column-group": checkColumnGroup,
  "shared-csv-read": readSharedCsv,
  "binary-side": readBinarySideTask,
  "baseline-rows": baselineRowsTask,
  "group-kernels": groupKernelsTask,
};

/** The buffers a task's result moves out of the worker (which ends once it has answered). */
const RESULT_TRANSFERS: { readonly [name in WorkerTaskName]?: (result: never) => readonly TransferListItem[] } = {
  "binary-side": (result: BinarySideColumns | null) => sideBuffers(result),
};

export type WorkerTaskName = keyof TaskPayloads;

const TAG = "slipway-worker-task";

/**
 * Worker heaps, old generation and young, in MB. A task keeps little alive (counts, sketches, a
 * few examples; the uniqueness sets live outside the heap), but left to itself V8 lets a reader's
 * garbage grow the heap long before collecting it (1 GB of Parquet peaked at 925 MB on two
 * threads), and newer V8s (Node 24) size the young generation from the machine's memory, well
 * over 100 MB a thread. A task that truly needs more fails with ERR_WORKER_OUT_OF_MEMORY, and the
 * caller runs it again on its own thread.
 *
 * - A column group reading Parquet or JSONL for itself: on 1 GB of Parquet on two threads (Node
 *   24), 160/32 peaked 90 to 130 MB above 80/16 and took 18 s rather than 21 s; 96/16 peaked up to
 *   45 MB above it; 64/16 spent a third more time collecting garbage.
 * - A group fed by a shared CSV read makes no reader's buffers, and the read keeps nothing alive
 *   but the batches on their way to the groups: at 64/16 both, 1 GB of CSV on two cores peaked
 *   at 415 to 455 MB, at the speed they had with the others' limits (which took it to 500 MB).
 */
const HEAP_LIMITS: { readonly [name in WorkerTaskName]: { readonly old: number; readonly young: number } } = {
  "column-group": { old: 80, young: 16 },
  "shared-column-group": { old: 64, young: 16 },
  "shared-csv-read": { old: 64, young: 16 },
  // Its columns live outside the heap; the heap holds a Parquet row group's decoded cells.
  "binary-side": { old: 256, young: 32 },
  // The baseline and the answer are in shared memory, its rows' ids outside the heap.
  "baseline-rows": { old: 32, young: 16 },
  // Its inputs are in shared memory and its tables outside the heap; it keeps little else.
  "group-kernels": { old: 64, young: 16 },
};

const PROGRESS_INTERVAL_MS = 50;

type Answer =
  | { readonly progress: DatasetProgress }
  | { readonly result: unknown }
  | { readonly failure: { readonly input: boolean; readonly message: string; readonly location?: SourceLocation } };

/** In a worker started by runWorkerTask: runs its task, posts the answer, and returns true. */
export async function serveWorkerTask(): Promise<boolean> {
  if (isMainThread || parentPort === null || workerData?.tag !== TAG) return false;
  const port = parentPort;
  const { name, payload } = workerData as { name: WorkerTaskName; payload: never };
  try {
    let posted = 0;
    const result = await TASKS[name](payload, (progress) => {
      // Progress comes with every batch, thousands a gigabyte; a bar needs a few a second.
      const now = performance.now();
      if (now - posted < PROGRESS_INTERVAL_MS && progress.bytes < progress.totalBytes) return;
      posted = now;
      port.postMessage({ progress } satisfies Answer);
    });
    port.postMessage({ result } satisfies Answer, [...(RESULT_TRANSFERS[name]?.(result as never) ?? [])]);
  } catch (error) {
    const failure =
      error instanceof InputError
        ? { input: true, message: error.detail, ...(error.location ? { location: error.location } : {}) }
        : { input: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    port.postMessage({ failure } satisfies Answer);
  }
  return true;
}

/** Whether a worker stopped because its task outgrew the heap it was given. */
export function isWorkerOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ERR_WORKER_OUT_OF_MEMORY";
}

/** A started task: its answer, and a way to stop it early (when a sibling task failed). */
export interface RunningTask<T> {
  readonly answer: Promise<T>;
  stop(): void;
}

/**
 * Runs a named task in a worker thread started from `script` (the bundle that is running).
 * Bad input found in the worker comes back as the same InputError. `transfer` lists what the
 * payload holds that moves to the worker rather than being copied (the ports of a shared read).
 */
export function runWorkerTask<T, Name extends WorkerTaskName = WorkerTaskName>(
  script: URL,
  name: Name,
  payload: TaskPayloads[Name],
  onProgress?: (progress: DatasetProgress) => void,
  transfer: readonly TransferListItem[] = [],
): RunningTask<T> {
  const worker = new Worker(script, {
    workerData: { tag: TAG, name, payload },
    transferList: [...transfer],
    resourceLimits: {
      maxOldGenerationSizeMb: HEAP_LIMITS[name].old,
      maxYoungGenerationSizeMb: HEAP_LIMITS[name].young,
    },
  });
  let settled = false;
  const answer = new Promise<T>((resolve, reject) => {
    worker.on("message", (message: Answer) => {
      if ("progress" in message) {
        onProgress?.(message.progress);
        return;
      }
      settled = true;
      if ("result" in message) resolve(message.result as T);
      else {
        const { input, message: text, location } = message.failure;
        reject(input ? new InputError(text, location) : new Error(text));
      }
    });
    worker.on("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`worker thread for ${name} exited with code ${code} before answering`));
    });
  });
  return {
    answer,
    stop: () => {
      void worker.terminate();
    },
  };
}
